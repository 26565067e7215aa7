package dev.governor.slo;

import java.time.Duration;

/**
 * Knobs of the evaluator.
 *
 * @param maxFutureSkew how far ahead of Governor's clock an event may be stamped (clock skew)
 * @param retentionMargin history kept beyond the longest window in use, for late data and {@code at} queries
 * @param minEventsToPage the minimum-events guard: a burn-rate rule fires only when its long window
 *     saw at least this many events, so one failed request on a quiet service pages nobody
 */
public record EvaluatorSettings(Duration maxFutureSkew, Duration retentionMargin, long minEventsToPage) {

  public static final EvaluatorSettings DEFAULTS =
      new EvaluatorSettings(Duration.ofMinutes(5), Duration.ofDays(1), 10);

  public EvaluatorSettings {
    if (maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("maxFutureSkew must not be negative, got " + maxFutureSkew);
    }
    if (retentionMargin.isNegative()) {
      throw new IllegalArgumentException("retentionMargin must not be negative, got " + retentionMargin);
    }
    if (minEventsToPage < 0) {
      throw new IllegalArgumentException("minEventsToPage must not be negative, got " + minEventsToPage);
    }
  }
}

package dev.governor.slo;

import dev.governor.basics.Minutes;
import java.time.Duration;

/**
 * Knobs of the evaluator.
 *
 * @param maxFutureSkew how far ahead of Governor's clock an event may be stamped (clock skew)
 * @param retentionMargin history kept beyond the longest window in use, for late data and {@code at} queries
 * @param minEventsToPage the minimum-events guard: a burn-rate rule fires only when its long window
 *     saw at least this many events, so one failed request on a quiet service pages nobody
 * @param noDataAfter how long an SLI that had events in the last day may go without any before its
 *     SLO fires a {@code nodata} ticket; zero turns no-data alerts off
 */
public record EvaluatorSettings(
    Duration maxFutureSkew, Duration retentionMargin, long minEventsToPage, Duration noDataAfter, int instanceLimit) {

  /** Long enough for a PromQL pull or a batching sender to lag, short enough to notice within a shift. */
  public static final Duration DEFAULT_NO_DATA_AFTER = Duration.ofMinutes(15);

  public static final EvaluatorSettings DEFAULTS =
      new EvaluatorSettings(Duration.ofMinutes(5), Duration.ofDays(1), 10, DEFAULT_NO_DATA_AFTER,
          Groups.DEFAULT_INSTANCE_LIMIT);

  /** With the default instance limit of grouped SLOs. */
  public EvaluatorSettings(Duration maxFutureSkew, Duration retentionMargin, long minEventsToPage, Duration noDataAfter) {
    this(maxFutureSkew, retentionMargin, minEventsToPage, noDataAfter, Groups.DEFAULT_INSTANCE_LIMIT);
  }

  public EvaluatorSettings {
    if (maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("maxFutureSkew must not be negative, got " + maxFutureSkew);
    }
    if (retentionMargin.isNegative()) {
      throw new IllegalArgumentException("retentionMargin must not be negative, got " + retentionMargin);
    }
    if (instanceLimit < 1) {
      throw new IllegalArgumentException("instanceLimit must be at least 1, got " + instanceLimit);
    }
    if (minEventsToPage < 0) {
      throw new IllegalArgumentException("minEventsToPage must not be negative, got " + minEventsToPage);
    }
    // Whole minutes because the quiet period is a running window sum like every other; under a
    // day because the rule only watches SLIs that had events in the last day.
    if (!noDataAfter.isZero() && (!Minutes.isWholeMinutes(noDataAfter) || noDataAfter.compareTo(Duration.ofDays(1)) >= 0)) {
      throw new IllegalArgumentException(
          "noDataAfter must be 0 (off) or a whole number of minutes under 1 day, got " + noDataAfter);
    }
  }

  /** With the default quiet period of no-data alerts. */
  public EvaluatorSettings(Duration maxFutureSkew, Duration retentionMargin, long minEventsToPage) {
    this(maxFutureSkew, retentionMargin, minEventsToPage, DEFAULT_NO_DATA_AFTER, Groups.DEFAULT_INSTANCE_LIMIT);
  }

  public boolean noDataAlerts() {
    return !noDataAfter.isZero();
  }
}

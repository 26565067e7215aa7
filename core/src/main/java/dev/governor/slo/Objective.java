package dev.governor.slo;

import dev.governor.basics.Minutes;
import dev.governor.basics.Threshold;
import java.time.Duration;
import java.util.Optional;

/**
 * One objective of an SLO. Threshold indicators carry the threshold here ({@code op}/{@code value}),
 * as OpenSLO does, so one SLI can back several objectives (p95 under 300 ms, p99 under 1 s).
 *
 * @param sla whether the target is also contractual (an SLA): reports then say whether each period
 *     met it and by how much; the evaluator and its alerts treat SLA objectives like any other
 */
public record Objective(
    String name,
    String displayName,
    Ratio target,
    Optional<Threshold> threshold,
    Optional<Ratio> timeSliceTarget,
    Optional<Duration> timeSliceWindow,
    boolean sla) {

  /** An objective that is not an SLA, as most are. */
  public Objective(String name, String displayName, Ratio target, Optional<Threshold> threshold,
      Optional<Ratio> timeSliceTarget, Optional<Duration> timeSliceWindow) {
    this(name, displayName, target, threshold, timeSliceTarget, timeSliceWindow, false);
  }

  public Objective {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an objective needs a name, got '" + name + "'");
    }
    if (target.isOne()) {
      throw new IllegalArgumentException(
          "an objective's target must be below 100 % (a 100 % target has no error budget), got " + target);
    }
    timeSliceWindow.ifPresent(w -> Minutes.requireWholeMinutes(w, "timeSliceWindow"));
  }

  /** 1 - target: the share of events (or slices) that may fail. Never zero. */
  public Ratio errorBudget() {
    return target.complement();
  }

  /** The slice length for timeslice budgeting; one minute when not given. */
  public Duration sliceLength() {
    return timeSliceWindow.orElse(Minutes.ONE);
  }
}

package dev.governor.alert;

import dev.governor.basics.Minutes;
import dev.governor.basics.Operator;
import java.time.Duration;

/**
 * An OpenSLO burn-rate AlertCondition: the burn rate over {@code lookbackWindow} compared with
 * {@code threshold} by {@code op}, true for at least {@code alertAfter} before the alert fires.
 */
public record AlertCondition(
    String name,
    String description,
    Severity severity,
    Operator op,
    double threshold,
    Duration lookbackWindow,
    Duration alertAfter) {

  public AlertCondition {
    Minutes.requireWholeMinutes(lookbackWindow, "lookbackWindow");
    if (alertAfter.isNegative()) {
      throw new IllegalArgumentException("alertAfter must not be negative, got " + alertAfter);
    }
    if (!(threshold >= 0) || Double.isInfinite(threshold)) {
      throw new IllegalArgumentException("threshold must be a burn rate >= 0, got " + threshold);
    }
  }
}

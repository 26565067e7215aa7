package dev.governor.slo;

import dev.governor.basics.SliName;

/** A service level indicator: what is measured and where the numbers come from. */
public record Sli(SliName name, String displayName, String description, SliMetric metric) {

  public boolean isThreshold() {
    return metric instanceof SliMetric.ThresholdMetric;
  }

  /** Whether events for this SLI arrive through Governor's events API. */
  public boolean isPushedToGovernor() {
    return metric.sources().stream().allMatch(MetricSource::isPushedToGovernor);
  }
}

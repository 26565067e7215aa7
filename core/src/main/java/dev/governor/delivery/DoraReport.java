package dev.governor.delivery;

import dev.governor.slo.Ratio;
import dev.governor.basics.TimeRange;
import java.time.Duration;
import java.util.Optional;

/** The five DORA metrics over a period, each with its distribution, band and trend. */
public record DoraReport(
    TimeRange period,
    TimeRange previousPeriod,
    Frequency deploymentFrequency,
    Durations changeLeadTime,
    Rate changeFailRate,
    Durations failedDeploymentRecoveryTime,
    Rate deploymentRework) {

  /** Which way a metric moved against the previous period of the same length. */
  public enum Direction { IMPROVED, WORSENED, UNCHANGED, NO_DATA }

  /**
   * @param previous the previous period's headline value in the metric's unit (deployments per day,
   *     seconds, or a fraction), empty when it had no data
   */
  public record Trend(Direction direction, Optional<Double> previous) {}

  /**
   * Deployments that reached production, per day; the distribution is of the gaps between them.
   */
  public record Frequency(
      int deployments, double perDay, Optional<Duration> medianInterval, Optional<Duration> p90Interval,
      DoraBand band, Trend trend) {}

  /**
   * A duration metric: the median and 90th percentile of {@code samples} durations. {@code pending}
   * counts what could not be measured yet (a failed deployment not yet recovered).
   */
  public record Durations(
      int samples, Optional<Duration> median, Optional<Duration> p90, int pending, DoraBand band, Trend trend) {}

  /** {@code count} of {@code of}; the rate is exact and empty when {@code of} is 0. */
  public record Rate(int count, int of, Optional<Ratio> rate, DoraBand band, Trend trend) {}
}

package dev.governor.delivery;

import dev.governor.delivery.DoraReport.Direction;
import dev.governor.delivery.DoraReport.Durations;
import dev.governor.delivery.DoraReport.Frequency;
import dev.governor.delivery.DoraReport.Rate;
import dev.governor.delivery.DoraReport.Trend;
import dev.governor.slo.Ratio;
import dev.governor.basics.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DORA calculator: pure functions from deployments and incidents to the five metrics.
 *
 * <p>The rules, written out with their sources in docs/dora.md:
 *
 * <ul>
 *   <li>A <b>production deployment</b> is one whose outcome is succeeded or rolled back (it reached
 *       production); a deployment that failed to deploy or is still running is not counted.
 *   <li>A production deployment is <b>failed</b> when it was rolled back, marked failed after
 *       success, linked to an incident, or followed by a hotfix: the next production deployment of
 *       the same service and environment is labelled {@code hotfix=true}.
 *   <li><b>Recovery</b> of a failed deployment ends when all its linked incidents are resolved;
 *       without incident data, when it was rolled back; otherwise when the next production
 *       deployment of the same service and environment that is not itself failed went live. It
 *       starts when the failed deployment went live.
 *   <li><b>Lead time</b> of a change runs from {@link Change#leadTimeStart()} to the moment the
 *       deployment carrying it went live.
 * </ul>
 *
 * <p>A deployment belongs to the period its start falls in. The trend compares with the period of
 * the same length just before. The caller passes every deployment it has from the start of the
 * previous period onward (later ones decide whether a deployment was followed by a hotfix).
 */
public final class Dora {

  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration WEEK = Duration.ofDays(7);
  private static final Duration MONTH = Duration.ofDays(30);

  private Dora() {}

  /** The report for {@code period}, with trends against the period of the same length before it. */
  public static DoraReport report(TimeRange period, List<Deployment> deployments, List<IncidentTimes> incidents) {
    TimeRange previous = new TimeRange(period.start().minus(period.length()), period.start());
    Map<String, IncidentTimes> byId = new HashMap<>();
    for (IncidentTimes incident : incidents) byId.put(incident.id(), incident);
    List<Deployment> production = deployments.stream()
        .filter(Dora::reachedProduction)
        .sorted(Comparator.comparing(Deployment::startedAt).thenComparing(Deployment::id))
        .toList();
    Period now = new Period(period, production, byId);
    Period before = new Period(previous, production, byId);

    Frequency frequency = now.frequency(before.perDay());
    Durations leadTime = now.leadTime(before.leadTimes());
    Rate failRate = rate(now.failed().size(), now.within().size(), before.failed().size(),
        before.within().size(), Dora::changeFailBand);
    Durations recovery = now.recovery(before.recoveryTimes());
    long rework = now.within().stream().filter(Deployment::isRework).count();
    long reworkBefore = before.within().stream().filter(Deployment::isRework).count();
    Rate reworkRate = rate((int) rework, now.within().size(), (int) reworkBefore, before.within().size(),
        ignored -> DoraBand.NOT_BANDED);
    return new DoraReport(period, previous, frequency, leadTime, failRate, recovery, reworkRate);
  }

  /** Whether the deployment reached production: succeeded, or rolled back after going out. */
  public static boolean reachedProduction(Deployment deployment) {
    return deployment.outcome() == DeploymentOutcome.SUCCEEDED
        || deployment.outcome() == DeploymentOutcome.ROLLED_BACK;
  }

  /**
   * Whether a production deployment failed: rolled back, marked failed after success, linked to an
   * incident, or followed by a hotfix ({@code next} is the next production deployment of the same
   * service and environment, if any).
   */
  public static boolean isFailed(Deployment deployment, Optional<Deployment> next) {
    return deployment.outcome() == DeploymentOutcome.ROLLED_BACK
        || deployment.rolledBackAt().isPresent()
        || deployment.failedAfterSuccessAt().isPresent()
        || !deployment.incidentIds().isEmpty()
        || next.map(Deployment::isHotfix).orElse(false);
  }

  // The bands: boundaries between the clusters of the 2023 Accelerate State of DevOps Report.

  static DoraBand frequencyBand(double perDay) {
    if (perDay >= 1) return DoraBand.ELITE; // on demand, multiple deploys per day
    if (perDay >= 1.0 / 7) return DoraBand.HIGH; // between once per day and once per week
    if (perDay >= 1.0 / 30) return DoraBand.MEDIUM; // between once per week and once per month
    return DoraBand.LOW;
  }

  static DoraBand leadTimeBand(Duration median) {
    if (median.compareTo(DAY) < 0) return DoraBand.ELITE;
    if (median.compareTo(WEEK) <= 0) return DoraBand.HIGH;
    if (median.compareTo(MONTH) <= 0) return DoraBand.MEDIUM;
    return DoraBand.LOW;
  }

  static DoraBand changeFailBand(Ratio rate) {
    if (rate.compareTo(Ratio.of(5, 100)) <= 0) return DoraBand.ELITE;
    if (rate.compareTo(Ratio.of(10, 100)) <= 0) return DoraBand.HIGH;
    if (rate.compareTo(Ratio.of(15, 100)) <= 0) return DoraBand.MEDIUM;
    return DoraBand.LOW;
  }

  static DoraBand recoveryBand(Duration median) {
    if (median.compareTo(Duration.ofHours(1)) < 0) return DoraBand.ELITE;
    if (median.compareTo(DAY) < 0) return DoraBand.HIGH;
    if (median.compareTo(WEEK) <= 0) return DoraBand.MEDIUM;
    return DoraBand.LOW;
  }

  /** The median: the middle value, or the mean of the two middle values. */
  static Optional<Duration> median(List<Duration> values) {
    if (values.isEmpty()) return Optional.empty();
    List<Duration> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    if (n % 2 == 1) return Optional.of(sorted.get(n / 2));
    return Optional.of(sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2));
  }

  /** The nearest-rank 90th percentile: the smallest value at or above 90 % of the values. */
  static Optional<Duration> p90(List<Duration> values) {
    if (values.isEmpty()) return Optional.empty();
    List<Duration> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(0.9 * sorted.size());
    return Optional.of(sorted.get(Math.max(rank, 1) - 1));
  }

  private static Rate rate(int count, int of, int countBefore, int ofBefore,
      java.util.function.Function<Ratio, DoraBand> band) {
    Optional<Ratio> now = of == 0 ? Optional.empty() : Optional.of(Ratio.of(count, of));
    Optional<Ratio> before = ofBefore == 0 ? Optional.empty() : Optional.of(Ratio.of(countBefore, ofBefore));
    // lower is better for both rates
    Trend trend = trend(now.map(Ratio::toDouble), before.map(Ratio::toDouble), false);
    return new Rate(count, of, now, now.map(band).orElse(DoraBand.NO_DATA), trend);
  }

  private static Trend trend(Optional<Double> now, Optional<Double> before, boolean higherIsBetter) {
    if (now.isEmpty() || before.isEmpty()) return new Trend(Direction.NO_DATA, before);
    int cmp = Double.compare(now.get(), before.get());
    if (cmp == 0) return new Trend(Direction.UNCHANGED, before);
    boolean better = higherIsBetter ? cmp > 0 : cmp < 0;
    return new Trend(better ? Direction.IMPROVED : Direction.WORSENED, before);
  }

  private static Optional<Double> seconds(Optional<Duration> duration) {
    return duration.map(d -> d.toMillis() / 1000.0);
  }

  /** The production deployments of one period, and what follows from them. */
  private record Period(TimeRange range, List<Deployment> production, Map<String, IncidentTimes> incidents) {

    List<Deployment> within() {
      return production.stream().filter(d -> range.contains(d.startedAt())).toList();
    }

    double perDay() {
      double days = range.length().toMillis() / (double) DAY.toMillis();
      return days == 0 ? 0 : within().size() / days;
    }

    Frequency frequency(double perDayBefore) {
      List<Deployment> within = within();
      List<Duration> gaps = new ArrayList<>();
      for (int i = 1; i < within.size(); i++) {
        gaps.add(Duration.between(within.get(i - 1).startedAt(), within.get(i).startedAt()));
      }
      double perDay = perDay();
      DoraBand band = within.isEmpty() ? DoraBand.NO_DATA : frequencyBand(perDay);
      Optional<Double> before = Optional.of(perDayBefore);
      Trend trend = within.isEmpty() && perDayBefore == 0
          ? new Trend(Direction.NO_DATA, before)
          : trend(Optional.of(perDay), before, true);
      return new Frequency(within.size(), perDay, median(gaps), p90(gaps), band, trend);
    }

    List<Duration> leadTimes() {
      List<Duration> times = new ArrayList<>();
      for (Deployment deployment : within()) {
        for (Change change : deployment.changes()) {
          Duration lead = Duration.between(change.leadTimeStart(), deployment.liveAt());
          times.add(lead.isNegative() ? Duration.ZERO : lead);
        }
      }
      return times;
    }

    Durations leadTime(List<Duration> before) {
      List<Duration> times = leadTimes();
      Optional<Duration> median = median(times);
      return new Durations(times.size(), median, p90(times), 0,
          median.map(Dora::leadTimeBand).orElse(DoraBand.NO_DATA),
          trend(seconds(median), seconds(median(before)), false));
    }

    Optional<Deployment> next(Deployment deployment) {
      return production.stream()
          .filter(other -> other.service().equals(deployment.service())
              && other.environment().equals(deployment.environment())
              && other.startedAt().isAfter(deployment.startedAt()))
          .findFirst();
    }

    List<Deployment> failed() {
      return within().stream().filter(d -> isFailed(d, next(d))).toList();
    }

    /** Recovery end of a failed deployment, empty while it has not recovered. */
    Optional<Instant> recoveredAt(Deployment failed) {
      List<IncidentTimes> linked = failed.incidentIds().stream()
          .map(incidents::get).filter(java.util.Objects::nonNull).toList();
      if (!linked.isEmpty()) {
        if (linked.stream().anyMatch(i -> i.resolvedAt().isEmpty())) return Optional.empty();
        return linked.stream().map(i -> i.resolvedAt().orElseThrow()).max(Comparator.naturalOrder());
      }
      if (failed.rolledBackAt().isPresent()) return failed.rolledBackAt();
      Deployment current = failed;
      for (Optional<Deployment> next = next(current); next.isPresent(); next = next(current)) {
        current = next.get();
        if (!isFailed(current, next(current))) return Optional.of(current.liveAt());
      }
      return Optional.empty();
    }

    List<Duration> recoveryTimes() {
      List<Duration> times = new ArrayList<>();
      for (Deployment failed : failed()) {
        recoveredAt(failed).ifPresent(end -> {
          Duration time = Duration.between(failed.liveAt(), end);
          times.add(time.isNegative() ? Duration.ZERO : time);
        });
      }
      return times;
    }

    Durations recovery(List<Duration> before) {
      List<Duration> times = recoveryTimes();
      int pending = failed().size() - times.size();
      Optional<Duration> median = median(times);
      return new Durations(times.size(), median, p90(times), pending,
          median.map(Dora::recoveryBand).orElse(DoraBand.NO_DATA),
          trend(seconds(median), seconds(median(before)), false));
    }
  }
}

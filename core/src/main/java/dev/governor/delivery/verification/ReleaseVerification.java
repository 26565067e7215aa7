package dev.governor.delivery.verification;

import dev.governor.sli.Bucket;
import dev.governor.basics.EventCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns per-minute SLI counts of a baseline and a candidate into {@link Judge} checks: each
 * series' per-minute error ratios as a metric (minutes without events are left out: no events is
 * not "no errors"), and for the SLO's own series a burn-rate check of the whole candidate period.
 *
 * <p>The baseline is either the same length of time before the deploy ({@link Comparison#BEFORE})
 * or, for a canary, the previous version serving beside it over the same minutes
 * ({@link Comparison#CANARY}); the judgement is the same, only the samples differ.
 *
 * <p>A side with fewer than {@link #MIN_MINUTES} minutes that carried events is not judged (the
 * metric is {@code NO_DATA}); when nothing could be judged the verdict is marginal with score 0.
 */
public final class ReleaseVerification {

  /** The fewest minutes with events a side needs before its sample is compared. */
  public static final int MIN_MINUTES = 5;
  /** A regression counts when the candidate's mean error ratio exceeds the baseline's by 50 %. */
  public static final double ALLOWED_INCREASE = 1.5;
  /** The burn rate of the candidate that fails it whatever the statistics say. */
  public static final double MAX_BURN_RATE = 10;

  private ReleaseVerification() {}

  /** What the candidate is compared with. */
  public enum Comparison {
    /** The same service before the deploy: the same length of time just before its start. */
    BEFORE("after the deploy"),
    /** The baseline version running in parallel with the canary, over the same minutes. */
    CANARY("of the canary");

    private final String burnOf;

    Comparison(String burnOf) {
      this.burnOf = burnOf;
    }
  }

  /**
   * One series to compare.
   *
   * @param allowedErrorRatio 1 - the objective's target, for the burn-rate check; empty for extra
   *     metrics, which get no burn-rate check and are not critical
   */
  public record Series(String name, List<Bucket> baseline, List<Bucket> candidate, Optional<Double> allowedErrorRatio) {
    public Series {
      baseline = List.copyOf(baseline);
      candidate = List.copyOf(candidate);
    }

    boolean critical() {
      return allowedErrorRatio.isPresent();
    }
  }

  /** A before/after comparison. */
  public static Judge.Result verify(List<Series> series, Judge.Settings settings) {
    return verify(series, Comparison.BEFORE, settings);
  }

  public static Judge.Result verify(List<Series> series, Comparison comparison, Judge.Settings settings) {
    List<Judge.Metric> metrics = new ArrayList<>();
    List<Judge.BurnCheck> burns = new ArrayList<>();
    for (Series s : series) {
      double[] baseline = errorRatios(s.baseline());
      double[] candidate = errorRatios(s.candidate());
      boolean enough = baseline.length >= MIN_MINUTES && candidate.length >= MIN_MINUTES;
      metrics.add(new Judge.Metric(s.name() + " error ratio",
          baseline.length >= MIN_MINUTES ? baseline : new double[0],
          candidate.length >= MIN_MINUTES ? candidate : new double[0],
          Judge.Direction.INCREASE, ALLOWED_INCREASE, 0, s.critical()));
      if (enough && s.allowedErrorRatio().isPresent()) {
        EventCounts after = s.candidate().stream().map(Bucket::counts).reduce(EventCounts.NONE, EventCounts::plus);
        burns.add(new Judge.BurnCheck(s.name() + " burn rate", after.errorRatio(), s.allowedErrorRatio().get(),
            MAX_BURN_RATE, comparison.burnOf));
      }
    }
    return Judge.judge(metrics, burns, settings);
  }

  /** The error ratio of each minute that carried events. */
  static double[] errorRatios(List<Bucket> buckets) {
    return buckets.stream().map(Bucket::counts).filter(c -> c.total() > 0).mapToDouble(EventCounts::errorRatio).toArray();
  }
}

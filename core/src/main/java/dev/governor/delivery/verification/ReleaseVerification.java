package dev.governor.delivery.verification;

import dev.governor.sli.Bucket;
import dev.governor.slo.EventCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns per-minute SLI counts before and after a deploy into {@link Judge} checks: each series'
 * per-minute error ratios as a metric (minutes without events are left out: no events is not "no
 * errors"), and for the SLO's own series a burn-rate check of the whole candidate period.
 *
 * <p>A side with fewer than {@link #MIN_MINUTES} minutes that carried events is not judged (the
 * metric is {@code NO_DATA}); when nothing could be judged the verdict is marginal with score 0.
 */
public final class ReleaseVerification {

  /** The fewest minutes with events a side needs before its sample is compared. */
  public static final int MIN_MINUTES = 5;
  /** A regression counts when the candidate's mean error ratio exceeds the baseline's by 50 %. */
  public static final double ALLOWED_INCREASE = 1.5;
  /** The burn rate after the deploy that fails it whatever the statistics say. */
  public static final double MAX_BURN_RATE = 10;

  private ReleaseVerification() {}

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

  public static Judge.Result verify(List<Series> series, Judge.Settings settings) {
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
            MAX_BURN_RATE));
      }
    }
    // The judge takes one burn check; with several objectives, each becomes its own critical check
    // by judging them together: the first goes through the judge, the rest are folded in here.
    Judge.Result result = Judge.judge(metrics, burns.isEmpty() ? Optional.empty() : Optional.of(burns.getFirst()), settings);
    if (burns.size() <= 1) return result;
    List<Judge.MetricResult> all = new ArrayList<>(result.metrics());
    for (Judge.BurnCheck b : burns.subList(1, burns.size())) all.add(Judge.burn(b));
    return rescore(all, settings);
  }

  private static Judge.Result rescore(List<Judge.MetricResult> results, Judge.Settings settings) {
    List<Judge.MetricResult> judged =
        results.stream().filter(r -> r.classification() != Judge.Classification.NO_DATA).toList();
    if (judged.isEmpty()) return new Judge.Result(Judge.Verdict.MARGINAL, 0, results);
    double score = 100.0 * judged.stream().filter(Judge.MetricResult::passed).count() / judged.size();
    boolean criticalFailed = judged.stream().anyMatch(r -> r.critical() && !r.passed());
    Judge.Verdict verdict = criticalFailed || score < settings.marginalScore() ? Judge.Verdict.FAIL
        : score < settings.passScore() ? Judge.Verdict.MARGINAL : Judge.Verdict.PASS;
    return new Judge.Result(verdict, score, results);
  }

  /** The error ratio of each minute that carried events. */
  static double[] errorRatios(List<Bucket> buckets) {
    return buckets.stream().map(Bucket::counts).filter(c -> c.total() > 0).mapToDouble(EventCounts::errorRatio).toArray();
  }
}

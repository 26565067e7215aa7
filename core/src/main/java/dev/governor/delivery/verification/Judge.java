package dev.governor.delivery.verification;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Judges a release the way Kayenta's NetflixACAJudge does: each metric's candidate sample against
 * its baseline with a Mann-Whitney U test, counted as a regression only when the difference is both
 * significant (p below 1 - confidence) and larger than the metric's effect-size tolerance (ratio of
 * the means); plus a plain burn-rate check of the SLI after the deploy. The score is the share of
 * judged checks that passed, 0-100; a failed critical check fails the release whatever the score.
 */
public final class Judge {

  private Judge() {}

  /**
   * @param confidence e.g. 0.98: a difference counts when p &lt; 1 - confidence
   * @param passScore the least score that passes, e.g. 95
   * @param marginalScore the least score that is marginal rather than a fail, e.g. 75
   */
  public record Settings(double confidence, double passScore, double marginalScore) {
    public static final Settings DEFAULTS = new Settings(0.98, 95, 75);

    public Settings {
      if (!(confidence > 0 && confidence < 1)) {
        throw new IllegalArgumentException("confidence must be between 0 and 1, got " + confidence);
      }
      if (!(marginalScore <= passScore && marginalScore >= 0 && passScore <= 100)) {
        throw new IllegalArgumentException("scores need 0 <= marginal <= pass <= 100, got marginal="
            + marginalScore + " pass=" + passScore);
      }
    }
  }

  /** Which change of a metric is a regression. */
  public enum Direction {
    INCREASE, DECREASE, EITHER
  }

  /**
   * One metric's samples, e.g. per-minute error ratios before and after the deploy.
   *
   * @param allowedIncrease how far the candidate mean may exceed the baseline mean, as a ratio
   *     (1.2: by 20 %) before a significant difference counts
   * @param allowedDecrease likewise downwards (0.8: by 20 %)
   * @param critical whether a failure of this metric fails the release whatever the score
   */
  public record Metric(
      String name, double[] baseline, double[] candidate, Direction direction,
      double allowedIncrease, double allowedDecrease, boolean critical) {}

  /**
   * The plain burn-rate check: the candidate's error ratio over its budget, against a ceiling.
   *
   * @param of whose burn rate it is, for the reason: "after the deploy", "of the canary"
   */
  public record BurnCheck(String name, double errorRatio, double allowedErrorRatio, double maxBurnRate, String of) {
    public BurnCheck(String name, double errorRatio, double allowedErrorRatio, double maxBurnRate) {
      this(name, errorRatio, allowedErrorRatio, maxBurnRate, "after the deploy");
    }
  }

  public enum Classification {
    PASS, HIGH, LOW, NO_DATA
  }

  public enum Verdict {
    PASS, MARGINAL, FAIL;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The judgement of one check, with its numbers and a sentence saying why. */
  public record MetricResult(
      String metric, Classification classification, boolean passed, boolean critical,
      Optional<Double> pValue, Optional<Double> effectSize, double baselineMean, double candidateMean,
      String reason) {}

  public record Result(Verdict verdict, double score, List<MetricResult> metrics) {
    public Result {
      metrics = List.copyOf(metrics);
    }
  }

  public static Result judge(List<Metric> metrics, Optional<BurnCheck> burn, Settings settings) {
    return judge(metrics, burn.stream().toList(), settings);
  }

  /** Every metric, then every burn-rate check (each one critical). */
  public static Result judge(List<Metric> metrics, List<BurnCheck> burns, Settings settings) {
    List<MetricResult> results = new ArrayList<>();
    for (Metric m : metrics) results.add(classify(m, settings));
    for (BurnCheck b : burns) results.add(burn(b));
    List<MetricResult> judged = results.stream().filter(r -> r.classification() != Classification.NO_DATA).toList();
    if (judged.isEmpty()) return new Result(Verdict.MARGINAL, 0, results);
    double score = 100.0 * judged.stream().filter(MetricResult::passed).count() / judged.size();
    boolean criticalFailed = judged.stream().anyMatch(r -> r.critical() && !r.passed());
    Verdict verdict = criticalFailed || score < settings.marginalScore() ? Verdict.FAIL
        : score < settings.passScore() ? Verdict.MARGINAL : Verdict.PASS;
    return new Result(verdict, score, results);
  }

  static MetricResult classify(Metric m, Settings settings) {
    if (m.baseline().length == 0 || m.candidate().length == 0) {
      return new MetricResult(m.name(), Classification.NO_DATA, true, m.critical(), Optional.empty(),
          Optional.empty(), mean(m.baseline()), mean(m.candidate()),
          m.name() + ": no data for the " + (m.baseline().length == 0 ? "baseline" : "candidate"));
    }
    MannWhitney.Result test = MannWhitney.test(m.candidate(), m.baseline());
    double baseMean = mean(m.baseline());
    double candMean = mean(m.candidate());
    double effect = baseMean == candMean ? 1 : baseMean == 0 ? Double.POSITIVE_INFINITY : candMean / baseMean;
    boolean significant = test.pValue() < 1 - settings.confidence();
    Classification c = !significant ? Classification.PASS
        : effect > m.allowedIncrease() ? Classification.HIGH
        : effect < m.allowedDecrease() ? Classification.LOW
        : Classification.PASS;
    boolean passed = switch (c) {
      case PASS, NO_DATA -> true;
      case HIGH -> m.direction() == Direction.DECREASE;
      case LOW -> m.direction() == Direction.INCREASE;
    };
    String numbers = String.format(Locale.ROOT, "mean %.4g -> %.4g (x%.3g), p=%.3g", baseMean, candMean, effect, test.pValue());
    String reason = switch (c) {
      case PASS -> m.name() + ": no significant change beyond the tolerance (" + numbers + ")";
      case HIGH -> m.name() + ": significantly higher than the baseline (" + numbers + ", tolerance x"
          + m.allowedIncrease() + ")";
      case LOW -> m.name() + ": significantly lower than the baseline (" + numbers + ", tolerance x"
          + m.allowedDecrease() + ")";
      case NO_DATA -> m.name() + ": no data";
    };
    return new MetricResult(m.name(), c, passed, m.critical(), Optional.of(test.pValue()),
        Optional.of(effect), baseMean, candMean, reason);
  }

  static MetricResult burn(BurnCheck b) {
    double rate = b.allowedErrorRatio() == 0 ? (b.errorRatio() == 0 ? 0 : Double.POSITIVE_INFINITY)
        : b.errorRatio() / b.allowedErrorRatio();
    boolean passed = rate <= b.maxBurnRate();
    String reason = String.format(Locale.ROOT, "%s: burn rate %.3gx %s, %s the ceiling of %.3gx",
        b.name(), rate, b.of(), passed ? "within" : "above", b.maxBurnRate());
    return new MetricResult(b.name(), passed ? Classification.PASS : Classification.HIGH, passed, true,
        Optional.empty(), Optional.of(rate), b.allowedErrorRatio(), b.errorRatio(), reason);
  }

  static double mean(double[] values) {
    if (values.length == 0) return Double.NaN;
    double sum = 0;
    for (double v : values) sum += v;
    return sum / values.length;
  }
}

package dev.governor.delivery.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.delivery.verification.Judge.Direction;
import dev.governor.delivery.verification.Judge.Metric;
import dev.governor.delivery.verification.Judge.Verdict;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JudgeTest {

  static double[] repeat(double value, int n) {
    double[] out = new double[n];
    java.util.Arrays.fill(out, value);
    return out;
  }

  static double[] noisy(double base, double spread, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = base + spread * ((i * 37 % 11) - 5) / 5.0;
    return out;
  }

  static Metric errors(double[] before, double[] after) {
    return new Metric("errors", before, after, Direction.INCREASE, 1.5, 0.67, true);
  }

  @Test
  void aCandidateThatErrsLikeTheBaseline_passesWithFullScore() {
    Judge.Result r = Judge.judge(List.of(errors(noisy(0.01, 0.005, 30), noisy(0.0102, 0.005, 30))),
        Optional.empty(), Judge.Settings.DEFAULTS);

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.score()).isEqualTo(100);
  }

  @Test
  void aCandidateThatErrsFarMoreOften_failsBecauseTheSliIsCritical() {
    Judge.Result r = Judge.judge(List.of(errors(noisy(0.01, 0.005, 30), noisy(0.05, 0.005, 30)),
            new Metric("cpu", noisy(0.5, 0.1, 30), noisy(0.5, 0.1, 30), Direction.EITHER, 1.2, 0.8, false)),
        Optional.empty(), Judge.Settings.DEFAULTS);

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.score()).isEqualTo(50);
    assertThat(r.metrics().getFirst().classification()).isEqualTo(Judge.Classification.HIGH);
    assertThat(r.metrics().getFirst().reason()).startsWith("errors: significantly higher than the baseline");
  }

  @Test
  void aSignificantButSmallIncrease_withinTheTolerance_passes() {
    // +20 % errors, every minute: significant, but below the 1.5x tolerance.
    Judge.Result r = Judge.judge(List.of(errors(noisy(0.010, 0.001, 40), noisy(0.012, 0.001, 40))),
        Optional.empty(), Judge.Settings.DEFAULTS);

    assertThat(r.metrics().getFirst().pValue().orElseThrow()).isLessThan(0.02);
    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void fewerErrors_isNoRegression_forAMetricWhereOnlyAnIncreaseIsBad() {
    Judge.Result r = Judge.judge(List.of(errors(noisy(0.05, 0.005, 30), noisy(0.01, 0.005, 30))),
        Optional.empty(), Judge.Settings.DEFAULTS);

    assertThat(r.metrics().getFirst().classification()).isEqualTo(Judge.Classification.LOW);
    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void aNonCriticalMetricFailing_isMarginal_whenTheScoreStaysAboveTheMarginalLine() {
    List<Metric> metrics = new java.util.ArrayList<>();
    metrics.add(errors(repeat(0, 20), repeat(0, 20)));
    metrics.add(new Metric("cpu", noisy(0.5, 0.05, 30), noisy(0.9, 0.05, 30), Direction.INCREASE, 1.2, 0.8, false));
    for (int i = 0; i < 3; i++) {
      metrics.add(new Metric("m" + i, noisy(1, 0.1, 30), noisy(1, 0.1, 30), Direction.EITHER, 1.2, 0.8, false));
    }

    Judge.Result r = Judge.judge(metrics, Optional.empty(), Judge.Settings.DEFAULTS);

    assertThat(r.score()).isEqualTo(80);
    assertThat(r.verdict()).isEqualTo(Verdict.MARGINAL);
  }

  @Test
  void theBurnRateCheck_failsWhenTheCandidateBurnsAboveTheCeiling() {
    Judge.Result r = Judge.judge(List.of(), Optional.of(new Judge.BurnCheck("burn-rate", 0.02, 0.001, 10)),
        Judge.Settings.DEFAULTS);

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.metrics().getFirst().reason()).isEqualTo("burn-rate: burn rate 20.0x after the deploy, above the ceiling of 10.0x");
  }

  @Test
  void noDataOnEitherSide_isMarginal_notAPass() {
    Judge.Result r = Judge.judge(List.of(errors(new double[0], repeat(0, 3))), Optional.empty(), Judge.Settings.DEFAULTS);

    assertThat(r.verdict()).isEqualTo(Verdict.MARGINAL);
    assertThat(r.metrics().getFirst().reason()).contains("no data for the baseline");
  }
}

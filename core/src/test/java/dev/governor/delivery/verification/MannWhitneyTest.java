package dev.governor.delivery.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Against published and reference results. The expected p-values were computed with SciPy 1.17
 * ({@code scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method=...)}, which agrees with
 * R's {@code wilcox.test(x, y)}: exact without ties for small samples, otherwise the normal
 * approximation with tie and continuity correction).
 */
class MannWhitneyTest {

  @Test
  void theExampleOfRsWilcoxTestDocumentation_givesW35_andTwiceItsOneSidedP() {
    // R's ?wilcox.test, Hollander & Wolfe (1973) p. 69: W = 35, one-sided p = 0.1272.
    double[] x = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
    double[] y = {1.15, 0.88, 0.90, 0.74, 1.21};

    MannWhitney.Result r = MannWhitney.test(x, y);

    assertThat(r.u()).isEqualTo(35);
    assertThat(r.exact()).isTrue();
    assertThat(r.pValue()).isCloseTo(0.2544122544122544, within(1e-12));
  }

  @Test
  void theSwappedSamples_giveTheComplementaryU_andTheSameP() {
    double[] x = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
    double[] y = {1.15, 0.88, 0.90, 0.74, 1.21};

    MannWhitney.Result r = MannWhitney.test(y, x);

    assertThat(r.u()).isEqualTo(15);
    assertThat(r.pValue()).isCloseTo(0.2544122544122544, within(1e-12));
  }

  @Test
  void nineAgainstNine_withTwoTiesInOneSample_fallsBackToTheNormalApproximation_asRDoes() {
    // R's ?wilcox.test depression example (Hollander & Wolfe p. 29) read as two independent
    // samples; y holds 1.06 and 1.29 twice, so R warns "cannot compute exact p-value with ties".
    double[] x = {1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30};
    double[] y = {0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29};

    MannWhitney.Result r = MannWhitney.test(x, y);

    assertThat(r.u()).isEqualTo(58);
    assertThat(r.exact()).isFalse();
    assertThat(r.pValue()).isCloseTo(0.13291945818531892, within(1e-6));
  }

  @Test
  void nineAgainstNine_withoutTies_isExact() {
    double[] x = {1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30};
    double[] y = {0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.07, 3.14, 1.28};

    MannWhitney.Result r = MannWhitney.test(x, y);

    assertThat(r.exact()).isTrue();
    assertThat(r.pValue()).isCloseTo(0.13591114767585355, within(1e-12));
  }

  @Test
  void tiedValues_useTheNormalApproximation_withTieAndContinuityCorrection() {
    double[] a = {1, 2, 2, 3, 3, 3, 4, 5};
    double[] b = {3, 4, 4, 5, 6, 6, 7};

    MannWhitney.Result r = MannWhitney.test(a, b);

    assertThat(r.exact()).isFalse();
    assertThat(r.u()).isEqualTo(7);
    assertThat(r.pValue()).isCloseTo(0.015984685125196244, within(1e-6));
  }

  @Test
  void perMinuteErrorRatios_mostlyZero_areJudgedWithTheTieCorrection() {
    double[] before = new double[55];
    double[] after = new double[55];
    for (int i = 0; i < 55; i++) {
      before[i] = i < 40 ? 0 : i < 50 ? 0.001 : 0.002;
      after[i] = i < 20 ? 0 : i < 35 ? 0.001 : i < 45 ? 0.003 : 0.01;
    }

    MannWhitney.Result r = MannWhitney.test(after, before);

    assertThat(r.u()).isEqualTo(2175);
    assertThat(r.pValue()).isCloseTo(1.3092288639908245e-05, within(1e-9));
  }

  @Test
  void largeSamplesWithoutTies_useTheNormalApproximation() {
    double[] x = new double[60];
    double[] y = new double[60];
    for (int i = 0; i < 60; i++) {
      x[i] = i + 1;
      y[i] = i + 10.5;
    }

    MannWhitney.Result r = MannWhitney.test(x, y);

    assertThat(r.exact()).isFalse();
    assertThat(r.u()).isEqualTo(1275);
    assertThat(r.pValue()).isCloseTo(0.005906794153805775, within(1e-7));
  }

  @Test
  void samplesThatAreAllOneValue_showNoDifference() {
    MannWhitney.Result r = MannWhitney.test(new double[] {0, 0, 0}, new double[] {0, 0});

    assertThat(r.pValue()).isEqualTo(1);
  }

  @Test
  void theExactDistribution_sumsToOne_andIsSymmetric() {
    double[] cdf = MannWhitney.exactCdf(4, 6);
    assertThat(cdf[24]).isCloseTo(1, within(1e-15));
    // P(U <= 0) = 1 / C(10, 4) = 1/210.
    assertThat(cdf[0]).isCloseTo(1.0 / 210, within(1e-15));
    assertThat(cdf[11]).isCloseTo(1 - cdf[12], within(1e-15));
  }

  @Test
  void anEmptySample_isRefused() {
    assertThatThrownBy(() -> MannWhitney.test(new double[0], new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sample x is empty");
  }
}

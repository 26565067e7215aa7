package dev.governor.delivery.verification;

import java.util.Arrays;

/**
 * The Mann-Whitney U test (Wilcoxon rank-sum) of two independent samples, two-sided, computed as R's
 * {@code wilcox.test(x, y)} does: the exact distribution of U when both samples have fewer than 50
 * values and no value is tied, otherwise the normal approximation with the tie correction of the
 * variance and a continuity correction of 0.5.
 *
 * <p>U is the statistic of {@code x}: the number of pairs (x_i, y_j) with x_i &gt; y_j, ties
 * counting a half (R's W).
 */
public final class MannWhitney {

  /** Below this size on both sides, and without ties, the p-value is exact. */
  static final int EXACT_BELOW = 50;

  private MannWhitney() {}

  /**
   * @param u the U statistic of {@code x}
   * @param pValue the two-sided p-value: how likely a U at least this far from n1 n2 / 2 is when
   *     both samples come from one distribution
   * @param exact whether {@code pValue} comes from the exact distribution
   */
  public record Result(double u, double pValue, boolean exact) {}

  /** @throws IllegalArgumentException when a sample is empty or holds a NaN or infinity */
  public static Result test(double[] x, double[] y) {
    check(x, "x");
    check(y, "y");
    int n1 = x.length;
    int n2 = y.length;
    int n = n1 + n2;
    double[] all = new double[n];
    System.arraycopy(x, 0, all, 0, n1);
    System.arraycopy(y, 0, all, n1, n2);
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
    double[] rank = new double[n];
    double tieTerm = 0; // sum of t^3 - t over groups of t tied values
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && all[order[j + 1]] == all[order[i]]) j++;
      double average = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) rank[order[k]] = average;
      double t = j - i + 1;
      tieTerm += t * t * t - t;
      i = j + 1;
    }
    double rankSumX = 0;
    for (int i = 0; i < n1; i++) rankSumX += rank[i];
    double u = rankSumX - n1 * (n1 + 1) / 2.0;

    if (n1 < EXACT_BELOW && n2 < EXACT_BELOW && tieTerm == 0) {
      double[] cdf = exactCdf(n1, n2);
      int w = (int) Math.round(u);
      double p = u > n1 * (double) n2 / 2 ? 1 - cdf[w - 1] : cdf[w];
      return new Result(u, Math.min(1, 2 * p), true);
    }
    double mean = n1 * (double) n2 / 2;
    double variance = n1 * (double) n2 / 12 * ((n + 1) - tieTerm / ((double) n * (n - 1)));
    if (variance <= 0) return new Result(u, 1, false); // every value tied: no evidence of a difference
    double diff = u - mean;
    double z = (diff - Math.signum(diff) * 0.5) / Math.sqrt(variance);
    double p = 2 * Math.min(normalCdf(z), normalCdf(-z));
    return new Result(u, Math.min(1, p), false);
  }

  /** P(U &lt;= k) for k = 0 .. n1 n2, both samples from one distribution and no ties. */
  static double[] exactCdf(int n1, int n2) {
    // f[i][j][k]: arrangements of i x's and j y's with U = k; f(i,j,k) = f(i-1,j,k-j) + f(i,j-1,k).
    int max = n1 * n2;
    double[][] prev = new double[n2 + 1][]; // row i-1, indexed by j
    for (int j = 0; j <= n2; j++) {
      prev[j] = new double[max + 1];
      prev[j][0] = 1; // no x: U is 0, one arrangement
    }
    for (int i = 1; i <= n1; i++) {
      double[][] cur = new double[n2 + 1][];
      cur[0] = new double[max + 1];
      cur[0][0] = 1;
      for (int j = 1; j <= n2; j++) {
        cur[j] = new double[max + 1];
        for (int k = 0; k <= i * j; k++) {
          double withXLast = k >= j ? prev[j][k - j] : 0; // the largest value is an x: beats all j y's
          cur[j][k] = withXLast + cur[j - 1][k];
        }
      }
      prev = cur;
    }
    double[] counts = prev[n2];
    double total = 0;
    for (double c : counts) total += c;
    double[] cdf = new double[max + 1];
    double running = 0;
    for (int k = 0; k <= max; k++) {
      running += counts[k];
      cdf[k] = running / total;
    }
    return cdf;
  }

  /** The standard normal distribution function, from erfc (fractional error below 1.2e-7). */
  static double normalCdf(double z) {
    return 0.5 * erfc(-z / Math.sqrt(2));
  }

  // Numerical Recipes' erfcc: a Chebyshev fit, accurate to 1.2e-7 everywhere.
  private static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }

  private static void check(double[] sample, String name) {
    if (sample.length == 0) throw new IllegalArgumentException("sample " + name + " is empty");
    for (double v : sample) {
      if (!Double.isFinite(v)) throw new IllegalArgumentException("sample " + name + " holds " + v);
    }
  }
}

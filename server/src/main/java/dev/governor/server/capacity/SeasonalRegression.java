package dev.governor.server.capacity;

import dev.governor.capacity.CapacitySignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Ordinary least squares on a linear trend, Fourier terms for the shape of the day (24 h), a level
 * for each day of the week (UTC), and a separate daily shape for weekends: the regression with
 * seasonal terms that capacity planners fit when Holt-Winters would need a season of 168 hourly
 * states. Day-of-week levels follow a weekend step that a few weekly sines only approximate. Commons Math does the algebra (QR) and gives the parameters'
 * covariance, from which each forecast hour gets a prediction interval: the residual variance plus
 * the uncertainty of the fitted curve at that hour, scaled by Student's t.
 *
 * <p>Honesty rules:
 * <ul>
 *   <li>Weekly seasonality needs two weeks to be learnt and one more to be tested on, so a history
 *       of under {@value #MINIMUM_DAYS} days (counting only hours with a value) is refused, with
 *       what it has and what it needs.
 *   <li>Every forecast carries its backtest: the model is fitted again without the last
 *       {@value #BACKTEST_WEEKS} week and forecasts it; MAPE skips hours whose actual value is 0,
 *       MASE divides by the error of "same hour last week" on the training data (below 1: better
 *       than that naive forecast).
 *   <li>The intervals assume independent residuals; hourly residuals are often correlated, so the
 *       band can be too narrow far ahead. The backtest says how much to trust it.
 * </ul>
 */
public final class SeasonalRegression implements ForecastModel {

  /** The shortest history forecast: two weeks to learn the week from, one to test on. */
  public static final int MINIMUM_DAYS = 21;

  /** Weeks held out to test the forecast. */
  public static final int BACKTEST_WEEKS = 1;

  /** How far ahead the forecast goes. */
  public static final Duration HORIZON = Duration.ofDays(90);

  /** The share of future values each band should hold. */
  public static final double CONFIDENCE = 0.95;

  private static final int DAY = 24;
  private static final int WEEK = 168;
  private static final int DAILY_HARMONICS = 4;
  private static final int WEEKEND_HARMONICS = 2;
  /** Daily harmonics whose amplitude may grow with the trend: traffic that grows, grows at its peak most. */
  private static final int GROWING_HARMONICS = 2;

  static final String NAME = "least squares: linear trend, " + DAILY_HARMONICS + " daily harmonics, day-of-week"
      + " levels, " + WEEKEND_HARMONICS + " weekend harmonics, " + GROWING_HARMONICS + " daily harmonics growing with the trend";

  @Override
  public CapacityOutlook.Outcome forecast(CapacityOutlook.Hourly history, Optional<CapacitySignal.Limit> limit,
      boolean nonNegative) {
    double[] values = history.values();
    long known = java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).count();
    if (known < MINIMUM_DAYS * DAY) {
      return new CapacityOutlook.Refused(String.format(java.util.Locale.ROOT,
          "too little history to forecast: %.1f days of hourly values, and a forecast with weekly seasonality needs"
              + " %d (two weeks to learn the week, one to test the forecast on)", known / (double) DAY, MINIMUM_DAYS));
    }
    // Hours since the Monday 00:00 UTC before the history began: where each hour is in its day and week.
    int offset = (int) Math.floorMod(history.start().getEpochSecond() / 3600 + 3 * DAY, (long) WEEK);
    Fit full;
    Fit training;
    try {
      full = Fit.of(values, values.length, offset);
      training = Fit.of(values, values.length - BACKTEST_WEEKS * WEEK, offset);
    } catch (SingularMatrixException e) {
      return new CapacityOutlook.Refused("the history is too irregular to fit (too many gaps in one part of the week)");
    }
    double[] errors = backtest(values, training);
    int hours = (int) HORIZON.toHours();
    List<CapacityOutlook.Point> points = new ArrayList<>(hours);
    for (int h = 0; h < hours; h++) {
      int t = values.length + h;
      Instant at = history.at(t);
      double[] band = full.interval(t);
      double mean = full.mean(t);
      double lower = band[0];
      double upper = band[1];
      if (nonNegative) {
        mean = Math.max(0, mean);
        lower = Math.max(0, lower);
        upper = Math.max(0, upper);
      }
      points.add(new CapacityOutlook.Point(at, mean, lower, upper));
    }
    return new CapacityOutlook.Forecasted(points, CONFIDENCE, errors[0], errors[1], BACKTEST_WEEKS, NAME,
        limit.flatMap(l -> crossing(points, l)));
  }

  /** MAPE and MASE of {@code training}'s forecast of the held-out weeks. */
  private static double[] backtest(double[] values, Fit training) {
    int from = values.length - BACKTEST_WEEKS * WEEK;
    double absolute = 0;
    double percentage = 0;
    int counted = 0;
    int percentages = 0;
    for (int t = from; t < values.length; t++) {
      if (Double.isNaN(values[t])) continue;
      double error = Math.abs(values[t] - training.mean(t));
      absolute += error;
      counted++;
      if (values[t] != 0) {
        percentage += error / Math.abs(values[t]);
        percentages++;
      }
    }
    double naive = 0;
    int naives = 0;
    for (int t = WEEK; t < from; t++) {
      if (Double.isNaN(values[t]) || Double.isNaN(values[t - WEEK])) continue;
      naive += Math.abs(values[t] - values[t - WEEK]);
      naives++;
    }
    double mape = percentages == 0 ? Double.NaN : percentage / percentages;
    double scale = naives == 0 ? Double.NaN : naive / naives;
    double mase = counted == 0 || !(scale > 0) ? Double.NaN : (absolute / counted) / scale;
    return new double[] {mape, mase};
  }

  /**
   * When the expected value first goes past the limit, and when the pessimistic and optimistic edges
   * of the band do (for a ceiling the upper edge crosses first); empty when the mean does not cross
   * within the horizon.
   */
  static Optional<CapacityOutlook.Crossing> crossing(List<CapacityOutlook.Point> points, CapacitySignal.Limit limit) {
    Instant mean = null;
    Instant earliest = null;
    Instant latest = null;
    for (CapacityOutlook.Point p : points) {
      double pessimistic = limit.ceiling() ? p.upper() : p.lower();
      double optimistic = limit.ceiling() ? p.lower() : p.upper();
      if (earliest == null && limit.crossedBy(pessimistic)) earliest = p.at();
      if (mean == null && limit.crossedBy(p.mean())) mean = p.at();
      if (latest == null && limit.crossedBy(optimistic)) latest = p.at();
    }
    if (mean == null) return Optional.empty();
    return Optional.of(new CapacityOutlook.Crossing(mean, earliest == null ? mean : earliest, Optional.ofNullable(latest)));
  }

  /** The regression fitted to the first {@code length} hours. */
  private record Fit(double[] beta, RealMatrix covariance, double sigma, double t, int offset) {

    static Fit of(double[] values, int length, int offset) {
      List<double[]> rows = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int t = 0; t < length; t++) {
        if (Double.isNaN(values[t])) continue;
        rows.add(features(t, offset));
        ys.add(values[t]);
      }
      OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
      ols.newSampleData(ys.stream().mapToDouble(Double::doubleValue).toArray(), rows.toArray(double[][]::new));
      double[] beta = ols.estimateRegressionParameters();
      RealMatrix covariance = new org.apache.commons.math3.linear.Array2DRowRealMatrix(ols.estimateRegressionParametersVariance(), false);
      double sigma = Math.sqrt(ols.estimateErrorVariance());
      int freedom = Math.max(1, ys.size() - beta.length);
      double t = new TDistribution(freedom).inverseCumulativeProbability(0.5 + CONFIDENCE / 2);
      return new Fit(beta, covariance, sigma, t, offset);
    }

    double mean(int hour) {
      double[] x = withIntercept(hour);
      double sum = 0;
      for (int i = 0; i < x.length; i++) sum += beta[i] * x[i];
      return sum;
    }

    /** The prediction interval at {@code hour}: sigma^2 (1 + x' (X'X)^-1 x), scaled by t. */
    double[] interval(int hour) {
      double[] x = withIntercept(hour);
      double[] vx = covariance.operate(x);
      double leverage = 0;
      for (int i = 0; i < x.length; i++) leverage += x[i] * vx[i];
      double half = t * sigma * Math.sqrt(1 + leverage);
      double mean = mean(hour);
      return new double[] {mean - half, mean + half};
    }

    private double[] withIntercept(int hour) {
      double[] f = features(hour, offset);
      double[] x = new double[f.length + 1];
      x[0] = 1;
      System.arraycopy(f, 0, x, 1, f.length);
      return x;
    }
  }

  /**
   * The trend in weeks (well scaled next to the rest), the daily sines and cosines, six day-of-week
   * levels (Monday is the intercept's), the weekend's own daily sines and cosines, and daily sines
   * and cosines scaled by the trend, so the day's swing can grow as the level does.
   *
   * @param hour hours since the history began
   * @param offset hours from the Monday 00:00 UTC before the history began to its first hour
   */
  static double[] features(int hour, int offset) {
    double[] x = new double[1 + 2 * DAILY_HARMONICS + 6 + 2 * WEEKEND_HARMONICS + 2 * GROWING_HARMONICS];
    int ofWeek = Math.floorMod(hour + offset, WEEK);
    int day = ofWeek / DAY;
    boolean weekend = day >= 5;
    x[0] = hour / (double) WEEK;
    int i = 1;
    for (int k = 1; k <= DAILY_HARMONICS; k++) {
      double angle = 2 * Math.PI * k * ofWeek / DAY;
      x[i++] = Math.sin(angle);
      x[i++] = Math.cos(angle);
    }
    for (int d = 1; d <= 6; d++) x[i++] = day == d ? 1 : 0;
    for (int k = 1; k <= WEEKEND_HARMONICS; k++) {
      double angle = 2 * Math.PI * k * ofWeek / DAY;
      x[i++] = weekend ? Math.sin(angle) : 0;
      x[i++] = weekend ? Math.cos(angle) : 0;
    }
    for (int k = 1; k <= GROWING_HARMONICS; k++) {
      double angle = 2 * Math.PI * k * ofWeek / DAY;
      x[i++] = x[0] * Math.sin(angle);
      x[i++] = x[0] * Math.cos(angle);
    }
    return x;
  }
}

package dev.governor.server.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.governor.capacity.CapacitySignal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The forecast on synthetic series whose truth is known: a trend, a daily and a weekly shape and
 * Gaussian noise with a fixed seed. The bounds are stated here and in docs/capacity.md.
 */
class SeasonalRegressionTest {

  static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
  final SeasonalRegression model = new SeasonalRegression();

  /** 600 a minute, +0.4 % a day, ±40 % over the day, a fifth less at weekends (Oct 3, 2026 is a Saturday). */
  static double truth(int hour) {
    double daily = 1 + 0.4 * Math.sin(2 * Math.PI * (hour - 9) / 24.0);
    int day = Math.floorMod(hour / 24 + 3, 7); // 0 is Monday; Oct 1, 2026 is a Thursday
    double weekly = day >= 5 ? 0.8 : 1.0;
    return 600 * daily * weekly * (1 + 0.004 * hour / 24.0);
  }

  static CapacityOutlook.Hourly series(int hours, IntToDoubleFunction value) {
    double[] values = new double[hours];
    for (int i = 0; i < hours; i++) values[i] = value.applyAsDouble(i);
    return new CapacityOutlook.Hourly(START, values);
  }

  @Test
  void a_series_with_trend_and_daily_and_weekly_seasonality_is_forecast_within_the_stated_error() {
    Random noise = new Random(42);
    CapacityOutlook.Hourly history = series(35 * 24, h -> truth(h) + noise.nextGaussian() * 20);

    CapacityOutlook.Forecasted f = (CapacityOutlook.Forecasted) model.forecast(history, Optional.empty(), true);

    assertThat(f.points()).hasSize(90 * 24);
    assertThat(f.points().getFirst().at()).isEqualTo(START.plus(Duration.ofDays(35)));
    // Error against the truth over the first four weeks ahead: under 5 % on average.
    double error = 0;
    int covered = 0;
    for (int h = 0; h < 28 * 24; h++) {
      CapacityOutlook.Point p = f.points().get(h);
      double actual = truth(35 * 24 + h) + noise.nextGaussian() * 20;
      error += Math.abs(p.mean() - truth(35 * 24 + h)) / truth(35 * 24 + h);
      if (actual >= p.lower() && actual <= p.upper()) covered++;
    }
    // Measured over seeds 1, 2, 3 and 42: 1.0 to 1.4 %; the bound leaves room, not slack for a worse model.
    assertThat(error / (28 * 24)).isLessThan(0.03);
    // The 95 % band holds 92 to 94 % of new values four weeks out (the residuals are not quite
    // independent); at least 88 % is the stated bound.
    assertThat(covered / (28.0 * 24)).isGreaterThan(0.88);
    // The backtest on the held-out week says about the same (2.8 to 3.1 %), and the model beats
    // "same hour last week" by a third (MASE 0.6 to 0.68).
    assertThat(f.backtestMape()).isBetween(0.0, 0.05);
    assertThat(f.backtestMase()).isLessThan(0.9);
    assertThat(f.backtestWeeks()).isEqualTo(1);
  }

  /**
   * A fixed series and its forecast as text: a change to the model shows as a diff of this file.
   * Run with {@code -Dgolden.update=true} to write it from what the code does now, then read the diff.
   */
  @Test
  void the_forecast_of_a_fixed_series_matches_its_golden_file() throws java.io.IOException {
    Random noise = new Random(2026);
    CapacityOutlook.Hourly history = series(28 * 24, h -> truth(h) + noise.nextGaussian() * 10);
    CapacityOutlook.Forecasted f = (CapacityOutlook.Forecasted) model.forecast(history,
        Optional.of(new CapacitySignal.Limit(1000, true)), true);

    StringBuilder text = new StringBuilder();
    text.append("model: ").append(f.model()).append('\n');
    text.append(String.format(java.util.Locale.ROOT, "backtest: MAPE %.4f MASE %.4f over %d week%n",
        f.backtestMape(), f.backtestMase(), f.backtestWeeks()));
    CapacityOutlook.Crossing c = f.crossing().orElseThrow();
    text.append("crossing: ").append(c.at()).append(" (").append(c.earliest()).append(" to ")
        .append(c.latest().map(Instant::toString).orElse("beyond 90 days")).append(")\n");
    for (int h = 0; h < f.points().size(); h += 12) {
      CapacityOutlook.Point p = f.points().get(h);
      text.append(String.format(java.util.Locale.ROOT, "%s %.1f [%.1f, %.1f]%n", p.at(), p.mean(), p.lower(), p.upper()));
    }
    java.nio.file.Path expected = java.nio.file.Path.of("src/test/resources/golden/capacity-forecast.txt");
    if (Boolean.getBoolean("golden.update") || !java.nio.file.Files.exists(expected)) {
      java.nio.file.Files.writeString(expected, text);
      assertThat(Boolean.getBoolean("golden.update")).as("wrote the missing golden file " + expected + "; read it and run again")
          .isTrue();
    }
    assertThat(text.toString()).isEqualTo(java.nio.file.Files.readString(expected));
  }

  @Test
  void too_little_history_is_refused_and_says_how_much_is_needed() {
    CapacityOutlook.Outcome outcome = model.forecast(series(20 * 24, SeasonalRegressionTest::truth), Optional.empty(), true);

    assertThat(outcome).isInstanceOf(CapacityOutlook.Refused.class);
    assertThat(((CapacityOutlook.Refused) outcome).reason()).contains("20.0 days", "needs 21");
  }

  @Test
  void hours_without_a_value_do_not_count_as_history() {
    // 30 days long, but every other hour unknown: 15 days of values.
    CapacityOutlook.Outcome outcome = model.forecast(series(30 * 24, h -> h % 2 == 0 ? truth(h) : Double.NaN),
        Optional.empty(), true);

    assertThat(((CapacityOutlook.Refused) outcome).reason()).contains("15.0 days");
  }

  @Test
  void a_noiseless_linear_trend_crosses_its_ceiling_at_the_hour_the_line_does() {
    // 100 + 0.5 an hour: 21 days end at 100 + 0.5*503 = 351.5; 600.25 is passed at hour 1001.
    CapacityOutlook.Hourly history = series(21 * 24, h -> 100 + 0.5 * h);

    CapacityOutlook.Forecasted f = (CapacityOutlook.Forecasted) model.forecast(history,
        Optional.of(new CapacitySignal.Limit(600.25, true)), true);

    CapacityOutlook.Crossing crossing = f.crossing().orElseThrow();
    assertThat(crossing.at()).isEqualTo(START.plus(Duration.ofHours(1001)));
    assertThat(crossing.earliest()).isBeforeOrEqualTo(crossing.at());
    assertThat(crossing.latest()).hasValueSatisfying(l -> assertThat(l).isAfterOrEqualTo(crossing.at()));
    assertThat(f.backtestMape()).isCloseTo(0, within(1e-9));
  }

  @Test
  void a_flat_series_never_crosses_and_a_falling_one_crosses_its_floor() {
    Random noise = new Random(7);
    CapacityOutlook.Forecasted flat = (CapacityOutlook.Forecasted) model.forecast(
        series(28 * 24, h -> 500 + noise.nextGaussian() * 5), Optional.of(new CapacitySignal.Limit(600, true)), true);
    assertThat(flat.crossing()).isEmpty();

    // Free disk: 500 GiB falling 2 GiB a day; a floor of 300 GiB is 100 days after the start, 72 after the history.
    CapacityOutlook.Forecasted disk = (CapacityOutlook.Forecasted) model.forecast(
        series(28 * 24, h -> 500 - 2 * h / 24.0), Optional.of(new CapacitySignal.Limit(300, false)), true);
    Instant at = disk.crossing().orElseThrow().at();
    assertThat(Duration.between(START, at).toHours()).isBetween(99L * 24, 100L * 24 + 1);
  }

  @Test
  void a_value_that_cannot_be_negative_gets_no_band_below_zero() {
    // Falling towards zero: the band would reach below it.
    CapacityOutlook.Forecasted f = (CapacityOutlook.Forecasted) model.forecast(
        series(28 * 24, h -> Math.max(0, 300 - 0.5 * h) + (h % 24)), Optional.empty(), true);
    assertThat(f.points()).allSatisfy(p -> {
      assertThat(p.lower()).isGreaterThanOrEqualTo(0);
      assertThat(p.mean()).isGreaterThanOrEqualTo(0);
    });
  }
}

package dev.governor.slo;

import dev.governor.basics.TimeRange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns window sums into an {@link ObjectiveStatus}. The same arithmetic serves the live status
 * (sums kept running by the evaluator) and the status at a past instant (sums read from the store).
 */
final class StatusCalculator {

  /** The look-back windows every status reports burn rates over, shortest first. */
  static final List<Duration> BURN_WINDOWS = List.of(
      Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
      Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(3));

  /** The burn rate that forecasts budget exhaustion: recent enough to react, long enough to be stable. */
  static final Duration FORECAST_WINDOW = Duration.ofHours(1);

  private StatusCalculator() {}

  static ObjectiveStatus status(
      Slo slo,
      Objective objective,
      UnitRule units,
      Instant at,
      WindowSum window,
      Function<Duration, WindowSum> lookback) {
    return status(slo, objective, units, at, at, window, lookback);
  }

  /**
   * The status at {@code at} whose last counted minute is the one that holds {@code lastMinute}:
   * the window's range and length are those at {@code lastMinute}, the forecast runs from {@code at}.
   */
  static ObjectiveStatus status(
      Slo slo,
      Objective objective,
      UnitRule units,
      Instant lastMinute,
      Instant at,
      WindowSum window,
      Function<Duration, WindowSum> lookback) {
    TimeRange range = slo.window().rangeAt(lastMinute);
    Duration windowLength = slo.window().lengthAt(lastMinute);
    Ratio errorBudget = objective.errorBudget();
    double allowed = errorBudget.toDouble();
    double attainment = attainment(units, window);

    double consumed = (1 - attainment) / allowed;
    ErrorBudget budget = switch (slo.budgetingMethod()) {
      case OCCURRENCES -> {
        double total = allowed * window.total;
        long spent = window.total - window.good;
        yield new ErrorBudget(errorBudget, consumed, 1 - consumed, BudgetUnit.EVENTS,
            total, spent, total - spent);
      }
      case TIMESLICES, RATIO_TIMESLICES -> {
        // The budget is time: (1 - target) of the whole window's minutes. Bad slices spend it;
        // slices without data spend nothing. Early in a calendar month this says "4 % of the
        // month's budget is gone", where (1 - attainment) / (1 - target) would say "139 %".
        double sliceMinutes = units.length().toMinutes();
        double total = allowed * windowLength.toMinutes();
        double badSlices = slo.budgetingMethod() == BudgetingMethod.TIMESLICES
            ? window.total - window.good
            : window.total - ratioSum(window);
        double spent = badSlices * sliceMinutes;
        double timeConsumed = spent / total;
        yield new ErrorBudget(errorBudget, timeConsumed, 1 - timeConsumed, BudgetUnit.MINUTES,
            total, spent, total - spent);
      }
    };

    BurnRate[] burnRates = new BurnRate[BURN_WINDOWS.size() + 1];
    for (int i = 0; i < BURN_WINDOWS.size(); i++) {
      Duration d = BURN_WINDOWS.get(i);
      burnRates[i] = burnRate(units, d, allowed, lookback.apply(d));
    }
    burnRates[BURN_WINDOWS.size()] = burnRate(units, windowLength, allowed, window);

    double forecastRate = (1 - attainment(units, lookback.apply(FORECAST_WINDOW))) / allowed;
    Optional<Instant> exhaustion = Optional.empty();
    if (forecastRate > 0 && budget.remaining() > 0) {
      // At burn rate r the budget goes r times as fast as the window allows: all of it in W / r.
      double minutesLeft = budget.remaining() * windowLength.toMinutes() / forecastRate;
      exhaustion = Optional.of(at.plusSeconds(Math.round(Math.min(minutesLeft, 1e12) * 60)));
    }
    return new ObjectiveStatus(objective.name(), objective.target(), objective.threshold(), range,
        window.counts(), goodUnits(units, window), attainment, window.total == 0, budget, List.of(burnRates),
        exhaustion);
  }

  private static BurnRate burnRate(UnitRule units, Duration over, double allowed, WindowSum sum) {
    return new BurnRate(over, (1 - attainment(units, sum)) / allowed, sum.good, sum.total,
        units.method() == BudgetingMethod.RATIO_TIMESLICES ? sum.ratioSum : BurnRate.NOT_RATIO);
  }

  /** Good over total units, or the mean slice ratio; 1 when there is no data. */
  static double attainment(UnitRule units, WindowSum sum) {
    if (sum.total == 0) return 1;
    return units.method() == BudgetingMethod.RATIO_TIMESLICES
        ? ratioSum(sum) / sum.total
        : (double) sum.good / sum.total;
  }

  private static double ratioSum(WindowSum sum) {
    return sum.ratioSum / 1e9;
  }

  /**
   * The good units, of which attainment is the share: good events (Occurrences), good slices
   * (Timeslices), or the sum of the slices' good/total ratios (RatioTimeslices), where a slice with
   * one bad event in a thousand adds 0.999, not 0.
   */
  static BigDecimal goodUnits(UnitRule units, WindowSum sum) {
    if (units.method() != BudgetingMethod.RATIO_TIMESLICES) return BigDecimal.valueOf(sum.good);
    return exactRatioSum(sum.ratioSum);
  }

  /** A sum of slice ratios kept in whole 10^-9, as the shortest exact decimal ("41.5", "42"). */
  static BigDecimal exactRatioSum(long ratioSum) {
    BigDecimal exact = BigDecimal.valueOf(ratioSum, UnitRule.RATIO_SCALE).stripTrailingZeros();
    return exact.scale() < 0 ? exact.setScale(0) : exact;
  }

  static double burnRate(UnitRule units, double errorBudget, WindowSum sum) {
    return (1 - attainment(units, sum)) / errorBudget;
  }
}

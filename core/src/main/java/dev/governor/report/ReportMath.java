package dev.governor.report;

import dev.governor.basics.EventCounts;
import dev.governor.report.SloReport.Day;
import dev.governor.report.SloReport.DayState;
import dev.governor.report.SloReport.Units;
import dev.governor.slo.BudgetingMethod;
import dev.governor.slo.Ratio;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The arithmetic of a report, apart from any store: units, budgets, the worst day, the trend. */
public final class ReportMath {

  private ReportMath() {}

  /** One slice's or one range's counts as units of {@code method}. */
  public static Units units(BudgetingMethod method, Optional<Ratio> sliceTarget, EventCounts counts) {
    if (counts.total() == 0) return Units.NONE;
    return switch (method) {
      case OCCURRENCES -> new Units(counts.good(), counts.total(), counts.total());
      case TIMESLICES -> new Units(sliceTarget.orElseThrow().isMetBy(counts.good(), counts.total()) ? 1 : 0, 1,
          counts.total());
      case RATIO_TIMESLICES -> new Units(sliceRatio(counts), 1, counts.total());
    };
  }

  /**
   * good/total of one slice rounded half-even to 10^-9, as the evaluator adds up slice ratios
   * (a copy of the rounding of core/slo's package-private UnitRule, so both agree to the digit).
   */
  static double sliceRatio(EventCounts slice) {
    return BigDecimal.valueOf(slice.good()).divide(BigDecimal.valueOf(slice.total()), 9, RoundingMode.HALF_EVEN)
        .doubleValue();
  }

  /**
   * The share of the period's error budget spent, as the SLO status computes it for a calendar
   * window: (1 - attainment) / (1 - target) for Occurrences; for the timeslice methods the budget is
   * time, (1 - target) of every minute of the period, and each bad slice (or the bad share of one)
   * spends its length.
   */
  public static double budgetSpent(BudgetingMethod method, Ratio target, Duration sliceLength, Duration periodLength,
      Units units) {
    double allowed = target.complement().toDouble();
    return switch (method) {
      case OCCURRENCES -> (1 - units.attainment()) / allowed;
      case TIMESLICES, RATIO_TIMESLICES ->
          units.bad() * sliceLength.toMinutes() / (allowed * periodLength.toMinutes());
    };
  }

  /** A day of {@code units}, or of no data when none were counted. */
  public static Day day(ReportPeriod.Day day, Units units) {
    return units.units() == 0
        ? new Day(day.date(), day.range(), DayState.NO_DATA, units, 1)
        : new Day(day.date(), day.range(), DayState.DATA, units, units.attainment());
  }

  /** A day without a number: not kept, or not begun. */
  public static Day without(ReportPeriod.Day day, DayState state) {
    if (state == DayState.DATA || state == DayState.NO_DATA) {
      throw new IllegalArgumentException("a day without counts is not-kept or not-yet, got " + state);
    }
    return new Day(day.date(), day.range(), state, Units.NONE, 1);
  }

  /** The sum over the days that were counted. */
  public static Units total(List<Day> days) {
    Units sum = Units.NONE;
    for (Day d : days) sum = sum.plus(d.units());
    return sum;
  }

  /** The day with data of the lowest attainment, the earliest of equals; empty when no day had data. */
  public static Optional<Day> worstDay(List<Day> days) {
    return days.stream().filter(d -> d.state() == DayState.DATA)
        .min(Comparator.comparingDouble(Day::attainment).thenComparing(Day::date));
  }

  public static long count(List<Day> days, DayState state) {
    return days.stream().filter(d -> d.state() == state).count();
  }

  /** Whether the target was reached: exactly, so 999 of 1000 meets 99.9 %. */
  public static SloReport.Outcome outcome(BudgetingMethod method, Ratio target, Units units) {
    if (units.units() == 0) return SloReport.Outcome.NO_DATA;
    boolean met = method == BudgetingMethod.RATIO_TIMESLICES
        ? units.attainment() >= target.toDouble()
        : target.isMetBy(Math.round(units.good()), units.units());
    return met ? SloReport.Outcome.MET : SloReport.Outcome.MISSED;
  }
}

package dev.governor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.governor.basics.EventCounts;
import dev.governor.report.SloReport.DayState;
import dev.governor.report.SloReport.Outcome;
import dev.governor.report.SloReport.Units;
import dev.governor.slo.BudgetingMethod;
import dev.governor.slo.Ratio;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportMathTest {

  private static final Ratio TARGET = Ratio.parseFraction("0.999");
  private static final Duration MONTH = Duration.ofDays(30);

  @Test
  void occurrences_spendTheBudgetAsTheirErrorRatioOverTheAllowedOne() {
    Units units = ReportMath.units(BudgetingMethod.OCCURRENCES, Optional.empty(), new EventCounts(99_950, 100_000));
    assertThat(units.attainment()).isEqualTo(0.9995);
    assertThat(ReportMath.budgetSpent(BudgetingMethod.OCCURRENCES, TARGET, Duration.ofMinutes(1), MONTH, units))
        .isCloseTo(0.5, within(1e-9));
    assertThat(ReportMath.outcome(BudgetingMethod.OCCURRENCES, TARGET, units)).isEqualTo(Outcome.MET);
  }

  @Test
  void exactlyTheTarget_meetsIt_withoutRounding() {
    Units units = new Units(999, 1000, 1000);
    assertThat(ReportMath.outcome(BudgetingMethod.OCCURRENCES, TARGET, units)).isEqualTo(Outcome.MET);
    assertThat(ReportMath.outcome(BudgetingMethod.OCCURRENCES, TARGET, new Units(998, 1000, 1000)))
        .isEqualTo(Outcome.MISSED);
  }

  @Test
  void timeslices_spendTimeOfTheWholePeriod() {
    // 43 bad one-minute slices of a 30-day month at 99.9 %: the budget is 43.2 minutes.
    Units units = new Units(1000 - 43, 1000, 50_000);
    assertThat(ReportMath.budgetSpent(BudgetingMethod.TIMESLICES, TARGET, Duration.ofMinutes(1), MONTH, units))
        .isCloseTo(43 / 43.2, within(1e-9));
    // Five-minute slices spend five minutes each.
    assertThat(ReportMath.budgetSpent(BudgetingMethod.TIMESLICES, TARGET, Duration.ofMinutes(5), MONTH,
        new Units(9, 10, 10))).isCloseTo(5 / 43.2, within(1e-9));
  }

  @Test
  void aSlice_isGoodWhenItMeetsTheSliceTarget_andARatioSliceAddsItsRatio() {
    Optional<Ratio> sliceTarget = Optional.of(Ratio.parseFraction("0.95"));
    assertThat(ReportMath.units(BudgetingMethod.TIMESLICES, sliceTarget, new EventCounts(95, 100)))
        .isEqualTo(new Units(1, 1, 100));
    assertThat(ReportMath.units(BudgetingMethod.TIMESLICES, sliceTarget, new EventCounts(94, 100)))
        .isEqualTo(new Units(0, 1, 100));
    assertThat(ReportMath.units(BudgetingMethod.RATIO_TIMESLICES, Optional.empty(), new EventCounts(2, 3)).good())
        .isEqualTo(0.666666667);
    assertThat(ReportMath.units(BudgetingMethod.TIMESLICES, sliceTarget, EventCounts.NONE)).isEqualTo(Units.NONE);
  }

  @Test
  void aDayWithoutEvents_isNoData_withAttainmentOne_andNeverTheWorstDay() {
    var days = ReportPeriod.parse("2026-11", ZoneOffset.UTC).days();
    var quiet = ReportMath.day(days.get(0), Units.NONE);
    var bad = ReportMath.day(days.get(1), new Units(90, 100, 100));
    var worse = ReportMath.day(days.get(2), new Units(80, 100, 100));
    var alsoWorse = ReportMath.day(days.get(3), new Units(8, 10, 10));
    var gone = ReportMath.without(days.get(4), DayState.NOT_KEPT);

    assertThat(quiet.state()).isEqualTo(DayState.NO_DATA);
    assertThat(quiet.attainment()).isEqualTo(1);
    assertThat(ReportMath.worstDay(List.of(quiet, bad, worse, alsoWorse, gone))).contains(worse);
    assertThat(ReportMath.worstDay(List.of(quiet, gone))).isEmpty();
    assertThat(ReportMath.total(List.of(quiet, bad, worse, gone))).isEqualTo(new Units(170, 200, 200));
    assertThat(ReportMath.outcome(BudgetingMethod.OCCURRENCES, TARGET, Units.NONE)).isEqualTo(Outcome.NO_DATA);
  }
}

package dev.governor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.governor.access.Teams;
import dev.governor.basics.EventCounts;
import dev.governor.basics.SliName;
import dev.governor.basics.SloName;
import dev.governor.delivery.DeploymentStore;
import dev.governor.report.SloReport.DayState;
import dev.governor.report.SloReport.ObjectiveReport;
import dev.governor.report.SloReport.Outcome;
import dev.governor.sli.BucketIncrement;
import dev.governor.slo.BudgetingMethod;
import dev.governor.slo.CalendarUnit;
import dev.governor.slo.Catalog;
import dev.governor.slo.MetricSource;
import dev.governor.slo.Objective;
import dev.governor.slo.Ratio;
import dev.governor.slo.Service;
import dev.governor.slo.ServiceName;
import dev.governor.slo.Sli;
import dev.governor.slo.SliMetric;
import dev.governor.slo.Slo;
import dev.governor.slo.SloWindow;
import dev.governor.testing.FakeClock;
import dev.governor.testing.InMemoryBucketStore;
import dev.governor.testing.InMemoryIncidentStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reports over an in-memory store whose minutes have partly gone, as retention leaves them. */
class SloReportsTest {

  private static final MetricSource PUSHED = new MetricSource(MetricSource.GOVERNOR, Optional.empty(), Map.of());
  private static final Sli SLI = new Sli(SliName.of("checkout-ok"), "", "", new SliMetric.RatioMetric(false,
      Optional.of(PUSHED), Optional.empty(), Optional.of(PUSHED), Optional.empty(), Optional.empty()));
  /** Minutes are kept 32 days back from now, hours 400 days. */
  private static final Duration MINUTES_KEPT = Duration.ofDays(32);

  private final FakeClock clock = FakeClock.at("2026-12-10T12:00:00Z");
  private final InMemoryBucketStore buckets = new InMemoryBucketStore();
  private final StoredReportCounts counts =
      new StoredReportCounts(buckets, clock, () -> MINUTES_KEPT, Duration.ofDays(400));
  private final DeploymentStore noDeployments = (DeploymentStore) java.lang.reflect.Proxy.newProxyInstance(
      getClass().getClassLoader(), new Class<?>[] {DeploymentStore.class}, (p, m, a) -> List.of());
  private final SloReports reports = new SloReports(counts, new InMemoryIncidentStore(), noDeployments, clock);

  private static Slo slo(BudgetingMethod method, Objective... objectives) {
    return new Slo(SloName.of("checkout"), "Checkout", "", ServiceName.of("shop"), SLI,
        new SloWindow.Calendar(CalendarUnit.MONTH, ZoneOffset.UTC), method, List.of(objectives), List.of(),
        Map.of(), Map.of());
  }

  private static Catalog catalog(Slo slo) {
    return new Catalog(List.of(new Service(ServiceName.of("shop"), "Shop", "", Map.of("team", "web"))), List.of(slo),
        List.of(), List.of(), List.of(), List.of(), List.of());
  }

  private static Objective sla999() {
    return new Objective("availability", "Availability", Ratio.parseFraction("0.999"), Optional.empty(),
        Optional.empty(), Optional.empty(), true);
  }

  /** Writes {@code bad} of {@code perHour} events in every hour of each day, then lets retention take the old minutes. */
  private void day(String date, long perHour, long badPerHour) {
    List<BucketIncrement> increments = new ArrayList<>();
    Instant start = LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant();
    for (int h = 0; h < 24; h++) {
      increments.add(new BucketIncrement(
          dev.governor.sli.SeriesKey.of(SLI.name()), start.plus(Duration.ofHours(h)).plusSeconds(60 * 7),
          EventCounts.ofBad(badPerHour, perHour)));
    }
    buckets.add(increments);
  }

  private void retention() {
    buckets.deleteBefore(clock.instant().minus(MINUTES_KEPT));
  }

  private ObjectiveReport only(SloReport report) {
    assertThat(report.objectives()).hasSize(1);
    return report.objectives().getFirst();
  }

  @Test
  void aMonth_isReadFromHoursWhereMinutesAreGone_andSumsEveryDay() {
    for (int d = 1; d <= 30; d++) day(String.format("2026-11-%02d", d), 1000, d == 3 ? 20 : 0);
    retention();

    ObjectiveReport o = only(reports.report(catalog(slo(BudgetingMethod.OCCURRENCES, sla999())), Teams.NONE,
        ReportPeriod.parse("2026-11", ZoneOffset.UTC), Optional.empty(), Optional.empty()));

    assertThat(o.units().units()).isEqualTo(30 * 24_000);
    assertThat(o.units().good()).isEqualTo(30 * 24_000 - 24 * 20);
    assertThat(o.attainment()).isCloseTo(1 - 480.0 / 720_000, within(1e-12));
    assertThat(o.budgetSpent()).isCloseTo((480.0 / 720_000) / 0.001, within(1e-9));
    assertThat(o.outcome()).isEqualTo(Outcome.MET);
    assertThat(o.worstDay().orElseThrow().date()).isEqualTo(LocalDate.of(2026, 11, 3));
    assertThat(o.worstDay().orElseThrow().attainment()).isCloseTo(0.98, within(1e-12));
    assertThat(o.slaMargin().orElseThrow()).isCloseTo(o.attainment() - 0.999, within(1e-12));
    assertThat(o.team()).isEqualTo("web");
    assertThat(o.notKeptDays()).isZero();
  }

  @Test
  void aDayWithoutEvents_isNoData_notAFailure() {
    day("2026-11-01", 1000, 0);
    ObjectiveReport o = only(reports.report(catalog(slo(BudgetingMethod.OCCURRENCES, sla999())), Teams.NONE,
        ReportPeriod.parse("2026-11", ZoneOffset.UTC), Optional.empty(), Optional.empty()));
    assertThat(o.days().get(0).state()).isEqualTo(DayState.DATA);
    assertThat(o.days().get(1).state()).isEqualTo(DayState.NO_DATA);
    assertThat(o.days().get(1).attainment()).isEqualTo(1);
    assertThat(o.noDataDays()).isEqualTo(29);
    assertThat(o.attainment()).isEqualTo(1);
    assertThat(o.outcome()).isEqualTo(Outcome.MET);
  }

  @Test
  void theCurrentMonth_countsUntilNow_andItsLaterDaysAreNotYet() {
    day("2026-12-01", 1000, 10);
    ObjectiveReport o = only(reports.report(catalog(slo(BudgetingMethod.OCCURRENCES, sla999())), Teams.NONE,
        ReportPeriod.parse("2026-12", ZoneOffset.UTC), Optional.empty(), Optional.empty()));
    assertThat(o.days().get(9).state()).isEqualTo(DayState.NO_DATA); // today, until now
    assertThat(o.days().get(10).state()).isEqualTo(DayState.NOT_YET);
    assertThat(o.outcome()).isEqualTo(Outcome.MISSED);
    assertThat(o.slaMargin().orElseThrow()).isCloseTo(0.99 - 0.999, within(1e-12));
  }

  @Test
  void theTrend_comparesWithTheThreePeriodsBefore() {
    day("2026-08-15", 1000, 5);
    day("2026-10-15", 1000, 1);
    day("2026-11-15", 1000, 2);
    ObjectiveReport o = only(reports.report(catalog(slo(BudgetingMethod.OCCURRENCES, sla999())), Teams.NONE,
        ReportPeriod.parse("2026-11", ZoneOffset.UTC), Optional.empty(), Optional.empty()));
    assertThat(o.trend()).extracting(SloReport.TrendPoint::period).containsExactly("2026-08", "2026-09", "2026-10");
    assertThat(o.trend().get(0).attainment()).isCloseTo(0.995, within(1e-12));
    assertThat(o.trend().get(1).hasData()).isFalse();
    assertThat(o.change().orElseThrow()).isCloseTo(0.998 - 0.999, within(1e-12));
  }

  @Test
  void shortSlicesBeyondTheMinutes_areNotKept_whileHourSlicesAreRecomputedFromHours() {
    for (int d = 1; d <= 30; d++) day(String.format("2026-11-%02d", d), 1000, d == 20 ? 100 : 0);
    retention();
    Objective fiveMinutes = new Objective("slices", "Slices", Ratio.parseFraction("0.99"), Optional.empty(),
        Optional.of(Ratio.parseFraction("0.95")), Optional.of(Duration.ofMinutes(5)));
    ObjectiveReport o = only(reports.report(catalog(slo(BudgetingMethod.TIMESLICES, fiveMinutes)), Teams.NONE,
        ReportPeriod.parse("2026-11", ZoneOffset.UTC), Optional.empty(), Optional.empty()));
    // Minutes are kept from 2026-11-08T12:00: the eight days before have only hourly sums.
    assertThat(o.notKeptDays()).isEqualTo(8);
    assertThat(o.days().get(0).state()).isEqualTo(DayState.NOT_KEPT);
    assertThat(o.days().get(8).state()).isEqualTo(DayState.DATA);
    // One event a hour lands in one 5-minute slice: 24 slices a day; day 20's all fail (10 % errors).
    assertThat(o.units().units()).isEqualTo(22 * 24);
    assertThat(o.units().good()).isEqualTo(21 * 24);
    assertThat(o.budgetSpent()).isCloseTo(24 * 5 / (0.01 * 30 * 24 * 60), within(1e-9));

    Objective hours = new Objective("hours", "Hours", Ratio.parseFraction("0.99"), Optional.empty(),
        Optional.of(Ratio.parseFraction("0.95")), Optional.of(Duration.ofHours(1)));
    ObjectiveReport h = only(reports.report(catalog(slo(BudgetingMethod.TIMESLICES, hours)), Teams.NONE,
        ReportPeriod.parse("2026-11", ZoneOffset.UTC), Optional.empty(), Optional.empty()));
    assertThat(h.notKeptDays()).isZero();
    assertThat(h.units().units()).isEqualTo(30 * 24);
  }

  @Test
  void daysThatAreNotWholeHours_cannotBeRecomputedFromHours() {
    for (int d = 1; d <= 30; d++) day(String.format("2026-11-%02d", d), 1000, 0);
    retention();
    ObjectiveReport o = only(reports.report(catalog(slo(BudgetingMethod.OCCURRENCES, sla999())), Teams.NONE,
        ReportPeriod.parse("2026-11", ZoneId.of("Asia/Kolkata")), Optional.empty(), Optional.empty()));
    assertThat(o.days().get(0).state()).isEqualTo(DayState.NOT_KEPT);
    assertThat(o.days().get(10).state()).isEqualTo(DayState.DATA);
  }

  @Test
  void rollups_countMetAndMissed_perServiceAndTeam_andFiltersNarrowTheReport() {
    day("2026-11-02", 1000, 10);
    var report = reports.report(catalog(slo(BudgetingMethod.OCCURRENCES, sla999(),
            new Objective("loose", "Loose", Ratio.parseFraction("0.9"), Optional.empty(), Optional.empty(),
                Optional.empty()))),
        Teams.NONE, ReportPeriod.parse("2026-11", ZoneOffset.UTC), Optional.empty(), Optional.empty());
    assertThat(report.teams()).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo("web");
      assertThat(t.met()).isEqualTo(1);
      assertThat(t.missed()).isEqualTo(1);
      assertThat(t.slaMissed()).isEqualTo(1);
      assertThat(t.worst().orElseThrow().objective()).isEqualTo("availability");
    });
    assertThat(reports.report(catalog(slo(BudgetingMethod.OCCURRENCES, sla999())), Teams.NONE,
        ReportPeriod.parse("2026-11", ZoneOffset.UTC), Optional.empty(), Optional.of("payments")).objectives()).isEmpty();
  }
}

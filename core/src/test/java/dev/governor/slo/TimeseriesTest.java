package dev.governor.slo;

import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.basics.SliName;
import dev.governor.basics.SloName;
import static dev.governor.slo.Slos.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.governor.sli.IngestOutcome.Accepted;
import dev.governor.sli.SliEvent;
import dev.governor.testing.FakeClock;
import dev.governor.testing.InMemoryAlertStore;
import dev.governor.testing.InMemoryBucketStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeseriesTest {

  final FakeClock clock = FakeClock.at("2026-11-30T20:00:30Z");
  final InMemoryBucketStore buckets = new InMemoryBucketStore();
  final Evaluator evaluator = new Evaluator(buckets, new InMemoryAlertStore(), clock, EvaluatorSettings.DEFAULTS);

  static SliEvent counts(Instant time, long good, long total) {
    return new SliEvent.Counts(SliName.of("x-ok"), time, new EventCounts(good, total));
  }

  @ParameterizedTest
  @ValueSource(strings = {"OCCURRENCES", "TIMESLICES", "RATIO_TIMESLICES", "CALENDAR"})
  void every_points_budget_equals_the_status_at_that_instant(String kind) {
    Slo slo = switch (kind) {
      case "OCCURRENCES" -> rolling("x", ratioSli("x-ok"), Duration.ofHours(12), BudgetingMethod.OCCURRENCES,
          objective("main", "99"));
      case "TIMESLICES" -> rolling("x", ratioSli("x-ok"), Duration.ofHours(12), BudgetingMethod.TIMESLICES,
          timeslice("main", "95", "0.9", Duration.ofMinutes(5)));
      case "RATIO_TIMESLICES" -> rolling("x", ratioSli("x-ok"), Duration.ofHours(12),
          BudgetingMethod.RATIO_TIMESLICES, timeslice("main", "95", "0.9", Duration.ofMinutes(10)));
      case "CALENDAR" -> calendarMonth("x", ratioSli("x-ok"), "Europe/Berlin", BudgetingMethod.OCCURRENCES,
          objective("main", "99.5"));
      default -> throw new IllegalArgumentException(kind);
    };
    evaluator.load(catalog(slo));
    Random random = new Random(7);
    List<SliEvent> history = new ArrayList<>();
    for (int m = 0; m < 30 * 60; m++) {
      long total = 1 + random.nextInt(50);
      long good = random.nextInt(8) == 0 ? random.nextInt((int) total + 1) : total;
      history.add(counts(clock.instant().minus(Duration.ofMinutes(m)), good, total));
    }
    assertThat(evaluator.ingest(history)).isInstanceOf(Accepted.class);

    Instant from = clock.instant().minus(Duration.ofHours(18));
    SloTimeseries series = evaluator.timeseries(slo.name(), from, clock.instant(), Duration.ofMinutes(45))
        .orElseThrow();

    List<SloTimeseries.Point> points = series.objectives().getFirst().points();
    assertThat(points).hasSize(24);
    assertThat(series.range().start()).isEqualTo(Minutes.floor(from));
    for (SloTimeseries.Point p : points) {
      // The status at a step's end counts the minutes before it, as the step does.
      ObjectiveStatus status = evaluator.statusAt(slo.name(), p.end()).orElseThrow().objectives().getFirst();
      assertThat(p.budgetRemaining()).as("budget at %s", p.end())
          .isCloseTo(status.budget().remaining(), within(1e-9));
    }
  }

  @Test
  void a_step_counts_its_own_events_and_says_nan_when_it_has_none() {
    evaluator.load(catalog(rolling("x", ratioSli("x-ok"), Duration.ofDays(1), BudgetingMethod.OCCURRENCES,
        objective("main", "99"))));
    Instant now = clock.instant();
    assertThat(evaluator.ingest(List.of(counts(now.minus(Duration.ofMinutes(3)), 90, 100))))
        .isInstanceOf(Accepted.class);

    List<SloTimeseries.Point> points = evaluator
        .timeseries(SloName.of("x"), now.minus(Duration.ofMinutes(10)), now, Duration.ofMinutes(5))
        .orElseThrow().objectives().getFirst().points();

    assertThat(points).hasSize(2);
    assertThat(points.get(0).attainment()).isNaN();
    assertThat(points.get(0).budgetRemaining()).isEqualTo(1);
    assertThat(points.get(1).counts()).isEqualTo(new EventCounts(90, 100));
    assertThat(points.get(1).attainment()).isCloseTo(0.9, within(1e-12));
    // 10 bad of 100 against a 1 % budget: ten budgets spent, 9 overspent.
    assertThat(points.get(1).budgetRemaining()).isCloseTo(-9, within(1e-9));
    // Rolling ideal: 0 at the end of the window that ends at the last point, 5m of 1d before it.
    assertThat(points.get(0).idealBudgetRemaining()).isCloseTo(5.0 / 1440, within(1e-12));
    assertThat(points.get(1).idealBudgetRemaining()).isZero();
  }

  /** It once started at the first point's budget, so an overspent SLO drew its "ideal" below 0. */
  @Test
  void the_rolling_ideal_falls_from_1_at_the_window_start_to_0_at_its_end_whatever_the_budget() {
    evaluator.load(catalog(rolling("x", ratioSli("x-ok"), Duration.ofDays(1), BudgetingMethod.OCCURRENCES,
        objective("main", "99"))));
    Instant now = Minutes.floor(clock.instant());
    assertThat(evaluator.ingest(List.of(counts(now.minus(Duration.ofHours(20)), 0, 100))))
        .isInstanceOf(Accepted.class);

    List<SloTimeseries.Point> points = evaluator
        .timeseries(SloName.of("x"), now.minus(Duration.ofDays(2)), now, Duration.ofHours(1))
        .orElseThrow().objectives().getFirst().points();

    assertThat(points).hasSize(48);
    assertThat(points.get(35).budgetRemaining()).isNegative();
    assertThat(points.subList(0, 23)).allSatisfy(p -> assertThat(p.idealBudgetRemaining()).isNaN());
    assertThat(points.get(23).end()).isEqualTo(now.minus(Duration.ofDays(1)));
    assertThat(points.get(23).idealBudgetRemaining()).isEqualTo(1);
    assertThat(points.get(35).idealBudgetRemaining()).isCloseTo(0.5, within(1e-12));
    assertThat(points.getLast().idealBudgetRemaining()).isZero();
  }

  @Test
  void too_many_points_are_refused_with_the_count() {
    evaluator.load(catalog(rolling("x", ratioSli("x-ok"), Duration.ofDays(1), BudgetingMethod.OCCURRENCES,
        objective("main", "99"))));
    Instant now = clock.instant();
    assertThatThrownBy(() -> evaluator.timeseries(SloName.of("x"), now.minus(Duration.ofDays(7)), now, Minutes.ONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10080 steps");
    assertThat(evaluator.timeseries(SloName.of("nope"), now.minus(Duration.ofHours(1)), now, Minutes.ONE)).isEmpty();
  }
}

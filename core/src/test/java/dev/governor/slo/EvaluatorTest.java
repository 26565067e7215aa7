package dev.governor.slo;

import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.basics.Operator;
import dev.governor.basics.SliName;
import dev.governor.basics.SloName;
import static dev.governor.slo.Slos.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.governor.alert.Alert;
import dev.governor.alert.AlertCondition;
import dev.governor.alert.AlertPolicy;
import dev.governor.alert.AlertState;
import dev.governor.alert.Severity;
import dev.governor.sli.IngestOutcome;
import dev.governor.sli.IngestOutcome.Accepted;
import dev.governor.sli.IngestOutcome.Rejected;
import dev.governor.sli.SeriesKey;
import dev.governor.sli.SliEvent;
import dev.governor.testing.FakeClock;
import dev.governor.testing.InMemoryAlertStore;
import dev.governor.testing.InMemoryBucketStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EvaluatorTest {

  final FakeClock clock = FakeClock.at("2026-11-21T10:00:30Z");
  final InMemoryBucketStore buckets = new InMemoryBucketStore();
  final InMemoryAlertStore alerts = new InMemoryAlertStore();
  final Evaluator evaluator = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS);

  static SliEvent counts(String sli, Instant time, long good, long total) {
    return new SliEvent.Counts(SliName.of(sli), time, new EventCounts(good, total));
  }

  ObjectiveStatus only(String slo) {
    return evaluator.status(SloName.of(slo)).orElseThrow().objectives().getFirst();
  }

  @Test
  void status_reports_attainment_budget_and_burn_rates_over_the_window() {
    evaluator.load(catalog(rolling("checkout", ratioSli("checkout-ok"), Duration.ofDays(28),
        BudgetingMethod.OCCURRENCES, objective("main", "99.9"))));
    Instant t = clock.instant();
    assertThat(evaluator.ingest(List.of(
        counts("checkout-ok", t.minus(Duration.ofHours(2)), 99_990, 100_000),
        counts("checkout-ok", t, 998, 1000)))).isInstanceOf(Accepted.class);

    ObjectiveStatus s = only("checkout");
    assertThat(s.counts()).isEqualTo(new EventCounts(100_988, 101_000));
    assertThat(s.attainment()).isCloseTo(100_988.0 / 101_000, within(1e-12));
    assertThat(s.budget().allowed()).isEqualTo(Ratio.of(1, 1000));
    assertThat(s.budget().spent()).isEqualTo(12);
    assertThat(s.budget().total()).isCloseTo(101, within(1e-9));
    assertThat(s.budget().consumed()).isCloseTo((12.0 / 101_000) / 0.001, within(1e-9));
    // Over the last 5 minutes: 2 bad of 1000 is an error ratio of 0.002, twice the budget.
    assertThat(s.burnRate(Duration.ofMinutes(5)).orElseThrow().rate()).isCloseTo(2.0, within(1e-9));
    assertThat(s.burnRate(Duration.ofHours(6)).orElseThrow().counts()).isEqualTo(new EventCounts(100_988, 101_000));
    assertThat(s.noData()).isFalse();
    assertThat(s.budgetExhaustedAt()).isPresent();
  }

  @Test
  void an_slo_without_events_has_attainment_1_and_says_no_data() {
    evaluator.load(catalog(rolling("quiet", ratioSli("quiet-ok"), Duration.ofDays(7),
        BudgetingMethod.OCCURRENCES, objective("main", "99"))));
    ObjectiveStatus s = only("quiet");
    assertThat(s.attainment()).isEqualTo(1);
    assertThat(s.noData()).isTrue();
    assertThat(s.budget().remaining()).isEqualTo(1);
    assertThat(s.budgetExhaustedAt()).isEmpty();
  }

  @Test
  void events_leave_the_window_when_the_clock_passes_them() {
    evaluator.load(catalog(rolling("short", ratioSli("short-ok"), Duration.ofMinutes(10),
        BudgetingMethod.OCCURRENCES, objective("main", "99"))));
    evaluator.ingest(List.of(counts("short-ok", clock.instant(), 5, 10)));
    clock.advance(Duration.ofMinutes(9));
    evaluator.tick();
    assertThat(only("short").counts()).isEqualTo(new EventCounts(5, 10));
    clock.advance(Duration.ofMinutes(1));
    evaluator.tick();
    assertThat(only("short").counts()).isEqualTo(EventCounts.NONE);
  }

  @Test
  void a_threshold_sli_counts_a_value_against_each_objectives_threshold() {
    evaluator.load(catalog(rolling("search", thresholdSli("search-latency"), Duration.ofDays(1),
        BudgetingMethod.OCCURRENCES, below("p95", "95", "0.3"), below("p99", "99", "1.0"))));
    Instant t = clock.instant();
    evaluator.ingest(List.of(
        new SliEvent.Value(SliName.of("search-latency"), t, new BigDecimal("0.2"), 90),
        new SliEvent.Value(SliName.of("search-latency"), t, new BigDecimal("0.5"), 9),
        new SliEvent.Value(SliName.of("search-latency"), t, new BigDecimal("1.5"), 1)));
    List<ObjectiveStatus> s = evaluator.status(SloName.of("search")).orElseThrow().objectives();
    assertThat(s.get(0).counts()).isEqualTo(new EventCounts(90, 100));
    assertThat(s.get(1).counts()).isEqualTo(new EventCounts(99, 100));
  }

  @Test
  void events_of_a_version_count_for_the_slo_and_again_in_the_series_of_their_version() {
    evaluator.load(catalog(rolling("checkout", ratioSli("checkout-ok"), Duration.ofDays(28),
        BudgetingMethod.OCCURRENCES, objective("main", "99.9"))));
    Instant t = clock.instant();
    SliName sli = SliName.of("checkout-ok");
    IngestOutcome outcome = evaluator.ingest(List.of(
        new SliEvent.Counts(sli, t, new EventCounts(95, 100), Optional.of("1.4.2")),
        new SliEvent.Counts(sli, t, new EventCounts(900, 900), Optional.of("1.4.1")),
        counts("checkout-ok", t, 10, 10)));

    // One minute bucket of the SLI: the copies per version are not counted as buckets of their own.
    assertThat(outcome).isEqualTo(new Accepted(3, 1));
    assertThat(only("checkout").counts()).isEqualTo(new EventCounts(1005, 1010));
    Instant minute = Minutes.floor(t);
    SeriesKey all = SeriesKey.of(sli);
    assertThat(buckets.sum(all.ofVersion("1.4.2"), minute, minute.plusSeconds(60))).isEqualTo(new EventCounts(95, 100));
    assertThat(buckets.sum(all.ofVersion("1.4.1"), minute, minute.plusSeconds(60))).isEqualTo(new EventCounts(900, 900));
    assertThat(buckets.sum(all, minute, minute.plusSeconds(60))).isEqualTo(new EventCounts(1005, 1010));
  }

  @Test
  void a_threshold_value_of_a_version_is_judged_against_each_threshold_in_that_versions_series_too() {
    evaluator.load(catalog(rolling("search", thresholdSli("search-latency"), Duration.ofDays(1),
        BudgetingMethod.OCCURRENCES, below("p95", "95", "0.3"))));
    Instant t = clock.instant();
    evaluator.ingest(List.of(
        new SliEvent.Value(SliName.of("search-latency"), t, new BigDecimal("0.5"), 3, Optional.of("2.0.0"))));

    SeriesKey p95 = evaluator.catalog().slos().getFirst().seriesOf(evaluator.catalog().slos().getFirst().objectives().getFirst());
    Instant minute = Minutes.floor(t);
    assertThat(buckets.sum(p95.ofVersion("2.0.0"), minute, minute.plusSeconds(60))).isEqualTo(new EventCounts(0, 3));
    assertThat(only("search").counts()).isEqualTo(new EventCounts(0, 3));
  }

  @Test
  void a_batch_with_one_bad_event_is_rejected_whole_and_stores_nothing() {
    evaluator.load(catalog(rolling("checkout", ratioSli("checkout-ok"), Duration.ofDays(28),
        BudgetingMethod.OCCURRENCES, objective("main", "99.9"))));
    Instant t = clock.instant();
    IngestOutcome outcome = evaluator.ingest(List.of(
        counts("checkout-ok", t, 1, 1),
        counts("nope", t, 1, 1),
        counts("checkout-ok", t.plus(Duration.ofMinutes(6)), 1, 1),
        counts("checkout-ok", t.minus(Duration.ofDays(40)), 1, 1)));
    assertThat(outcome).isInstanceOfSatisfying(Rejected.class, r -> {
      assertThat(r.problems()).extracting(IngestOutcome.EventProblem::index).containsExactly(1, 2, 3);
      assertThat(r.problems().get(0).message()).contains("nope");
      assertThat(r.problems().get(1).field()).isEqualTo("time");
      assertThat(r.problems().get(1).message()).contains("ahead");
    });
    assertThat(only("checkout").counts()).isEqualTo(EventCounts.NONE);
    assertThat(buckets.range(dev.governor.sli.SeriesKey.of(SliName.of("checkout-ok")), Instant.EPOCH,
        Instant.parse("2100-01-01T00:00:00Z"))).isEmpty();
  }

  /** Two counts of 2^62 in one minute once overflowed EventCounts.plus: an ArithmeticException, a 500. */
  @Test
  void counts_that_would_overflow_a_bucket_are_refused_naming_the_event_and_nothing_is_stored() {
    evaluator.load(catalog(rolling("api", ratioSli("api-ok"), Duration.ofDays(1),
        BudgetingMethod.OCCURRENCES, objective("main", "99"))));
    Instant t = clock.instant();
    long huge = Long.MAX_VALUE / 2 + 1;

    IngestOutcome outcome = evaluator.ingest(List.of(
        counts("api-ok", t.minus(Duration.ofMinutes(3)), 10, 10),
        counts("api-ok", t, huge, huge),
        counts("api-ok", t, huge, huge)));

    assertThat(outcome).isInstanceOf(Rejected.class);
    assertThat(((Rejected) outcome).problems()).extracting(p -> p.index() + ":" + p.field())
        .containsExactly("1:total", "2:total");
    assertThat(((Rejected) outcome).problems().getFirst().message()).contains("api-ok").contains("10^12");
    assertThat(buckets.range(SeriesKey.of(SliName.of("api-ok")), t.minus(Duration.ofHours(1)), t.plus(Duration.ofHours(1))))
        .isEmpty();
  }

  @Test
  void a_bucket_holds_at_most_10_to_the_12_events_counting_what_is_stored_and_the_batch_before() {
    evaluator.load(catalog(rolling("api", ratioSli("api-ok"), Duration.ofDays(1),
        BudgetingMethod.OCCURRENCES, objective("main", "99"))));
    Instant t = clock.instant();
    long cap = dev.governor.sli.Bucket.MAX_TOTAL;
    assertThat(evaluator.ingest(List.of(counts("api-ok", t, cap - 10, cap - 10)))).isInstanceOf(Accepted.class);

    IngestOutcome outcome = evaluator.ingest(List.of(
        counts("api-ok", t.minus(Duration.ofMinutes(3)), 1, 1),
        counts("api-ok", t, 4, 6),
        counts("api-ok", t, 5, 5)));

    assertThat(outcome).isInstanceOf(Rejected.class);
    assertThat(((Rejected) outcome).problems()).extracting(p -> p.index() + ":" + p.field()).containsExactly("2:total");
    assertThat(only("api").counts()).isEqualTo(new EventCounts(cap - 10, cap - 10));
    assertThat(evaluator.ingest(List.of(counts("api-ok", t, 4, 10)))).isInstanceOf(Accepted.class);
    assertThat(only("api").counts()).isEqualTo(new EventCounts(cap - 6, cap));
    IngestOutcome value = evaluator.ingest(List.of(counts("api-ok", t, 0, 1)));
    assertThat(((Rejected) value).problems().getFirst().index()).isZero();
  }

  @Test
  void adapters_feed_only_slis_of_their_own_source_and_the_events_api_only_governor_slis() {
    MetricSource prometheus = new MetricSource("Prometheus", Optional.empty(), java.util.Map.of("query", "up"));
    Sli pulled = new Sli(SliName.of("pulled-ok"), "", "", new SliMetric.RatioMetric(true, Optional.of(prometheus),
        Optional.empty(), Optional.of(prometheus), Optional.empty(), Optional.empty()));
    evaluator.load(catalog(
        rolling("pulled", pulled, Duration.ofDays(7), BudgetingMethod.OCCURRENCES, objective("main", "99")),
        rolling("pushed", ratioSli("pushed-ok"), Duration.ofDays(7), BudgetingMethod.OCCURRENCES, objective("main", "99"))));
    Instant t = clock.instant();
    assertThat(evaluator.ingest(List.of(counts("pulled-ok", t, 1, 1)))).isInstanceOf(Rejected.class);
    assertThat(evaluator.ingest(List.of(counts("pushed-ok", t, 1, 1)), Evaluator.Source.ADAPTER))
        .isInstanceOf(Rejected.class);
    assertThat(evaluator.ingest(List.of(counts("pulled-ok", t, 3, 4)), Evaluator.Source.ADAPTER))
        .isInstanceOf(Accepted.class);
    assertThat(only("pulled").counts()).isEqualTo(new EventCounts(3, 4));
  }

  @Test
  void events_slightly_in_the_future_join_the_window_when_their_minute_comes() {
    evaluator.load(catalog(rolling("skew", ratioSli("skew-ok"), Duration.ofHours(1),
        BudgetingMethod.OCCURRENCES, objective("main", "99"))));
    evaluator.ingest(List.of(counts("skew-ok", clock.instant().plus(Duration.ofMinutes(3)), 7, 7)));
    assertThat(only("skew").counts()).isEqualTo(EventCounts.NONE);
    clock.advance(Duration.ofMinutes(3));
    assertThat(only("skew").counts()).isEqualTo(new EventCounts(7, 7));
  }

  /**
   * A load of many SLOs takes seconds while events keep arriving. The clock read at the load's
   * start may then lie further behind what was stored meanwhile than the future skew a rebuild
   * looks ahead: those events must still count. The clock here answers the load's first question
   * with a time ten minutes old, as if the load had run that long.
   */
  @Test
  void an_apply_counts_events_stored_while_it_ran_however_long_it_took() {
    java.util.concurrent.atomic.AtomicReference<Instant> loadStartedAt = new java.util.concurrent.atomic.AtomicReference<>();
    java.time.InstantSource slowLoadClock = () -> {
      Instant stale = loadStartedAt.getAndSet(null);
      return stale != null ? stale : clock.instant();
    };
    Evaluator evaluator = new Evaluator(buckets, alerts, slowLoadClock, EvaluatorSettings.DEFAULTS);
    evaluator.load(catalog(rolling("checkout", ratioSli("checkout-ok"), Duration.ofDays(1),
        BudgetingMethod.OCCURRENCES, objective("main", "99.9"))));
    Instant started = clock.instant();
    clock.advance(Duration.ofMinutes(10));
    assertThat(evaluator.ingest(List.of(counts("checkout-ok", clock.instant(), 3, 5)))).isInstanceOf(Accepted.class);

    loadStartedAt.set(started);
    evaluator.load(catalog(rolling("checkout", ratioSli("checkout-ok"), Duration.ofDays(1),
        BudgetingMethod.OCCURRENCES, objective("main", "99"))));

    assertThat(evaluator.status(SloName.of("checkout")).orElseThrow().objectives().getFirst().counts())
        .isEqualTo(new EventCounts(3, 5));
  }

  @Test
  void a_fast_burn_pages_within_the_ingest_that_carried_it_and_resolves_after_recovery() {
    evaluator.load(catalog(rolling("checkout", ratioSli("checkout-ok"), Duration.ofDays(30),
        BudgetingMethod.OCCURRENCES, objective("main", "99.9"))));
    Instant t = clock.instant();
    // 2 % errors for an hour: a burn rate of 20x, above the 14.4x page threshold.
    List<SliEvent> burn = new ArrayList<>();
    for (int m = 59; m >= 0; m--) burn.add(counts("checkout-ok", t.minus(Duration.ofMinutes(m)), 980, 1000));
    evaluator.ingest(burn);

    List<Alert> firing = alerts.firing();
    assertThat(firing).extracting(a -> a.key().rule()).contains("page");
    Alert page = firing.stream().filter(a -> a.severity() == Severity.PAGE).findFirst().orElseThrow();
    assertThat(page.startedAt()).isEqualTo(t);
    assertThat(page.summary()).contains("checkout", "1h", "5m", "14.4");
    assertThat(evaluator.status(SloName.of("checkout")).orElseThrow().firingAlerts()).contains(page);

    // Clean traffic: the 1h/5m pair recovers within 5 minutes, the 6h/30m pair within 30. The
    // tick moves the windows at each minute; ingestion never does.
    for (int m = 1; m <= 30; m++) {
      clock.advance(Duration.ofMinutes(1));
      evaluator.tick();
      evaluator.ingest(List.of(counts("checkout-ok", clock.instant(), 1000, 1000)));
    }
    assertThat(alerts.list(Optional.of(AlertState.RESOLVED), Optional.empty(), 10))
        .extracting(Alert::id).contains(page.id());
  }

  /** A tick judges only rules whose sums moved since it last judged them, whoever moved them. */
  @Test
  void a_tick_judges_the_rules_of_windows_a_reader_moved_before_it() {
    evaluator.load(catalog(rolling("checkout", ratioSli("checkout-ok"), Duration.ofDays(30),
        BudgetingMethod.OCCURRENCES, objective("main", "99.9"))));
    clock.advance(EvaluatorSettings.DEFAULT_NO_DATA_AFTER.plus(Duration.ofMinutes(2))); // past the no-data listening period
    evaluator.tick();
    // Failures stamped in the next minute wait outside the windows until that minute comes.
    Instant next = Minutes.floor(clock.instant()).plus(Minutes.ONE);
    assertThat(evaluator.ingest(List.of(counts("checkout-ok", next, 0, 1000)))).isInstanceOf(Accepted.class);
    evaluator.tick();
    assertThat(evaluator.firingAlerts()).isZero();

    clock.advance(Duration.ofMinutes(1));
    evaluator.statuses(); // a dashboard moves the windows before the tick does
    assertThat(evaluator.firingAlerts()).isZero();
    evaluator.tick();
    assertThat(alerts.firing()).extracting(a -> a.key().rule()).contains("page");
  }

  @Test
  void stored_events_are_accepted_even_when_saving_an_alert_fails_and_the_next_tick_saves_it() {
    var failing = new InMemoryAlertStore() {
      boolean down = true;

      @Override
      public synchronized void save(Alert alert) {
        if (down) throw new IllegalStateException("alert table unavailable");
        super.save(alert);
      }
    };
    Evaluator e = new Evaluator(buckets, failing, clock, EvaluatorSettings.DEFAULTS);
    e.load(catalog(rolling("checkout", ratioSli("checkout-ok"), Duration.ofDays(30),
        BudgetingMethod.OCCURRENCES, objective("main", "99.9"))));
    List<SliEvent> burn = new ArrayList<>();
    for (int m = 59; m >= 0; m--) burn.add(counts("checkout-ok", clock.instant().minus(Duration.ofMinutes(m)), 980, 1000));

    assertThat(e.ingest(burn)).isInstanceOf(Accepted.class);
    assertThat(failing.firing()).isEmpty();
    failing.down = false;
    e.tick();
    assertThat(failing.firing()).extracting(a -> a.key().rule()).contains("page");
  }

  @Test
  void the_alerts_that_open_together_are_stored_in_one_commit() {
    List<List<Alert>> commits = new ArrayList<>();
    InMemoryAlertStore counting = new InMemoryAlertStore() {
      @Override
      public synchronized void saveAll(List<Alert> alerts) {
        commits.add(List.copyOf(alerts));
        super.saveAll(alerts);
      }
    };
    Evaluator e = new Evaluator(buckets, counting, clock, EvaluatorSettings.DEFAULTS);
    List<Slo> slos = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      slos.add(rolling("svc-" + i, ratioSli("svc-" + i + "-ok"), Duration.ofDays(30), BudgetingMethod.OCCURRENCES,
          objective("main", "99.9")));
    }
    e.load(catalog(slos.toArray(Slo[]::new)));
    List<SliEvent> burn = new ArrayList<>();
    for (int m = 59; m >= 0; m--) {
      // Each SLI twice a minute: its trackers are touched by two events of the batch.
      for (int i = 0; i < 5; i++) {
        burn.add(counts("svc-" + i + "-ok", clock.instant().minus(Duration.ofMinutes(m)), 490, 500));
        burn.add(counts("svc-" + i + "-ok", clock.instant().minus(Duration.ofMinutes(m)), 490, 500));
      }
    }

    assertThat(e.ingest(burn)).isInstanceOf(Accepted.class);

    assertThat(commits).hasSize(1);
    assertThat(commits.getFirst()).extracting(a -> a.key().slo().value() + " " + a.key().rule())
        .contains("svc-0 page", "svc-4 page").doesNotHaveDuplicates();
    assertThat(counting.firing()).hasSameSizeAs(commits.getFirst());
    assertThat(e.firingAlerts()).isEqualTo(commits.getFirst().size());
  }

  @Test
  void the_minimum_events_guard_keeps_one_failure_on_a_quiet_service_from_paging() {
    evaluator.load(catalog(rolling("quiet", ratioSli("quiet-ok"), Duration.ofDays(30),
        BudgetingMethod.OCCURRENCES, objective("main", "99.9"))));
    evaluator.ingest(List.of(counts("quiet-ok", clock.instant(), 0, 1)));
    assertThat(alerts.firing()).isEmpty();
  }

  @Test
  void an_openslo_alert_condition_fires_after_holding_for_alertAfter() {
    AlertCondition fast = new AlertCondition("fast-burn", "", Severity.PAGE, Operator.GTE, 2,
        Duration.ofMinutes(30), Duration.ofMinutes(5));
    AlertPolicy policy = new AlertPolicy("burn", "", false, true, true, List.of(fast), List.of());
    evaluator.load(catalog(slo("api", ratioSli("api-ok"), new SloWindow.Rolling(Duration.ofDays(28)),
        BudgetingMethod.OCCURRENCES, List.of(policy), objective("main", "99"))));
    evaluator.ingest(List.of(counts("api-ok", clock.instant(), 950, 1000))); // 5x
    assertThat(alerts.firing()).extracting(a -> a.key().rule()).doesNotContain("condition:fast-burn");
    clock.advance(Duration.ofMinutes(5));
    evaluator.tick();
    assertThat(alerts.firing()).extracting(a -> a.key().rule()).contains("condition:fast-burn");
  }

  /** alertAfter runs out between minute boundaries: a tick in a settled minute still fires it. */
  @Test
  void an_alertAfter_that_runs_out_within_a_minute_fires_at_the_next_tick_not_the_next_minute() {
    AlertCondition fast = new AlertCondition("fast-burn", "", Severity.PAGE, Operator.GTE, 2,
        Duration.ofMinutes(30), Duration.ofMinutes(5));
    AlertPolicy policy = new AlertPolicy("burn", "", false, true, true, List.of(fast), List.of());
    evaluator.load(catalog(slo("api", ratioSli("api-ok"), new SloWindow.Rolling(Duration.ofDays(28)),
        BudgetingMethod.OCCURRENCES, List.of(policy), objective("main", "99"))));
    clock.advance(EvaluatorSettings.DEFAULT_NO_DATA_AFTER.plus(Duration.ofMinutes(2))); // past the no-data listening period
    evaluator.tick();
    Instant since = clock.instant(); // hh:mm:30
    evaluator.ingest(List.of(counts("api-ok", since, 950, 1000))); // 5x, from now on

    clock.set(since.plus(Duration.ofMinutes(5)).minusSeconds(20)); // the minute it runs out in, before it does
    evaluator.tick();
    assertThat(alerts.firing()).extracting(a -> a.key().rule()).doesNotContain("condition:fast-burn");
    clock.set(since.plus(Duration.ofMinutes(5)).plusSeconds(10)); // same minute, alertAfter has passed
    evaluator.tick();
    assertThat(alerts.firing()).extracting(a -> a.key().rule()).contains("condition:fast-burn");
  }

  @Test
  void removing_a_condition_resolves_its_firing_alert() {
    AlertCondition fast = new AlertCondition("page", "", Severity.PAGE, Operator.GTE, 2,
        Duration.ofMinutes(30), Duration.ZERO);
    AlertPolicy policy = new AlertPolicy("burn", "", false, true, true, List.of(fast), List.of());
    Slo withPolicy = slo("api", ratioSli("api-ok"), new SloWindow.Rolling(Duration.ofDays(28)),
        BudgetingMethod.OCCURRENCES, List.of(policy), objective("main", "99"));
    evaluator.load(catalog(withPolicy));
    evaluator.ingest(List.of(counts("api-ok", clock.instant(), 950, 1000))); // 5x: the condition, not the page
    // A condition named "page" is its own alert, not the built-in page rule's.
    assertThat(alerts.firing()).extracting(a -> a.key().rule()).contains("condition:page").doesNotContain("page");

    evaluator.load(catalog(rolling("api", ratioSli("api-ok"), Duration.ofDays(28),
        BudgetingMethod.OCCURRENCES, objective("main", "99"))));
    assertThat(alerts.firing()).extracting(a -> a.key().rule()).doesNotContain("condition:page");
    assertThat(alerts.list(Optional.of(AlertState.RESOLVED), Optional.empty(), 10))
        .extracting(a -> a.key().rule()).containsExactly("condition:page");
  }

  @Test
  void history_is_kept_for_the_longest_condition_lookback_not_only_the_slo_window() {
    AlertCondition weekly = new AlertCondition("weekly", "", Severity.TICKET, Operator.GTE, 1,
        Duration.ofDays(7), Duration.ZERO);
    AlertPolicy policy = new AlertPolicy("slow", "", false, true, true, List.of(weekly), List.of());
    evaluator.load(catalog(slo("api", ratioSli("api-ok"), new SloWindow.Rolling(Duration.ofDays(1)),
        BudgetingMethod.OCCURRENCES, List.of(policy), objective("main", "99"))));
    assertThat(evaluator.retention()).isGreaterThan(Duration.ofDays(7));
  }

  @Test
  void retention_deletes_only_what_every_window_has_already_let_go() {
    evaluator.load(catalog(rolling("short", ratioSli("short-ok"), Duration.ofHours(1),
        BudgetingMethod.OCCURRENCES, objective("main", "99"))));
    Instant start = clock.instant();
    for (int hour = 0; hour < 100; hour++) {
      evaluator.ingest(List.of(counts("short-ok", clock.instant(), 90, 100)));
      clock.advance(Duration.ofHours(1).plusMinutes(7));
      if (hour % 10 == 0) evaluator.enforceRetention();
    }
    evaluator.enforceRetention();
    assertThat(buckets.range(dev.governor.sli.SeriesKey.of(SliName.of("short-ok")), start, clock.instant()))
        .allSatisfy(b -> assertThat(b.minute()).isAfterOrEqualTo(clock.instant().minus(evaluator.retention())));
    ObjectiveStatus live = only("short");
    ObjectiveStatus stored = evaluator.statusAt(SloName.of("short"), clock.instant()).orElseThrow().objectives().getFirst();
    assertThat(live.burnRates()).extracting(BurnRate::counts)
        .containsExactlyElementsOf(stored.burnRates().stream().map(BurnRate::counts).toList());
  }

  @Test
  void a_timeslice_budget_is_time_so_one_bad_hour_early_in_the_month_spends_a_small_share() {
    evaluator.load(catalog(calendarMonth("pay", ratioSli("pay-ok"), "UTC", BudgetingMethod.TIMESLICES,
        timeslice("minutes", "99.5", "0.95", Duration.ofMinutes(1)))));
    clock.set(Instant.parse("2026-11-02T00:00:30Z")); // one day into a 30-day month
    evaluator.tick();
    List<SliEvent> day = new ArrayList<>();
    for (int m = 0; m < 1440; m++) {
      boolean bad = m < 10; // ten bad minutes
      day.add(counts("pay-ok", Instant.parse("2026-11-01T00:00:00Z").plus(Duration.ofMinutes(m)), bad ? 50 : 100, 100));
    }
    evaluator.ingest(day);
    ObjectiveStatus s = only("pay");
    // The month allows 0.5 % of 43,200 minutes: 216 minutes. Ten are gone.
    assertThat(s.budget().total()).isCloseTo(216, within(1e-9));
    assertThat(s.budget().spent()).isEqualTo(10);
    assertThat(s.budget().consumed()).isCloseTo(10.0 / 216, within(1e-12));
    assertThat(s.counts()).isEqualTo(new EventCounts(1430, 1440));
  }

  @Test
  void a_burn_window_shorter_than_a_slice_sees_the_slice_in_progress() {
    evaluator.load(catalog(rolling("hourly", ratioSli("hourly-ok"), Duration.ofDays(7),
        BudgetingMethod.TIMESLICES, timeslice("hours", "99", "0.99", Duration.ofHours(1)))));
    clock.set(Instant.parse("2026-11-21T10:30:00Z"));
    evaluator.ingest(List.of(counts("hourly-ok", clock.instant(), 10, 100)));
    ObjectiveStatus s = only("hourly");
    assertThat(s.burnRate(Duration.ofMinutes(5)).orElseThrow().counts()).isEqualTo(new EventCounts(0, 1));
  }

  /** Every slice has a bad event, so no slice is perfect: good is still the slices' good share. */
  @Test
  void ratio_timeslices_report_the_exact_sum_of_the_slice_ratios_as_good_units() {
    evaluator.load(catalog(rolling("r", ratioSli("r-ok"), Duration.ofDays(1), BudgetingMethod.RATIO_TIMESLICES,
        timeslice("main", "99", "0.95", Duration.ofMinutes(10)))));
    Random random = new Random(3);
    Instant from = Instant.parse("2026-11-21T04:00:00Z");
    List<SliEvent> batch = new ArrayList<>();
    java.util.Map<Instant, long[]> bySlice = new java.util.TreeMap<>();
    for (int i = 0; i < 2000; i++) {
      Instant time = from.plusSeconds(random.nextInt(6 * 3600));
      long total = 2 + random.nextInt(1000);
      long good = total - 1 - random.nextInt((int) total / 10 + 1);
      batch.add(counts("r-ok", time, good, total));
      long[] slice = bySlice.computeIfAbsent(Minutes.floor(time, Duration.ofMinutes(10)), k -> new long[2]);
      slice[0] += good;
      slice[1] += total;
    }
    assertThat(evaluator.ingest(batch)).isInstanceOf(Accepted.class);
    BigDecimal expected = BigDecimal.ZERO;
    BigDecimal lastHour = BigDecimal.ZERO;
    for (var e : bySlice.entrySet()) {
      BigDecimal ratio = BigDecimal.valueOf(e.getValue()[0])
          .divide(BigDecimal.valueOf(e.getValue()[1]), 9, java.math.RoundingMode.HALF_EVEN);
      expected = expected.add(ratio);
      if (!e.getKey().isBefore(Instant.parse("2026-11-21T09:00:00Z"))) lastHour = lastHour.add(ratio);
    }

    for (ObjectiveStatus s : List.of(only("r"),
        evaluator.statusAt(SloName.of("r"), clock.instant()).orElseThrow().objectives().getFirst())) {
      assertThat(s.counts()).isEqualTo(new EventCounts(0, bySlice.size()));
      assertThat(s.goodUnits()).isEqualByComparingTo(expected);
      assertThat(s.attainment()).isCloseTo(expected.doubleValue() / bySlice.size(), within(1e-12));
      assertThat(s.burnRate(Duration.ofHours(1)).orElseThrow().goodUnits()).isEqualByComparingTo(lastHour);
      assertThat(s.burnRate(Duration.ofDays(1)).orElseThrow().goodUnits()).isEqualByComparingTo(expected);
    }
  }

  @Test
  void the_low_traffic_guard_counts_events_not_slices() {
    evaluator.load(catalog(rolling("quiet", ratioSli("quiet-ok"), Duration.ofDays(30),
        BudgetingMethod.TIMESLICES, timeslice("minutes", "99.9", "0.9", Duration.ofMinutes(1)))));
    List<SliEvent> burn = new ArrayList<>();
    for (int m = 59; m >= 0; m--) burn.add(counts("quiet-ok", clock.instant().minus(Duration.ofMinutes(m)), 0, 1));
    evaluator.ingest(burn); // 60 bad slices of one event each: 60 events, above the guard of 10
    assertThat(alerts.firing()).extracting(a -> a.key().rule()).contains("page");

    Evaluator guarded = new Evaluator(new InMemoryBucketStore(), new InMemoryAlertStore(), clock,
        new EvaluatorSettings(Duration.ofMinutes(5), Duration.ofDays(1), 61));
    guarded.load(catalog(rolling("quiet", ratioSli("quiet-ok"), Duration.ofDays(30),
        BudgetingMethod.TIMESLICES, timeslice("minutes", "99.9", "0.9", Duration.ofMinutes(1)))));
    guarded.ingest(burn);
    assertThat(guarded.status(SloName.of("quiet")).orElseThrow().firingAlerts()).isEmpty();
  }

  @Test
  void a_tick_reads_the_windows_longer_than_the_recent_minutes_a_span_at_a_time_however_long_the_window() {
    Evaluator longOne = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS);
    longOne.load(catalog(rolling("long", ratioSli("long-ok"), Duration.ofDays(28),
        BudgetingMethod.OCCURRENCES, objective("main", "99.9"))));
    clock.advance(Duration.ofMinutes(1));
    longOne.tick(); // reads the recent minutes once
    int longReads = readsOverTicks(longOne, 2 * LeavingMinutes.SPAN);

    Evaluator shortOne = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS);
    shortOne.load(catalog(rolling("short", ratioSli("short-ok"), Duration.ofMinutes(90),
        BudgetingMethod.OCCURRENCES, objective("main", "99.9"))));
    clock.advance(Duration.ofMinutes(1));
    shortOne.tick();
    int shortReads = readsOverTicks(shortOne, 2 * LeavingMinutes.SPAN);

    // Of the 9 windows (7 burn windows, the no-data rule's quiet window and the SLO's own), those
    // up to 6 hours leave minutes the shard keeps in memory; each longer one reads a span of its
    // next leaving minutes every 16 ticks (the first span may be shorter, to spread the series'
    // reads over the ticks), the 28-day window as much as the 1-day one.
    assertThat(longReads).isBetween(3 * 2, 3 * 3);
    assertThat(shortReads).isBetween(2 * 2, 2 * 3);
  }

  /** The store reads of {@code ticks} ticks a minute apart. */
  private int readsOverTicks(Evaluator evaluator, int ticks) {
    int before = buckets.reads;
    for (int i = 0; i < ticks; i++) {
      clock.advance(Duration.ofMinutes(1));
      evaluator.tick();
    }
    return buckets.reads - before;
  }

  /**
   * The running sums must always equal what summing the store gives. Random traffic, late and
   * early events, random clock jumps; after every step the live status is compared with the status
   * recomputed from the store.
   */
  @ParameterizedTest
  @ValueSource(strings = {"OCCURRENCES", "TIMESLICES", "RATIO_TIMESLICES", "CALENDAR"})
  void running_sums_always_equal_the_sums_of_the_stored_history(String kind) {
    Slo slo = switch (kind) {
      case "OCCURRENCES" -> rolling("x", ratioSli("x-ok"), Duration.ofHours(12), BudgetingMethod.OCCURRENCES,
          objective("main", "99"));
      case "TIMESLICES" -> rolling("x", ratioSli("x-ok"), Duration.ofHours(12), BudgetingMethod.TIMESLICES,
          timeslice("main", "95", "0.9", Duration.ofMinutes(5)),
          timeslice("minute", "90", "0.95", Duration.ofMinutes(1)));
      case "RATIO_TIMESLICES" -> rolling("x", ratioSli("x-ok"), Duration.ofHours(12),
          BudgetingMethod.RATIO_TIMESLICES, timeslice("main", "95", "0.9", Duration.ofMinutes(10)));
      case "CALENDAR" -> calendarMonth("x", ratioSli("x-ok"), "Europe/Berlin", BudgetingMethod.OCCURRENCES,
          objective("main", "99.5"));
      default -> throw new IllegalArgumentException(kind);
    };
    clock.set(Instant.parse("2026-11-30T20:00:00Z")); // the calendar case crosses into December
    evaluator.load(catalog(slo));
    Random random = new Random(42);
    for (int step = 0; step < 400; step++) {
      List<SliEvent> batch = new ArrayList<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        long total = 1 + random.nextInt(20);
        long good = random.nextInt(10) == 0 ? random.nextInt((int) total + 1) : total;
        long offsetSeconds = random.nextInt(4 * 3600) - 4 * 3600 + 240; // mostly late, some early
        if (random.nextInt(50) == 0) offsetSeconds = -random.nextInt(20 * 3600);
        batch.add(counts("x-ok", clock.instant().plusSeconds(offsetSeconds), good, total));
      }
      assertThat(evaluator.ingest(batch)).isInstanceOf(Accepted.class);
      clock.advance(Duration.ofSeconds(random.nextInt(random.nextInt(30) == 0 ? 3600 : 150)));
      if (random.nextBoolean()) evaluator.tick();
      if (step % 20 == 19) assertLiveEqualsStored(slo);
    }
    assertLiveEqualsStored(slo);
  }

  private void assertLiveEqualsStored(Slo slo) {
    SloStatus live = evaluator.status(slo.name()).orElseThrow();
    // The live status counts the minute in progress, as a status at an instant inside that minute
    // does; one at the minute's first instant counts only the minutes before it.
    Instant at = live.at().equals(Minutes.floor(live.at())) ? live.at().plusMillis(1) : live.at();
    if (!UnitRule.of(slo.budgetingMethod(), slo.objectives().getFirst()).isAdditive()
        && !buckets.range(SeriesKey.of(slo.indicator().name()), Minutes.floor(at).plus(Minutes.ONE),
            at.plus(Duration.ofHours(1))).isEmpty()) {
      // The live sums hold the slice in progress whole, with the events stamped ahead of the clock
      // in its later minutes; a status at an instant holds only the minutes before it.
      return;
    }
    SloStatus stored = evaluator.statusAt(slo.name(), at).orElseThrow();
    for (int i = 0; i < live.objectives().size(); i++) {
      ObjectiveStatus l = live.objectives().get(i);
      ObjectiveStatus s = stored.objectives().get(i);
      assertThat(l.counts()).as("window counts at %s", live.at()).isEqualTo(s.counts());
      assertThat(l.window()).isEqualTo(s.window());
      assertThat(l.attainment()).isCloseTo(s.attainment(), within(1e-9));
      for (int w = 0; w < l.burnRates().size(); w++) {
        assertThat(l.burnRates().get(w).counts()).as("burn window %s", l.burnRates().get(w).window())
            .isEqualTo(s.burnRates().get(w).counts());
        assertThat(l.burnRates().get(w).rate()).isCloseTo(s.burnRates().get(w).rate(), within(1e-6));
      }
    }
  }
}

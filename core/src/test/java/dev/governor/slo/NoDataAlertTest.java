package dev.governor.slo;

import dev.governor.basics.EventCounts;
import dev.governor.basics.SliName;
import static dev.governor.slo.Slos.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.alert.Alert;
import dev.governor.alert.AlertState;
import dev.governor.alert.Severity;
import dev.governor.sli.SliEvent;
import dev.governor.testing.FakeClock;
import dev.governor.testing.InMemoryAlertStore;
import dev.governor.testing.InMemoryBucketStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code nodata} alert: an SLI that was sending and went quiet for alerts.noDataAfter. */
class NoDataAlertTest {

  static final Duration QUIET = Duration.ofMinutes(15);
  static final Instant START = Instant.parse("2026-11-21T10:00:30Z");

  final FakeClock clock = new FakeClock(START);
  final InMemoryBucketStore buckets = new InMemoryBucketStore();
  final InMemoryAlertStore alerts = new InMemoryAlertStore();
  final EvaluatorSettings settings = new EvaluatorSettings(Duration.ofMinutes(5), Duration.ofDays(1), 10, QUIET);

  Evaluator evaluator = started(settings);

  static Catalog checkout() {
    return catalog(rolling("checkout", ratioSli("checkout-ok"), Duration.ofDays(28),
        BudgetingMethod.OCCURRENCES, objective("main", "99.9"), objective("strict", "99.99")));
  }

  Evaluator started(EvaluatorSettings s) {
    Evaluator e = new Evaluator(buckets, alerts, clock, s);
    e.load(checkout());
    return e;
  }

  void send() {
    evaluator.ingest(List.of(new SliEvent.Counts(SliName.of("checkout-ok"), clock.instant(), new EventCounts(100, 100))));
  }

  /** Moves the clock minute by minute and ticks, as the scheduler would. */
  void quietFor(Duration d) {
    for (long m = 0; m < d.toMinutes(); m++) {
      clock.advance(Duration.ofMinutes(1));
      evaluator.tick();
    }
  }

  List<Alert> firingNoData() {
    return alerts.firing().stream().filter(a -> a.key().rule().equals("nodata")).toList();
  }

  @Test
  void an_sli_that_goes_quiet_fires_a_nodata_ticket_once_the_quiet_period_has_passed_and_not_before() {
    clock.advance(Duration.ofMinutes(20)); // listening for longer than the quiet period
    evaluator.tick();
    send(); // at 10:20:30: the last events arrive in the minute 10:20

    quietFor(Duration.ofMinutes(15)); // 10:35:30: 15 minutes since 10:20:30, but the minute 10:20 is in the window
    assertThat(firingNoData()).isEmpty();

    clock.set(Instant.parse("2026-11-21T10:36:00Z")); // 15.5 minutes since the last event
    evaluator.tick();
    assertThat(firingNoData()).singleElement().satisfies(alert -> {
      assertThat(alert.severity()).isEqualTo(Severity.TICKET);
      assertThat(alert.key().objective()).isEqualTo("main");
      assertThat(alert.startedAt()).isEqualTo(Instant.parse("2026-11-21T10:36:00Z"));
      assertThat(alert.summary()).contains("checkout", "checkout-ok", "since 2026-11-21T10:21:00Z", "15m");
    });
  }

  @Test
  void one_alert_per_slo_not_one_per_objective() {
    clock.advance(Duration.ofMinutes(20));
    send();
    quietFor(Duration.ofMinutes(30));
    assertThat(firingNoData()).extracting(a -> a.key().objective()).containsExactly("main");
  }

  @Test
  void an_slo_whose_sli_never_had_data_fires_no_nodata_alert() {
    quietFor(Duration.ofHours(2));
    assertThat(firingNoData()).isEmpty();
  }

  @Test
  void an_sli_quiet_for_more_than_a_day_before_it_was_watched_fires_no_nodata_alert() {
    send();
    Evaluator later = new Evaluator(buckets, alerts, clock, settings);
    clock.advance(Duration.ofDays(1).plusHours(1));
    later.load(checkout());
    evaluator = later;
    quietFor(Duration.ofMinutes(30));
    assertThat(firingNoData()).isEmpty();
  }

  @Test
  void new_events_resolve_the_nodata_alert_within_the_ingest_that_carried_them() {
    clock.advance(Duration.ofMinutes(20));
    send();
    quietFor(Duration.ofMinutes(20));
    Alert open = firingNoData().getFirst();

    send();

    assertThat(firingNoData()).isEmpty();
    assertThat(alerts.list(Optional.of(AlertState.RESOLVED), Optional.empty(), 10))
        .singleElement().satisfies(a -> {
          assertThat(a.id()).isEqualTo(open.id());
          assertThat(a.resolvedAt()).contains(clock.instant());
        });
  }

  @Test
  void a_nodata_alert_keeps_firing_past_the_day_that_started_it_until_data_arrives() {
    clock.advance(Duration.ofMinutes(20));
    send();
    quietFor(Duration.ofMinutes(20));
    assertThat(firingNoData()).hasSize(1);

    clock.advance(Duration.ofDays(2));
    evaluator.tick();

    assertThat(firingNoData()).hasSize(1);
    assertThat(alerts.list(Optional.empty(), Optional.empty(), 10)).hasSize(1);
  }

  @Test
  void a_firing_nodata_alert_survives_a_restart_through_the_alert_store_and_resolves_on_new_data() {
    clock.advance(Duration.ofMinutes(20));
    send();
    quietFor(Duration.ofMinutes(20));
    Alert open = firingNoData().getFirst();

    clock.advance(Duration.ofMinutes(5));
    evaluator = started(settings); // a new process: same stores, fresh memory

    assertThat(firingNoData()).containsExactly(open);
    quietFor(Duration.ofMinutes(30));
    assertThat(alerts.list(Optional.empty(), Optional.empty(), 10)).containsExactly(open);

    send();
    assertThat(firingNoData()).isEmpty();
    assertThat(alerts.list(Optional.of(AlertState.RESOLVED), Optional.empty(), 10))
        .extracting(Alert::id).containsExactly(open.id());
  }

  @Test
  void a_restart_after_downtime_waits_a_full_quiet_period_before_blaming_the_sender() {
    send();
    clock.advance(Duration.ofMinutes(30)); // Governor was down: nobody could send to it
    evaluator = started(settings);
    assertThat(firingNoData()).isEmpty();

    quietFor(Duration.ofMinutes(14));
    assertThat(firingNoData()).isEmpty();
    quietFor(Duration.ofMinutes(1));
    assertThat(firingNoData()).hasSize(1);
  }

  @Test
  void a_quiet_period_of_zero_turns_nodata_alerts_off_and_resolves_any_left_firing() {
    clock.advance(Duration.ofMinutes(20));
    send();
    quietFor(Duration.ofMinutes(20));
    assertThat(firingNoData()).hasSize(1);

    evaluator = started(new EvaluatorSettings(Duration.ofMinutes(5), Duration.ofDays(1), 10, Duration.ZERO));

    assertThat(firingNoData()).isEmpty();
    quietFor(Duration.ofHours(1));
    assertThat(firingNoData()).isEmpty();
  }

  @Test
  void removing_the_slo_resolves_its_nodata_alert() {
    clock.advance(Duration.ofMinutes(20));
    send();
    quietFor(Duration.ofMinutes(20));
    assertThat(firingNoData()).hasSize(1);

    evaluator.load(catalog());

    assertThat(firingNoData()).isEmpty();
  }

  @Test
  void the_quiet_period_must_be_zero_or_whole_minutes_under_a_day() {
    assertThatThrownBy(() -> new EvaluatorSettings(Duration.ofMinutes(5), Duration.ofDays(1), 10, Duration.ofSeconds(90)))
        .hasMessageContaining("noDataAfter").hasMessageContaining("PT1M30S");
    assertThatThrownBy(() -> new EvaluatorSettings(Duration.ofMinutes(5), Duration.ofDays(1), 10, Duration.ofDays(1)))
        .hasMessageContaining("under 1 day");
    assertThatThrownBy(() -> new EvaluatorSettings(Duration.ofMinutes(5), Duration.ofDays(1), 10, Duration.ofMinutes(-5)))
        .hasMessageContaining("noDataAfter");
  }
}

package dev.governor.slo;

import static dev.governor.slo.EvaluatorTest.counts;
import static dev.governor.slo.Slos.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.sli.BucketIncrement;
import dev.governor.sli.SeriesKey;
import dev.governor.sli.IngestOutcome.Accepted;
import dev.governor.testing.FakeClock;
import dev.governor.testing.InMemoryAlertStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The minutes leaving the windows of up to six hours come from the shards' recent minutes, not from
 * the store, from the first tick after a start on; and the sums stay exact to the event, also for
 * minutes stored further ahead than the events a restarted engine admits.
 */
class TickReadsTest {

  private final FakeClock clock = FakeClock.at("2026-12-05T10:00:30Z");
  private final WatchedBucketStore buckets = new WatchedBucketStore(Duration.ZERO);
  private final InMemoryAlertStore alerts = new InMemoryAlertStore();
  private static final Slo API = rolling("api", ratioSli("api-ok"), Duration.ofDays(30),
      BudgetingMethod.OCCURRENCES, objective("main", "99"));

  @Test
  void after_a_start_a_tick_reads_only_the_minutes_leaving_the_longer_windows() {
    Evaluator evaluator = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS);
    evaluator.load(catalog(API));
    live(evaluator, Duration.ofHours(7));
    // A restart: the new engine reads the last six hours from the store once, at its first tick.
    evaluator = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS);
    evaluator.load(catalog(API));
    evaluator.tick();
    buckets.minutesRead.clear();

    live(evaluator, Duration.ofMinutes(30));

    Instant sixHoursAgo = Minutes.floor(clock.instant()).minus(Duration.ofHours(6));
    assertThat(buckets.minutesRead).isNotEmpty().allSatisfy(m -> assertThat(m).isBefore(sixHoursAgo));
    assertExact(evaluator);
  }

  @Test
  void the_minutes_leaving_the_day_long_windows_are_read_a_span_at_a_time_and_late_writes_into_a_span_count() {
    Evaluator evaluator = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS);
    evaluator.load(catalog(API));
    live(evaluator, Duration.ofHours(73));
    buckets.minutesRead.clear();
    buckets.minuteReads.set(0);
    buckets.rangeReads.set(0);

    for (int i = 0; i < 64; i++) {
      clock.advance(Minutes.ONE);
      Instant now = clock.instant();
      // Late events for minutes about to leave the 1-day and 3-day windows, some already read in a
      // span, and one for the minute leaving right now.
      assertThat(evaluator.ingest(List.of(counts("api-ok", now, 90, 100),
          counts("api-ok", now.minus(Duration.ofDays(1)).plus(Duration.ofMinutes(i % 5 + 1)), 1, 3),
          counts("api-ok", now.minus(Duration.ofDays(3)).plus(Duration.ofMinutes(i % 17)), 2, 2),
          counts("api-ok", now.minus(Duration.ofDays(1)), 0, 1))))
          .isInstanceOf(Accepted.class);
      evaluator.tick();
      assertExact(evaluator);
    }

    // The 1-day, 3-day and 30-day windows: about one span of 16 minutes each per 16 ticks, where a
    // lookup a minute made 64 reads each.
    assertThat(buckets.rangeReads.get()).isBetween(3L, 3L * (64 / LeavingMinutes.SPAN + 1));
    assertThat(buckets.minuteReads.get()).isZero();
  }

  @Test
  void a_write_into_a_span_between_its_read_and_the_move_is_read_again_not_lost() {
    Evaluator evaluator = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS);
    evaluator.load(catalog(API));
    live(evaluator, Duration.ofHours(25));
    List<Instant> written = new java.util.ArrayList<>();
    // The first minute of the next span read: the minute leaving a window at that very tick.
    buckets.afterRangeRead = from -> {
      written.add(from);
      assertThat(evaluator.ingest(List.of(counts("api-ok", from, 0, 7)))).isInstanceOf(Accepted.class);
    };

    for (int i = 0; i < 2 * LeavingMinutes.SPAN; i++) {
      clock.advance(Minutes.ONE);
      evaluator.tick();
      assertExact(evaluator);
    }
    assertThat(written).hasSize(1);
  }

  @Test
  void a_window_applied_again_after_retention_deleted_minutes_a_span_held_counts_them_as_deleted() {
    SeriesKey series = SeriesKey.of(dev.governor.basics.SliName.of("api-ok"));
    Instant start = Minutes.floor(clock.instant());
    List<BucketIncrement> history = new java.util.ArrayList<>();
    for (Instant m = start.minus(Duration.ofDays(31)); !m.isAfter(start); m = m.plus(Minutes.ONE)) {
      history.add(new BucketIncrement(series, m, new EventCounts(9, 10)));
    }
    buckets.add(history);
    Evaluator evaluator = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS);
    evaluator.load(catalog(API));
    // On to the tick that reads a whole span of the 30-day window's leaving minutes.
    Instant leaving = start.plus(Minutes.ONE).minus(Duration.ofDays(30));
    Instant whole = LeavingMinutes.spanEnd(series, leaving).plus(Duration.ofDays(30));
    while (clock.instant().isBefore(whole)) ticks(evaluator, 1);

    // A shorter window shortens the retention, which deletes the minutes the span holds; the
    // 30-day window, applied again, reads its sums from what is left.
    evaluator.load(catalog(rolling("api", ratioSli("api-ok"), Duration.ofDays(7), BudgetingMethod.OCCURRENCES,
        objective("main", "99"))));
    assertThat(evaluator.enforceRetention()).isPositive();
    evaluator.load(catalog(API));
    ticks(evaluator, 3);

    assertExact(evaluator);
  }

  @Test
  void minutes_stored_past_what_a_restart_admits_after_a_clock_step_back_still_count() {
    clock.set(Instant.parse("2026-12-05T10:00:02Z"));
    storeOneMinute(EvaluatorSettings.DEFAULTS, Instant.parse("2026-12-05T10:05:01Z"));

    clock.set(Instant.parse("2026-12-05T09:59:58Z"));
    Evaluator restarted = started();
    ticks(restarted, 7);

    assertExact(restarted);
  }

  @Test
  void minutes_stored_under_a_longer_future_skew_still_count_after_a_restart_with_a_shorter_one() {
    storeOneMinute(TEN_MINUTES_AHEAD, Instant.parse("2026-12-05T10:06:10Z"));

    clock.advance(Duration.ofSeconds(10));
    Evaluator restarted = started();
    ticks(restarted, 7);

    assertExact(restarted);
  }

  @Test
  void a_minute_stored_further_ahead_than_a_restart_admits_enters_the_windows_when_the_clock_reaches_it() {
    storeOneMinute(TEN_MINUTES_AHEAD, Instant.parse("2026-12-05T10:09:10Z"));

    Evaluator restarted = started();
    for (int minutes = 0; minutes < 20; minutes++) {
      ticks(restarted, 1);
      assertExact(restarted);
    }
  }

  @Test
  void an_slo_applied_over_an_sli_fed_before_it_counts_what_was_stored_ahead() {
    clock.set(Instant.parse("2026-12-05T10:00:02Z"));
    Evaluator evaluator = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS);
    evaluator.load(new Catalog(List.of(), List.of(), List.of(ratioSli("api-ok")), List.of(), List.of(), List.of(), List.of()));
    assertThat(evaluator.ingest(List.of(counts("api-ok", Instant.parse("2026-12-05T10:05:01Z"), 0, 100))))
        .isInstanceOf(Accepted.class);

    clock.set(Instant.parse("2026-12-05T09:59:58Z"));
    evaluator.load(catalog(API));
    ticks(evaluator, 7);

    assertExact(evaluator);
  }

  private static final EvaluatorSettings TEN_MINUTES_AHEAD =
      new EvaluatorSettings(Duration.ofMinutes(10), Duration.ofDays(1), 10);

  /** An engine with {@code settings} stores 100 bad events at {@code time}, then is gone (a process that stopped). */
  private void storeOneMinute(EvaluatorSettings settings, Instant time) {
    Evaluator first = new Evaluator(buckets, alerts, clock, settings);
    first.load(catalog(API));
    assertThat(first.ingest(List.of(counts("api-ok", time, 0, 100)))).isInstanceOf(Accepted.class);
  }

  /** A new engine with the default settings on the same store, API loaded. */
  private Evaluator started() {
    Evaluator evaluator = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS);
    evaluator.load(catalog(API));
    return evaluator;
  }

  private void ticks(Evaluator evaluator, int minutes) {
    for (int i = 0; i < minutes; i++) {
      clock.advance(Minutes.ONE);
      evaluator.tick();
    }
  }

  /** A minute at a time: events for this minute and, now and then, late ones for minutes the ring holds. */
  private void live(Evaluator evaluator, Duration length) {
    for (long i = 0; i < length.toMinutes(); i++) {
      clock.advance(Minutes.ONE);
      Instant now = clock.instant();
      long total = 100 + i % 7;
      assertThat(evaluator.ingest(List.of(counts("api-ok", now, total - i % 3, total)))).isInstanceOf(Accepted.class);
      if (i % 11 == 0) {
        assertThat(evaluator.ingest(List.of(counts("api-ok", now.minus(Duration.ofMinutes(i % 300)), 1, 4))))
            .isInstanceOf(Accepted.class);
      }
      evaluator.tick();
    }
  }

  private void assertExact(Evaluator evaluator) {
    SloStatus live = evaluator.status(API.name()).orElseThrow();
    Instant lastInstant = Minutes.floor(clock.instant()).plus(Minutes.ONE).minusMillis(1);
    SloStatus recomputed = evaluator.statusAt(API.name(), lastInstant).orElseThrow();
    assertThat(live.objectives()).usingRecursiveComparison().ignoringFields("window", "budgetExhaustedAt")
        .isEqualTo(recomputed.objectives());
  }
}

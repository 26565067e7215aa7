package dev.governor.slo;

import static dev.governor.slo.EvaluatorTest.counts;
import static dev.governor.slo.Slos.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.basics.Minutes;
import dev.governor.sli.IngestOutcome.Accepted;
import dev.governor.testing.FakeClock;
import dev.governor.testing.InMemoryAlertStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The minutes leaving the windows of up to six hours come from the shard's recent minutes, not
 * from the store, once the engine has seen them all written; and the sums stay exact to the event.
 */
class TickReadsTest {

  private final FakeClock clock = FakeClock.at("2026-12-05T10:00:30Z");
  private final WatchedBucketStore buckets = new WatchedBucketStore(Duration.ZERO);
  private final InMemoryAlertStore alerts = new InMemoryAlertStore();
  private static final Slo API = rolling("api", ratioSli("api-ok"), Duration.ofDays(30),
      BudgetingMethod.OCCURRENCES, objective("main", "99"));

  @Test
  void after_six_hours_of_live_minutes_a_tick_reads_only_the_minutes_leaving_the_longer_windows() {
    Evaluator evaluator = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS);
    evaluator.load(catalog(API));
    // History from before this process: the first hours' ticks read it from the store.
    Instant start = clock.instant();
    for (int m = 1; m <= 120; m++) {
      assertThat(evaluator.ingest(List.of(counts("api-ok", start.minus(Duration.ofMinutes(m)), 90, 100))))
          .isInstanceOf(Accepted.class);
    }
    evaluator = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS);
    evaluator.load(catalog(API));
    live(evaluator, Duration.ofHours(6).plusMinutes(10));
    buckets.minutesRead.clear();

    live(evaluator, Duration.ofMinutes(30));

    Instant sixHoursAgo = Minutes.floor(clock.instant()).minus(Duration.ofHours(6));
    assertThat(buckets.minutesRead).isNotEmpty().allSatisfy(m -> assertThat(m).isBefore(sixHoursAgo));
    assertExact(evaluator);
  }

  @Test
  void a_restarted_engine_reads_the_store_for_minutes_written_before_it_started() {
    Evaluator evaluator = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS);
    evaluator.load(catalog(API));
    live(evaluator, Duration.ofMinutes(40));

    Evaluator restarted = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS);
    restarted.load(catalog(API));
    buckets.minutesRead.clear();
    live(restarted, Duration.ofMinutes(10));

    // The 30-minute window's leaving minutes were written before the restart: read from the store.
    Instant thirtyMinutesAgo = Minutes.floor(clock.instant()).minus(Duration.ofMinutes(30));
    assertThat(buckets.minutesRead).anySatisfy(m -> assertThat(m).isAfter(thirtyMinutesAgo.minus(Duration.ofMinutes(11))));
    assertExact(restarted);
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

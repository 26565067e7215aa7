package dev.governor.slo;

import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.basics.SliName;
import static dev.governor.slo.Slos.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.governor.sli.IngestOutcome;
import dev.governor.sli.SliEvent;
import dev.governor.testing.FakeClock;
import dev.governor.testing.InMemoryAlertStore;
import dev.governor.testing.InMemoryBucketStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Many threads ingest into many SLIs while the clock moves, ticks run and catalogs are applied:
 * afterwards every SLO counts exactly the events that were accepted for it, no more and no fewer,
 * and its live status equals the one summed from the store. A deadlock fails the time bound.
 */
class EngineConcurrencyTest {

  static final int SLIS = 24;

  @Test
  void nothing_is_lost_or_counted_twice_while_ticks_and_applies_run() {
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> run(new InMemoryBucketStore(), true, 0));
  }

  /**
   * The same with a store whose minute reads take a while, as SQLite's do under load: a tick's read
   * ahead of the leaving minutes then overlaps many ingests, late data for those very minutes
   * among them, which the move must notice and read again. No applies here: an apply that
   * rebuilds the sums from the store would hide a wrong subtraction.
   */
  @Test
  void late_data_for_leaving_minutes_counts_when_it_lands_during_a_read_ahead() {
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> run(new WatchedBucketStore(Duration.ofMillis(1)), false, 0));
  }

  /**
   * One shard with far more trackers than a move subtracts in one hold ({@link SumShards#MOVE_CHUNK}):
   * ingests land between its chunks, into trackers already at the new minute and into trackers
   * still at the old one, and each counts them once.
   */
  @Test
  void a_shard_moved_a_few_trackers_at_a_time_counts_every_event_once() {
    assertTimeoutPreemptively(Duration.ofSeconds(120),
        () -> run(new WatchedBucketStore(Duration.ofMillis(1)), false, 3 * SumShards.MOVE_CHUNK));
  }

  /** @param sharing how many more SLOs read sli-0, all in its shard */
  private void run(dev.governor.sli.BucketStore buckets, boolean applies, int sharing) throws Exception {
    FakeClock clock = FakeClock.at("2026-11-30T22:00:00Z");
    Instant start = clock.instant();
    Evaluator evaluator = new Evaluator(buckets, new InMemoryAlertStore(), clock, EvaluatorSettings.DEFAULTS);
    List<Slo> slos = new ArrayList<>();
    List<Slo> variants = new ArrayList<>();
    for (int i = 0; i < SLIS; i++) {
      BudgetingMethod method = i % 4 == 3 ? BudgetingMethod.TIMESLICES : BudgetingMethod.OCCURRENCES;
      Objective objective = method == BudgetingMethod.TIMESLICES
          ? timeslice("main", "95", "0.9", Duration.ofMinutes(5)) : objective("main", "99");
      slos.add(rolling("slo-" + i, ratioSli("sli-" + i), Duration.ofDays(2), method, objective));
      variants.add(rolling("slo-" + i, ratioSli("sli-" + i), Duration.ofDays(2), method,
          method == BudgetingMethod.TIMESLICES ? timeslice("main", "90", "0.9", Duration.ofMinutes(5))
              : objective("main", "98")));
    }
    List<Slo> wide = new ArrayList<>();
    for (int k = 0; k < sharing; k++) {
      wide.add(rolling("wide-" + k, ratioSli("sli-0"), Duration.ofDays(2), BudgetingMethod.OCCURRENCES,
          objective("main", "99")));
    }
    slos.addAll(wide);
    evaluator.load(catalog(slos.toArray(Slo[]::new)));
    ConcurrentHashMap<Integer, AtomicLong> accepted = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(7);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      long seed = w;
      writers.add(pool.submit(() -> {
        Random random = new Random(seed);
        go.await();
        for (int n = 0; n < 300; n++) {
          List<SliEvent> batch = new ArrayList<>();
          long[] bySli = new long[SLIS];
          for (int k = 0; k < 20; k++) {
            int sli = random.nextInt(SLIS);
            // Now or up to 20 minutes late: late data for minutes the tick is moving past.
            Instant time = clock.instant().minusSeconds(random.nextInt(1200));
            batch.add(new SliEvent.Counts(SliName.of("sli-" + sli), time, new EventCounts(random.nextInt(2), 1)));
            bySli[sli]++;
          }
          assertThat(evaluator.ingest(batch)).isInstanceOf(IngestOutcome.Accepted.class);
          for (int s = 0; s < SLIS; s++) accepted.computeIfAbsent(s, k -> new AtomicLong()).addAndGet(bySli[s]);
        }
        return null;
      }));
    }
    Future<?> ticker = pool.submit(() -> {
      go.await();
      while (!stop.get()) {
        clock.advance(Duration.ofSeconds(20));
        evaluator.tick();
        evaluator.statuses();
        Thread.onSpinWait();
      }
      return null;
    });
    Future<?> applier = pool.submit(() -> {
      go.await();
      boolean flip = false;
      while (applies && !stop.get()) {
        evaluator.load(catalog((flip ? variants : slos).toArray(Slo[]::new)));
        flip = !flip;
        Thread.sleep(5);
      }
      if (applies) evaluator.load(catalog(slos.toArray(Slo[]::new)));
      return null;
    });
    go.countDown();
    for (Future<?> w : writers) w.get();
    stop.set(true);
    ticker.get();
    applier.get();
    pool.shutdown();

    // The clock moved less than the windows' 2 days: every accepted event is still in them.
    assertThat(Duration.between(start, clock.instant())).isLessThan(Duration.ofDays(1));
    for (int i = 0; i < slos.size(); i++) {
      Slo slo = slos.get(i);
      int sli = i < SLIS ? i : 0;
      SloStatus live = evaluator.status(slo.name()).orElseThrow();
      SloStatus recomputed = evaluator.statusAt(slo.name(),
          Minutes.floor(clock.instant()).plus(Minutes.ONE).minusMillis(1)).orElseThrow();
      assertThat(live.objectives()).usingRecursiveComparison().ignoringFields("window", "budgetExhaustedAt")
          .isEqualTo(recomputed.objectives());
      if (slo.budgetingMethod() == BudgetingMethod.OCCURRENCES) {
        assertThat(live.objectives().getFirst().counts().total()).as(slo.name().value())
            .isEqualTo(accepted.get(sli).get());
      }
    }
  }
}

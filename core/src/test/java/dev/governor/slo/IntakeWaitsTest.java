package dev.governor.slo;

import static dev.governor.slo.EvaluatorTest.counts;
import static dev.governor.slo.Slos.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.basics.SliName;
import dev.governor.sli.IngestOutcome;
import dev.governor.sli.IngestOutcome.Accepted;
import dev.governor.sli.SeriesKey;
import dev.governor.testing.FakeClock;
import dev.governor.testing.InMemoryAlertStore;
import dev.governor.testing.InMemoryBucketStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What {@link Evaluator#takeIntakeWaits} counts: batches that found a shard held exclusive, and for how long. */
class IntakeWaitsTest {

  /** A thread per task: the common pool may have one thread on two cores, and a task blocked in it queues the rest. */
  private static final Executor OWN_THREAD = task -> Thread.ofPlatform().start(task);

  private final FakeClock clock = FakeClock.at("2026-12-05T10:00:30Z");
  private final Evaluator evaluator =
      new Evaluator(new InMemoryBucketStore(), new InMemoryAlertStore(), clock, EvaluatorSettings.DEFAULTS);

  /** Loads one SLO over api-ok; the shard its SLI is in. */
  private SumShards.Shard loadApi() {
    return loadApi(evaluator);
  }

  private static SumShards.Shard loadApi(Evaluator evaluator) {
    evaluator.load(catalog(rolling("api", ratioSli("api-ok"), Duration.ofDays(7),
        BudgetingMethod.OCCURRENCES, objective("main", "99"))));
    return evaluator.shards().of(SeriesKey.of(SliName.of("api-ok")));
  }

  @Test
  void a_batch_that_finds_its_shard_free_is_not_counted_and_one_that_waits_is() throws Exception {
    SumShards.Shard shard = loadApi();
    evaluator.takeIntakeWaits();

    assertThat(evaluator.ingest(List.of(counts("api-ok", clock.instant(), 9, 10)))).isInstanceOf(Accepted.class);
    assertThat(evaluator.takeIntakeWaits().batches()).isZero();

    // The shard held exclusive, as a tick holds it to subtract its leaving minutes.
    shard.intake.writeLock().lock();
    CompletableFuture<IngestOutcome> waiting;
    try {
      waiting = CompletableFuture.supplyAsync(() -> evaluator.ingest(List.of(counts("api-ok", clock.instant(), 9, 10))),
          OWN_THREAD);
      Thread.sleep(50);
      assertThat(waiting).isNotDone();
    } finally {
      shard.intake.writeLock().unlock();
    }
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(Accepted.class);

    IntakeWaits waits = evaluator.takeIntakeWaits();
    assertThat(waits.batches()).isEqualTo(1);
    assertThat(waits.longest()).isGreaterThanOrEqualTo(Duration.ofMillis(40)).isEqualTo(waits.total());
    assertThat(evaluator.takeIntakeWaits().batches()).as("taken once").isZero();
    assertThat(evaluator.intakeWaitTotals()).as("what /metrics counts is never taken")
        .isEqualTo(new IntakeWaits.Totals(1, waits.total()));
  }

  @Test
  void an_ingest_does_not_barge_past_a_tick_queued_for_the_shard() throws Exception {
    SumShards.Shard shard = loadApi();
    // An ingest in its commit holds the shard shared; a tick queues for it exclusive.
    shard.intake.readLock().lock();
    CompletableFuture<Void> tick;
    CompletableFuture<IngestOutcome> next;
    try {
      tick = CompletableFuture.runAsync(() -> {
        shard.intake.writeLock().lock();
        shard.intake.writeLock().unlock();
      }, OWN_THREAD);
      while (shard.intake.getQueueLength() == 0) Thread.sleep(1);
      next = CompletableFuture.supplyAsync(() -> evaluator.ingest(List.of(counts("api-ok", clock.instant(), 9, 10))),
          OWN_THREAD);
      Thread.sleep(50);
      // Taking the shared lock now would be legal and would starve the tick under steady ingestion.
      assertThat(next).isNotDone();
    } finally {
      shard.intake.readLock().unlock();
    }
    tick.get(10, TimeUnit.SECONDS);
    assertThat(next.get(10, TimeUnit.SECONDS)).isInstanceOf(Accepted.class);
  }

  @Test
  void a_tick_waits_between_ingests_instead_of_queueing_later_ingests_behind_a_commit() throws Exception {
    SumShards.Shard shard = loadApi();
    evaluator.tick(); // fills the recent minutes in the load's minute, so the tick below only moves
    evaluator.takeIntakeWaits(); // the load's and the fill's holds
    clock.advance(Duration.ofMinutes(1));
    // An ingest in its commit holds the shard shared while the tick wants it exclusive.
    shard.intake.readLock().lock();
    CompletableFuture<Void> tick;
    try {
      tick = CompletableFuture.runAsync(evaluator::tick, OWN_THREAD);
      Thread.sleep(10);
      CompletableFuture<IngestOutcome> next = CompletableFuture.supplyAsync(
          () -> evaluator.ingest(List.of(counts("api-ok", clock.instant(), 9, 10))), OWN_THREAD);
      // Queued for the intake, the tick would hold this batch until the commit above ends.
      assertThat(next.get(5, TimeUnit.SECONDS)).isInstanceOf(Accepted.class);
      assertThat(tick).isNotDone();
    } finally {
      shard.intake.readLock().unlock();
    }
    tick.get(10, TimeUnit.SECONDS);
    assertThat(shard.minute).isEqualTo(java.time.Instant.parse("2026-12-05T10:01:00Z"));
    assertThat(evaluator.takeIntakeWaits().longestHolder()).isEqualTo("a move of the windows");
  }

  @Test
  void a_mover_between_two_chunks_lets_a_waiting_ingest_go_first() throws Exception {
    WatchedBucketStore store = new WatchedBucketStore(Duration.ZERO);
    Evaluator held = new Evaluator(store, new InMemoryAlertStore(), clock, EvaluatorSettings.DEFAULTS);
    SumShards.Shard shard = loadApi(held);
    SumShards shards = held.shards();
    // Once it has the shard, the ingest stays in its commit (holding the shard shared) until let go,
    // so a mover that finds the shard free can only have taken it before the ingest.
    store.addsHeld = new java.util.concurrent.CountDownLatch(1);
    assertThat(shards.tryLockExclusive(shard)).as("a free shard").isTrue();
    CompletableFuture<IngestOutcome> waiting;
    try {
      waiting = CompletableFuture.supplyAsync(() -> held.ingest(List.of(counts("api-ok", clock.instant(), 9, 10))),
          OWN_THREAD);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!shard.intake.hasQueuedThreads()) {
        assertThat(System.nanoTime()).as("the ingest queues for the shard").isLessThan(deadline);
        Thread.sleep(1);
      }
    } finally {
      shards.unlockExclusive(shard, "a move of the windows");
    }
    // The write lock's own tryLock would take the shard again before the woken ingest runs, so the
    // ingest would wait for every chunk of the move, not for one.
    boolean nextChunk = shards.tryLockExclusive(shard);
    if (nextChunk) shards.unlockExclusive(shard, "a move of the windows");
    store.addsHeld.countDown();
    assertThat(nextChunk).as("the next chunk, with an ingest waiting").isFalse();
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(Accepted.class);
    assertThat(shards.tryLockExclusive(shard)).as("once the ingest is through").isTrue();
    shards.unlockExclusive(shard, "a move of the windows");
  }
}

package dev.governor.server;

import dev.governor.server.http.ServerMetrics;
import dev.governor.slo.Evaluator;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that ticks the evaluator every tick interval and enforces retention hourly. A tick
 * that fails is logged and the next one runs: a scheduled task that throws would otherwise stop
 * all later runs without a word.
 */
final class EvaluationScheduler implements AutoCloseable {

  static final Duration RETENTION_INTERVAL = Duration.ofHours(1);

  private static final Logger log = LoggerFactory.getLogger(EvaluationScheduler.class);

  /** Runs after every tick, in the scheduler's thread, each apart from the others. */
  private final java.util.List<AfterTick> afterTick = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A step to run after each tick; {@code name} says in the log which one failed. */
  record AfterTick(String name, Runnable step) {}

  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "governor-evaluation");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * @param reconcile runs before each tick, apart from it: brings the evaluator back to the stored
   *     SLOs after a change that could be stored but not loaded (see {@code SpecCatalog})
   * @param flushPushes runs before each tick, apart from it: stores the pushed minutes that are complete
   */
  EvaluationScheduler(Evaluator evaluator, Runnable reconcile, Runnable flushPushes, Duration tickInterval,
      ServerMetrics metrics) {
    long tickMillis = tickInterval.toMillis();
    executor.scheduleWithFixedDelay(() -> {
      try {
        reconcile.run();
      } catch (RuntimeException e) {
        // Fails as long as the database does; one line a tick, not a stack trace a tick.
        log.warn("the loaded SLOs still differ from the stored ones; loading them failed again: {}", e.toString());
      }
      try {
        flushPushes.run();
      } catch (RuntimeException e) {
        // The minutes stay pending; the next tick (or push) stores them.
        log.warn("storing pushed minutes failed; the next tick retries: {}", e.toString());
      }
      long started = System.nanoTime();
      try {
        evaluator.tick();
        metrics.tick(System.nanoTime() - started);
      } catch (RuntimeException e) {
        log.error("evaluation tick failed; the next one runs in {}", tickInterval, e);
      }
      for (AfterTick step : afterTick) {
        try {
          step.step().run();
        } catch (RuntimeException e) {
          // Such steps reconcile state (incidents with firing alerts): the next tick catches up.
          log.warn("{} after the evaluation tick failed; the next tick retries: {}", step.name(), e.toString());
        }
      }
    }, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    // The first run waits a minute: a server restarting in a loop should not sweep the store each time.
    executor.scheduleWithFixedDelay(() -> {
      try {
        long dropped = evaluator.enforceRetention();
        log.info("retention: dropped {} buckets past their window and margin", dropped);
      } catch (RuntimeException e) {
        log.error("retention run failed; the next one runs in {}", RETENTION_INTERVAL, e);
      }
    }, 1, RETENTION_INTERVAL.toMinutes(), TimeUnit.MINUTES);
  }

  /** Adds a step that runs after every later tick, even one that failed. */
  void afterTick(String name, Runnable step) {
    afterTick.add(new AfterTick(name, step));
  }

  /** Waits for a running tick to finish, so the database is not closed under it. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("an evaluation tick still runs after 10 s; stopping it");
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}

package dev.governor.server;

import dev.governor.server.http.ServerMetrics;
import dev.governor.slo.Evaluator;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that ticks the evaluator every tick interval and enforces retention hourly. A tick
 * that fails is logged and the next one runs: a scheduled task that throws would otherwise stop
 * all later runs without a word.
 */
final class EvaluationScheduler implements AutoCloseable {

  /** Runs before every tick, in the scheduler's thread, each apart from the others. */
  private final java.util.List<Step> beforeTick = new java.util.concurrent.CopyOnWriteArrayList<>();

  static final Duration RETENTION_INTERVAL = Duration.ofHours(1);

  private static final Logger log = LoggerFactory.getLogger(EvaluationScheduler.class);

  /** Runs after every tick, in the scheduler's thread, each apart from the others. */
  private final java.util.List<Step> afterTick = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A step to run before or after each tick; {@code name} says in the log which one failed. */
  record Step(String name, Runnable step) {}

  private final java.util.concurrent.ScheduledThreadPoolExecutor executor = singleThread();

  private static java.util.concurrent.ScheduledThreadPoolExecutor singleThread() {
    var executor = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "governor-evaluation");
      thread.setDaemon(true);
      return thread;
    });
    // The next tick is a delayed one-shot task: on close it must be dropped, not awaited.
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return executor;
  }

  EvaluationScheduler(Evaluator evaluator, Duration tickInterval, ServerMetrics metrics) {
    this.tickMillis = tickInterval.toMillis();
    this.tick = () -> {
      for (Step step : beforeTick) {
        try {
          step.step().run();
        } catch (RuntimeException e) {
          // Fails as long as the database does; one line a tick, not a stack trace a tick.
          log.warn("{} before the evaluation tick failed; the next tick retries: {}", step.name(), e.toString());
        }
      }
      long started = System.nanoTime();
      try {
        evaluator.tick();
        metrics.tick(System.nanoTime() - started);
      } catch (RuntimeException e) {
        log.error("evaluation tick failed; the next one runs in {}", tickInterval, e);
      }
      for (Step step : afterTick) {
        try {
          step.step().run();
        } catch (RuntimeException e) {
          // Such steps reconcile state (incidents with firing alerts): the next tick catches up.
          log.warn("{} after the evaluation tick failed; the next tick retries: {}", step.name(), e.toString());
        }
      }
    };
    executor.schedule(this::tickAndReschedule, nextDelayMillis(), TimeUnit.MILLISECONDS);
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

  private final long tickMillis;
  private final Runnable tick;

  /**
   * Ticks every tick interval and also just after every minute boundary: the running sums move a
   * minute at a time, and the minute that just began should not wait up to a whole interval for
   * its windows to move (until then, ingestion takes its events as not yet in the windows).
   */
  private void tickAndReschedule() {
    try {
      tick.run();
    } finally {
      if (!executor.isShutdown()) {
        try {
          executor.schedule(this::tickAndReschedule, nextDelayMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          // Shut down between the check and the schedule: nothing more to run.
        }
      }
    }
  }

  /** The tick interval, or less when a minute boundary (plus a small grace) comes sooner. */
  private long nextDelayMillis() {
    long now = System.currentTimeMillis();
    long toBoundary = 60_000 - Math.floorMod(now, 60_000) + MINUTE_GRACE_MILLIS;
    return Math.max(1, Math.min(tickMillis, toBoundary));
  }

  /** Lets the events stamped in the last instants of a minute arrive before the minute is moved past. */
  private static final long MINUTE_GRACE_MILLIS = 50;

  /** Adds a step that runs before every later tick. */
  void beforeTick(String name, Runnable step) {
    beforeTick.add(new Step(name, step));
  }

  /** Adds a step that runs after every later tick, even one that failed. */
  void afterTick(String name, Runnable step) {
    afterTick.add(new Step(name, step));
  }

  /**
   * Adds a safety sweep: a step that runs after a tick once {@code every} has passed since it last
   * ran (and after the first tick). For work that changes are pushed to already, so that a sweep
   * that finds nothing costs little.
   */
  void sweepAfterTick(String name, Duration every, Runnable step) {
    long[] last = {Long.MIN_VALUE};
    afterTick.add(new Step(name, () -> {
      long now = System.nanoTime();
      if (last[0] != Long.MIN_VALUE && now - last[0] < every.toNanos()) return;
      last[0] = now;
      step.run();
    }));
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

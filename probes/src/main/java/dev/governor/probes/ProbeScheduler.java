package dev.governor.probes;

import dev.governor.probe.Probe;
import dev.governor.probe.ProbeResult;
import dev.governor.probe.ProbeRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Runs every probe on its own interval, so that a slow target never delays the others.
 *
 * <p>One platform thread only keeps time: when a probe is due it starts its run on a virtual thread
 * and schedules the next one, so waiting on the network costs no platform thread and no timer. A
 * semaphore bounds the runs under way ({@code concurrency}); a hanging target holds one place until
 * its timeout, so the bound is set with room for those. A probe never runs twice at once: a run
 * still going when the next is due skips that one, and the skip is counted, so a target that hangs
 * cannot pile up runs behind it.
 *
 * <p>Times are kept on a grid: the k-th run of a probe is due at its start plus k intervals, plus a
 * small jitter of its own (at most 2 % of the interval, and 1 s), so runs never drift and a hundred
 * probes applied at once do not fire together: each starts at a random offset within its interval.
 * An unchanged probe keeps its place on its grid when the set is planned again.
 */
public final class ProbeScheduler implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ProbeScheduler.class.getName());

  /** How many runs may be under way at once. */
  public record Settings(int concurrency) {
    public Settings {
      if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }
  }

  /**
   * A probe's runs so far: started, skipped because the previous one still ran, and how late the
   * last one started after it was due (waiting for a place counts as late).
   */
  public record Stats(String probe, long runs, long skipped, Optional<Instant> lastStart, Duration lastLateness,
      Duration worstLateness) {}

  private final ProbeRunner runner;
  private final Consumer<ProbeResult> sink;
  private final Semaphore places;
  private final RandomGenerator random;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("governor-probe-timer").daemon().factory());
  private final ExecutorService runs = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("governor-probe-", 0).factory());
  private final Map<String, Scheduled> scheduled = new HashMap<>();
  private volatile boolean closed;

  public ProbeScheduler(ProbeRunner runner, Consumer<ProbeResult> sink, Settings settings) {
    this(runner, sink, settings, RandomGenerator.getDefault());
  }

  ProbeScheduler(ProbeRunner runner, Consumer<ProbeResult> sink, Settings settings, RandomGenerator random) {
    this.runner = runner;
    this.sink = sink;
    this.places = new Semaphore(settings.concurrency());
    this.random = random;
  }

  /** Runs exactly these probes from now on: new ones start within an interval, removed ones stop. */
  public synchronized void plan(List<Probe> probes) {
    if (closed) return;
    Map<String, Probe> wanted = new HashMap<>();
    for (Probe probe : probes) wanted.put(probe.name(), probe);
    for (var it = scheduled.entrySet().iterator(); it.hasNext();) {
      var entry = it.next();
      Probe now = wanted.get(entry.getKey());
      if (now == null || !now.equals(entry.getValue().probe)) {
        entry.getValue().cancel();
        it.remove();
      }
    }
    for (Probe probe : probes) {
      if (scheduled.containsKey(probe.name())) continue;
      long interval = probe.interval().toNanos();
      Scheduled s = new Scheduled(probe, System.nanoTime() + (long) (random.nextDouble() * interval));
      scheduled.put(probe.name(), s);
      s.scheduleNext();
    }
  }

  /** Each planned probe's runs so far, by name. */
  public synchronized List<Stats> stats() {
    List<Stats> out = new ArrayList<>();
    for (Scheduled s : scheduled.values()) out.add(s.stats());
    out.sort(java.util.Comparator.comparing(Stats::probe));
    return out;
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      scheduled.values().forEach(Scheduled::cancel);
      scheduled.clear();
    }
    timer.shutdownNow();
    runs.shutdown();
    try {
      // Runs in flight get a few seconds to finish and hand on their results; those still waiting
      // on a target after that are stopped, and what they would say is dropped (see run).
      if (!runs.awaitTermination(5, TimeUnit.SECONDS)) {
        runs.shutdownNow();
        if (!runs.awaitTermination(5, TimeUnit.SECONDS)) LOG.log(System.Logger.Level.WARNING, "probe runs did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One probe on its grid. */
  private final class Scheduled {
    final Probe probe;
    final long origin;
    final long interval;
    final long jitter;
    long k;
    final AtomicBoolean running = new AtomicBoolean();
    final AtomicLong runCount = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicReference<Instant> lastStart = new AtomicReference<>();
    final AtomicLong lastLateness = new AtomicLong();
    final AtomicLong worstLateness = new AtomicLong();
    volatile ScheduledFuture<?> next;
    volatile boolean cancelled;

    Scheduled(Probe probe, long origin) {
      this.probe = probe;
      this.origin = origin;
      this.interval = probe.interval().toNanos();
      this.jitter = Math.min(interval / 50, Duration.ofSeconds(1).toNanos());
    }

    /** Schedules run k on the timer; called on the timer thread (or under plan's lock for the first). */
    void scheduleNext() {
      if (cancelled || closed) return;
      long due = origin + k * interval + (jitter == 0 ? 0 : random.nextLong(-jitter, jitter + 1));
      k++;
      try {
        next = timer.schedule(() -> fire(due), Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        // the scheduler is closing
      }
    }

    void fire(long due) {
      scheduleNext();
      if (!running.compareAndSet(false, true)) {
        skipped.incrementAndGet();
        LOG.log(System.Logger.Level.DEBUG, "probe {0} is still running; its run due now is skipped", probe.name());
        return;
      }
      try {
        runs.execute(() -> run(due));
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        running.set(false);
      }
    }

    void run(long due) {
      boolean placed = false;
      try {
        places.acquire();
        placed = true;
        if (cancelled || closed) return;
        long late = Math.max(0, System.nanoTime() - due);
        lastLateness.set(late);
        worstLateness.accumulateAndGet(late, Math::max);
        runCount.incrementAndGet();
        ProbeResult result = runner.run(probe);
        // Stopped by close, not failed by its target: a "down" that was never measured is no result.
        if (closed && Thread.currentThread().isInterrupted()) return;
        lastStart.set(result.startedAt());
        try {
          sink.accept(result);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.ERROR, "the result of probe " + probe.name() + " could not be handed on", e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        // A runner turns failures of the target into results; this is a bug, and the next run tries again.
        LOG.log(System.Logger.Level.ERROR, "probe " + probe.name() + " failed to run", e);
      } finally {
        if (placed) places.release();
        running.set(false);
      }
    }

    void cancel() {
      cancelled = true;
      ScheduledFuture<?> f = next;
      if (f != null) f.cancel(false);
    }

    Stats stats() {
      return new Stats(probe.name(), runCount.get(), skipped.get(), Optional.ofNullable(lastStart.get()),
          Duration.ofNanos(lastLateness.get()), Duration.ofNanos(worstLateness.get()));
    }
  }
}

package dev.governor.server.timing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that runs a pass over durable work (an outbox, the open incidents) only when there
 * may be something to do: when {@link #wake() woken} after a commit that added work, when the
 * instant the last pass said is next due has come, and otherwise once every {@code sweep} as a
 * safety net for what a crash or another writer left behind. Idle, it does not touch the database.
 *
 * <p>What is due is judged by the injected clock, which need not run at the pace of real time (a
 * test moves it by hand; NTP can step the system clock). So while something is due, the thread
 * looks at the clock at least every {@link #CLOCK_CHECK} instead of trusting a single long
 * real-time wait; that costs a clock read, not a query. With nothing due it sleeps until woken or
 * until the sweep.
 *
 * <p>A pass that throws (the database is away) is retried after {@code retry} of real time, and
 * logged once per failure.
 */
public final class DueTimer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DueTimer.class);

  /** The longest real-time wait before the clock is read again while something is due. */
  public static final Duration CLOCK_CHECK = Duration.ofSeconds(1);

  /** One pass over the work; {@code sweep} says it is the periodic safety sweep (or the first pass). */
  @FunctionalInterface
  public interface Pass {
    /** Does what is due now; returns when the next piece of work falls due, or empty when none is pending. */
    Optional<Instant> run(boolean sweep);
  }

  private final String name;
  private final InstantSource clock;
  private final long sweepNanos;
  private final long retryNanos;
  private final Pass pass;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private boolean woken;
  private boolean closed;
  private Thread thread;

  /**
   * @param name the thread's name, and the log's word for the work
   * @param sweep how often a pass runs when nothing asked for one
   * @param retry how long after a failed pass the next one runs
   */
  public DueTimer(String name, InstantSource clock, Duration sweep, Duration retry, Pass pass) {
    if (sweep.isNegative() || sweep.isZero()) throw new IllegalArgumentException("the sweep interval must be positive");
    if (retry.isNegative() || retry.isZero()) throw new IllegalArgumentException("the retry interval must be positive");
    this.name = name;
    this.clock = clock;
    this.sweepNanos = sweep.toNanos();
    this.retryNanos = retry.toNanos();
    this.pass = pass;
  }

  /** Starts the thread; its first pass is a sweep, which sends what was pending before a restart. */
  public void start() {
    lock.lock();
    try {
      if (thread != null || closed) return;
      thread = Thread.ofPlatform().name(name).daemon().start(this::loop);
    } finally {
      lock.unlock();
    }
  }

  /** Asks for a pass as soon as the thread is free; many calls before it runs make one pass. */
  public void wake() {
    lock.lock();
    try {
      woken = true;
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    Optional<Instant> due = Optional.empty();
    long now = System.nanoTime();
    long sweepAt = now; // the first pass is a sweep
    long retryAt = Long.MAX_VALUE;
    while (true) {
      boolean sweep;
      lock.lock();
      try {
        while (true) {
          if (closed) return;
          now = System.nanoTime();
          sweep = now - sweepAt >= 0;
          if (woken || sweep || now - retryAt >= 0 || due.isPresent() && !clock.instant().isBefore(due.get())) break;
          long wait = sweepAt - now;
          if (retryAt != Long.MAX_VALUE) wait = Math.min(wait, retryAt - now);
          if (due.isPresent()) {
            long untilDue = Duration.between(clock.instant(), due.get()).toNanos();
            wait = Math.min(wait, Math.min(untilDue, CLOCK_CHECK.toNanos()));
          }
          try {
            changed.awaitNanos(Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1)));
          } catch (InterruptedException e) {
            if (closed) return;
          }
        }
        woken = false;
      } finally {
        lock.unlock();
      }
      if (sweep) sweepAt = now + sweepNanos;
      retryAt = Long.MAX_VALUE;
      try {
        due = pass.run(sweep);
      } catch (RuntimeException e) {
        // The database may be away for a moment: nothing is lost, the work is still stored.
        log.warn("{} failed; retrying in {} ms: {}", name, TimeUnit.NANOSECONDS.toMillis(retryNanos), e.toString());
        retryAt = System.nanoTime() + retryNanos;
        due = Optional.empty();
      }
      if (Thread.interrupted() && isClosed()) return;
    }
  }

  private boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the thread, interrupting a pass that runs (a sender checks for that to stop between
   * attempts), and waits for it up to {@code wait}.
   */
  public void close(Duration wait) {
    Thread t;
    lock.lock();
    try {
      closed = true;
      changed.signal();
      t = thread;
    } finally {
      lock.unlock();
    }
    if (t == null) return;
    t.interrupt();
    try {
      t.join(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}

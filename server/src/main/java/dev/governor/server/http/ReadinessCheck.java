package dev.governor.server.http;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a dependency (the database) answers, told within a bound whatever the dependency does. A
 * database that is down refuses at once, but one behind a dead network or a hung server lets a
 * check wait for as long as its timeouts allow, and a readiness probe that does not answer in time
 * is as bad as a wrong one: the orchestrator's probe times out and cannot tell why.
 *
 * <p>So the check runs on a thread of its own and {@link #check} waits for it at most {@code
 * answerWithin}; past that the dependency counts as down, which for readiness it is. At most one
 * check runs at a time: callers that come while one hangs wait for that one (each for at most its
 * own bound) rather than start threads, and take pool connections, that would all hang behind it.
 */
public final class ReadinessCheck {

  /** What a check found: empty when the dependency answered, otherwise why it is down. */
  public record Result(Optional<String> down) {
    public boolean up() {
      return down.isEmpty();
    }
  }

  /** The check itself: returns when the dependency answered, throws when it did not. */
  @FunctionalInterface
  public interface Probe {
    void run() throws Exception;
  }

  private static final Logger log = LoggerFactory.getLogger(ReadinessCheck.class);

  private final String name;
  private final Probe probe;
  private final Duration answerWithin;
  private final Object lock = new Object();
  private CompletableFuture<Result> inFlight;
  private long inFlightSince;
  private boolean lastUp = true;

  /**
   * @param name the dependency as a person calls it: "database"
   * @param answerWithin how long {@link #check} may take at most
   */
  public ReadinessCheck(String name, Probe probe, Duration answerWithin) {
    if (!answerWithin.isPositive()) throw new IllegalArgumentException("answerWithin must be positive, got " + answerWithin);
    this.name = name;
    this.probe = probe;
    this.answerWithin = answerWithin;
  }

  public String name() {
    return name;
  }

  /** Runs a check, or joins the one running; answers within {@code answerWithin} of being called. */
  public Result check() {
    CompletableFuture<Result> running;
    long since;
    synchronized (lock) {
      if (inFlight == null || inFlight.isDone()) {
        inFlight = start();
        inFlightSince = System.nanoTime();
      }
      running = inFlight;
      since = inFlightSince;
    }
    Result result;
    try {
      result = running.get(answerWithin.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
      result = new Result(Optional.of("has not answered for " + ms + " ms"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = new Result(Optional.of("was not checked: the check was interrupted"));
    } catch (ExecutionException e) {
      // start() completes with a Result, never exceptionally; this would be a bug in it.
      throw new IllegalStateException("the " + name + " check failed unexpectedly", e.getCause());
    }
    noteChange(result);
    return result;
  }

  private CompletableFuture<Result> start() {
    CompletableFuture<Result> future = new CompletableFuture<>();
    Thread.ofVirtual().name("governor-readiness-" + name).start(() -> {
      try {
        probe.run();
        future.complete(new Result(Optional.empty()));
      } catch (Exception | Error e) {
        // The client reads a sentence; the cause (host names, driver messages) goes to the log once.
        synchronized (lock) {
          if (lastUp) log.warn("the {} does not answer: {}", name, causes(e));
        }
        future.complete(new Result(Optional.of("does not answer (the server's log has the cause)")));
      }
    });
    return future;
  }

  private void noteChange(Result result) {
    synchronized (lock) {
      if (result.up() && !lastUp) log.info("the {} answers again", name);
      if (!result.up() && lastUp && result.down().orElseThrow().startsWith("has not")) {
        log.warn("the {} {}", name, result.down().orElseThrow());
      }
      lastUp = result.up();
    }
  }

  private static String causes(Throwable e) {
    StringBuilder line = new StringBuilder(e.toString());
    int depth = 0;
    for (Throwable c = e.getCause(); c != null && depth++ < 10; c = c.getCause()) line.append(": ").append(c);
    return line.toString();
  }
}

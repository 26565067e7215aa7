package dev.governor.server;


/**
 * One feature of the server (SLIs and SLOs, delivery, incident response, the web UI): the things
 * it builds, the routes it serves and what it must close. {@link GovernorServer} only orders them:
 * built in order, routes registered, started once the API answers and the sums are loaded, closed
 * in reverse order after the API has stopped taking requests.
 */
public interface Feature {

  /** Registers this feature's routes (and static files, where it has them). */
  void install(io.javalin.config.JavalinConfig cfg);

  /** Starts background work; {@code running} says where the server listens and takes tick steps. */
  default void start(Running running) {}

  /** Stops background work and lets go of what the feature holds; runs after the API has stopped. */
  default void close() {}

  /** What a started server offers its features. */
  interface Running {

    /** The server's own address, for links when no public URL is configured. */
    java.net.URI baseUri();

    /** Runs {@code step} before every evaluation tick; a failure is logged and retried on the next. */
    void beforeTick(String name, Runnable step);

    /** Runs {@code step} after every evaluation tick; a failure is logged and retried on the next. */
    void afterTick(String name, Runnable step);

    /** Runs {@code step} after a tick once {@code every} has passed since it last ran: a safety sweep. */
    void sweepAfterTick(String name, java.time.Duration every, Runnable step);
  }
}

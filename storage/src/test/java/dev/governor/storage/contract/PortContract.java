package dev.governor.storage.contract;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;

/**
 * The frame of every port's contract. Each implementation of a port, the JDBC stores on SQLite and
 * PostgreSQL and the in-memory stores that core's tests run on alike, gets the port's tests by
 * extending its contract and saying how to make a fresh store, as Zipkin runs one storage suite
 * against every storage, its in-memory one included. A store that passes is one that core's tests
 * may stand in for the real thing.
 *
 * @param <S> the port (or, where one store spans two ports, a record of both)
 */
public abstract class PortContract<S> {

  protected static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  /** The store under test: an empty one for each test, and the restarted one after {@link #reopen()}. */
  protected S store;

  /** Makes an empty store for one test. */
  protected abstract S newStore();

  /**
   * The store as a restarted process finds it: the same data, read afresh. A database is closed and
   * opened again. An in-memory store has no life beyond its process and returns itself, so for it a
   * test across a restart checks that nothing was lost or changed by the calls before.
   */
  protected abstract S restart();

  @BeforeEach
  final void makeAnEmptyStore() {
    store = newStore();
  }

  protected final S reopen() {
    store = restart();
    return store;
  }

  protected static Instant minute(int n) {
    return T0.plus(Duration.ofMinutes(n));
  }
}

package dev.governor.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Where reads and writes get their connection, and the one way to run a transaction. SQLite gets
 * two pools, a single writer (SQLite allows one) and a few readers that WAL lets run beside it;
 * PostgreSQL one pool for both.
 */
final class Connections implements AutoCloseable {

  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Checked at the start of every write transaction once set: the statement that holds the
   * leader's lease row FOR KEY SHARE until the commit, or null for a database only one process writes.
   */
  private volatile String fence;
  private volatile dev.governor.cluster.LeaderTerm fencedTerm;
  /** Transactions each thread has committed, ever: see {@link Database#commitsByThisThread}. */
  private static final ThreadLocal<long[]> COMMITS = ThreadLocal.withInitial(() -> new long[1]);

  private final DataSource writer;
  private final DataSource reader;
  private final AutoCloseable[] pools;

  Connections(DataSource writer, DataSource reader, AutoCloseable... pools) {
    this.writer = writer;
    this.reader = reader;
    this.pools = pools;
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
  <T> T write(Work<T> work) throws SQLException {
    try (Connection connection = writer.getConnection()) {
      // With sqlite-jdbc's IMMEDIATE mode this takes the write lock now, rather than upgrading a read
      // lock half way, which can fail with SQLITE_BUSY whatever the busy timeout.
      connection.setAutoCommit(false);
      try {
        String check = fence;
        if (check != null) checkFence(connection, check);
        T result = work.run(connection);
        connection.commit();
        COMMITS.get()[0]++;
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        try {
          connection.rollback();
        } catch (SQLException rollbackFailed) {
          e.addSuppressed(rollbackFailed);
        }
        throw e;
      }
      // The pool puts auto-commit back when the connection returns to it.
    }
  }

  /**
   * From now on every write checks first that {@code term} still holds the leader's lease, and
   * holds the lease row FOR KEY SHARE until it commits, so a replica that takes the lease over
   * (which locks that row FOR UPDATE first) waits for this one's writes, and none of them commits
   * after it. A write of a
   * deposed term fails with {@link Fenced} and changes nothing. The transaction also ends itself
   * when it idles longer than {@code idleLimit} (a process stopped half way): otherwise it would hold
   * the row, and the takeover, for as long as the process stays stopped. PostgreSQL only.
   */
  void fence(dev.governor.cluster.LeaderTerm term, java.time.Duration idleLimit) {
    // One round trip: the statements in one simple query. The replica id is ours (a name of
    // [A-Za-z0-9.:_-], a slash, hex digits), and checked again here since it goes into the text.
    if (!term.replica().matches("[A-Za-z0-9.:_/\\[\\]-]+")) {
      throw new IllegalArgumentException("a replica id of letters, digits and .:_/[]- only, got '" + term.replica() + "'");
    }
    fencedTerm = term;
    // KEY SHARE: the leader's renewal updates no key and passes; a takeover locks FOR UPDATE and
    // waits. The lock wait is bounded for the fence alone (a takeover under way holds the row a
    // moment; a write waits at most the lease for it, then fails with nothing written) and put
    // back for the transaction's own statements, whose lock waits stay as they were.
    fence = "SET LOCAL idle_in_transaction_session_timeout = " + idleLimit.toMillis() + ";"
        + " SET LOCAL lock_timeout = " + idleLimit.toMillis() + ";"
        + " SELECT 1 FROM cluster_lease WHERE name = '" + JdbcLeaseStore.ROW + "' AND holder = '" + term.replica()
        + "' AND term = " + term.term() + " FOR KEY SHARE;"
        + " SET LOCAL lock_timeout TO DEFAULT";
  }

  private void checkFence(Connection connection, String check) throws SQLException {
    try (java.sql.Statement statement = connection.createStatement()) {
      boolean held = false;
      boolean results = statement.execute(check);
      while (true) {
        if (results) {
          try (java.sql.ResultSet rs = statement.getResultSet()) {
            held |= rs.next();
          }
        } else if (statement.getUpdateCount() == -1) {
          break;
        }
        results = statement.getMoreResults();
      }
      if (!held) throw new Fenced(fencedTerm);
    }
  }

  static long commitsByThisThread() {
    return COMMITS.get()[0];
  }

  /** Runs {@code work} on a connection for reading; each statement sees committed data. */
  <T> T read(Work<T> work) throws SQLException {
    try (Connection connection = reader.getConnection()) {
      return work.run(connection);
    }
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (AutoCloseable pool : pools) {
      try {
        pool.close();
      } catch (Exception e) {
        if (failure == null) failure = new StorageException("could not close the database", e);
        else failure.addSuppressed(e);
      }
    }
    if (failure != null) throw failure;
  }
}

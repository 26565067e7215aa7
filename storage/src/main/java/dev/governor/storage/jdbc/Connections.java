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
        T result = work.run(connection);
        connection.commit();
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

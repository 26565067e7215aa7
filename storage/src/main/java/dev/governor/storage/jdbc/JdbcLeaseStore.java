package dev.governor.storage.jdbc;

import dev.governor.cluster.LeaderTerm;
import dev.governor.cluster.Lease;
import dev.governor.cluster.LeaseStore;
import dev.governor.cluster.Replica;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The leader's lease as one row of {@code cluster_lease}, and the roll of replicas in {@code
 * cluster_member}, every time by the database's clock.
 *
 * <p>A leader's writes hold the lease row FOR KEY SHARE until they commit ({@link
 * Connections#fence}), and taking the lease over locks it FOR UPDATE first, so a takeover waits for
 * them: once a new term is stored, no write of an older one can still commit. The leader's own
 * renewal (an update of columns no key holds) does not conflict with its writes, so a busy leader
 * never misses a renewal because of them. The wait is bounded by {@link #TAKEOVER_LOCK_WAIT} so
 * that a replica trying to lead never hangs on a leader stopped in the middle of a transaction;
 * the database ends such a transaction itself once it has idled for the lease's length (the fence
 * sets idle_in_transaction_session_timeout), and the next round takes the lease.
 */
final class JdbcLeaseStore implements LeaseStore {

  static final String ROW = "leader";
  /** How long a takeover waits for the current leader's writes to commit, and any lease statement for a lock. */
  static final Duration TAKEOVER_LOCK_WAIT = Duration.ofSeconds(1);
  /** Replicas unseen this long are dropped from the roll. */
  private static final Duration FORGET_AFTER = Duration.ofDays(1);

  private final Connections db;
  private final Dialect dialect;

  JdbcLeaseStore(Connections db, Dialect dialect) {
    this.db = db;
    this.dialect = dialect;
  }

  @Override
  public Optional<Lease> tryLead(String replica, URI url, Duration duration) {
    String now = dialect.nowMillis();
    // Most rounds find a live lease: a plain read, no lock, so a follower's round never holds up
    // the leader's writes.
    Optional<Lease> held = current();
    if (held.isPresent() && held.get().live() && !held.get().term().replica().equals(replica)) return Optional.empty();
    try {
      return db.write(connection -> {
        bound(connection, duration);
        // FOR UPDATE waits for the leader's writes in flight, which hold the row FOR KEY SHARE
        // (Connections.fence): once the next term is stored, none of the old term's commits. It
        // must be in the same transaction as the UPDATE below: a plain UPDATE of columns no key
        // holds would let a fence whose snapshot is older lock the old row and pass; after FOR
        // UPDATE the update counts as a key update, and such a fence sees the row changed, reads
        // the new term, and refuses. SQLite has one writer and no row locks.
        String lock = dialect == Dialect.POSTGRESQL ? " FOR UPDATE" : "";
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT holder, expires < " + now + " FROM cluster_lease WHERE name = ?" + lock)) {
          select.setString(1, ROW);
          try (ResultSet rs = select.executeQuery()) {
            if (!rs.next()) return insertFirst(connection, replica, url, duration, now);
            // Its own lease, live: this replica took it and lost the answer. It takes the next term.
            boolean ours = rs.getString(1).equals(replica);
            if (!rs.getBoolean(2) && !ours) return Optional.<Lease>empty();
          }
        }
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE cluster_lease SET holder = ?, holder_url = ?, term = term + 1, since = " + now + ", expires = "
                + now + " + ? WHERE name = ? RETURNING holder, holder_url, term, since, expires, 1")) {
          update.setString(1, replica);
          update.setString(2, url.toString());
          update.setLong(3, duration.toMillis());
          update.setString(4, ROW);
          try (ResultSet rs = update.executeQuery()) {
            rs.next();
            return Optional.of(lease(rs));
          }
        }
      });
    } catch (SQLException e) {
      if (dialect.isLockTimeout(e)) return Optional.empty();
      throw new StorageException("could not try to take the leader's lease", e);
    }
  }

  private Optional<Lease> insertFirst(Connection connection, String replica, URI url, Duration duration, String now)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO cluster_lease (name, holder, holder_url, term, since, expires)"
            + " VALUES (?, ?, ?, 1, " + now + ", " + now + " + ?) ON CONFLICT (name) DO NOTHING"
            + " RETURNING holder, holder_url, term, since, expires, 1")) {
      insert.setString(1, ROW);
      insert.setString(2, replica);
      insert.setString(3, url.toString());
      insert.setLong(4, duration.toMillis());
      try (ResultSet rs = insert.executeQuery()) {
        // Another replica inserted it first: its lease, not ours.
        return rs.next() ? Optional.of(lease(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public boolean renew(LeaderTerm term, Duration duration) {
    String now = dialect.nowMillis();
    try {
      return db.write(connection -> {
        bound(connection, duration);
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE cluster_lease SET expires = " + now + " + ? WHERE name = ? AND holder = ? AND term = ?")) {
          update.setLong(1, duration.toMillis());
          update.setString(2, ROW);
          update.setString(3, term.replica());
          update.setLong(4, term.term());
          return update.executeUpdate() == 1;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not renew the leader's lease (" + term + ")", e);
    }
  }

  @Override
  public void release(LeaderTerm term) {
    String now = dialect.nowMillis();
    try {
      db.write(connection -> {
        bound(connection, TAKEOVER_LOCK_WAIT.multipliedBy(3));
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE cluster_lease SET expires = " + now + " - 1 WHERE name = ? AND holder = ? AND term = ?")) {
          update.setString(1, ROW);
          update.setString(2, term.replica());
          update.setLong(3, term.term());
          return update.executeUpdate();
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not release the leader's lease (" + term + ")", e);
    }
  }

  @Override
  public Optional<Lease> current() {
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT holder, holder_url, term, since, expires, CASE WHEN expires >= " + dialect.nowMillis()
                + " THEN 1 ELSE 0 END FROM cluster_lease WHERE name = ?")) {
          select.setString(1, ROW);
          try (ResultSet rs = select.executeQuery()) {
            return rs.next() ? Optional.of(lease(rs)) : Optional.<Lease>empty();
          }
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not read the leader's lease", e);
    }
  }

  @Override
  public void heartbeat(String replica, String name, URI url) {
    String now = dialect.nowMillis();
    try {
      db.write(connection -> {
        bound(connection, TAKEOVER_LOCK_WAIT.multipliedBy(3));
        try (PreparedStatement upsert = connection.prepareStatement(
            "INSERT INTO cluster_member (replica, name, url, started, seen) VALUES (?, ?, ?, " + now + ", " + now + ")"
                + " ON CONFLICT (replica) DO UPDATE SET name = excluded.name, url = excluded.url, seen = excluded.seen");
            PreparedStatement forget = connection.prepareStatement(
                "DELETE FROM cluster_member WHERE seen < " + now + " - ?")) {
          upsert.setString(1, replica);
          upsert.setString(2, name);
          upsert.setString(3, url.toString());
          upsert.executeUpdate();
          forget.setLong(1, FORGET_AFTER.toMillis());
          return forget.executeUpdate();
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not record that replica " + replica + " is alive", e);
    }
  }

  @Override
  public void leave(String replica) {
    try {
      db.write(connection -> {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM cluster_member WHERE replica = ?")) {
          delete.setString(1, replica);
          return delete.executeUpdate();
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not take replica " + replica + " off the roll", e);
    }
  }

  @Override
  public List<Replica> replicas(Duration within) {
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT replica, name, url, started, seen FROM cluster_member WHERE seen >= " + dialect.nowMillis()
                + " - ? ORDER BY name, replica")) {
          select.setLong(1, within.toMillis());
          try (ResultSet rs = select.executeQuery()) {
            List<Replica> out = new ArrayList<>();
            while (rs.next()) {
              out.add(new Replica(rs.getString(1), rs.getString(2), URI.create(rs.getString(3)),
                  Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5))));
            }
            return out;
          }
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not read the roll of replicas", e);
    }
  }

  @Override
  public String sharedSecret() {
    byte[] random = new byte[32];
    new java.security.SecureRandom().nextBytes(random);
    String made = java.util.HexFormat.of().formatHex(random);
    try {
      return db.write(connection -> {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO cluster_secret (name, secret) VALUES (?, ?) ON CONFLICT (name) DO NOTHING");
            PreparedStatement select = connection.prepareStatement("SELECT secret FROM cluster_secret WHERE name = ?")) {
          insert.setString(1, ROW);
          insert.setString(2, made);
          insert.executeUpdate();
          select.setString(1, ROW);
          try (ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getString(1);
          }
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not read the cluster's shared secret", e);
    }
  }

  /**
   * Bounds a lease transaction on PostgreSQL: it waits at most {@link #TAKEOVER_LOCK_WAIT} for a
   * lock, a statement runs at most a third of the lease, and a transaction whose process stopped or
   * vanished half way is ended by the database after as long, instead of holding the lease row
   * until TCP notices, which can take hours.
   */
  private void bound(Connection connection, Duration lease) throws SQLException {
    if (dialect != Dialect.POSTGRESQL) return;
    // Above the lock wait, or the statement's timeout would fire first and a takeover that merely
    // found the row busy would fail the round instead of coming back empty.
    long third = Math.max(2 * TAKEOVER_LOCK_WAIT.toMillis(), lease.toMillis() / 3);
    try (Statement set = connection.createStatement()) {
      set.execute("SET LOCAL lock_timeout = " + TAKEOVER_LOCK_WAIT.toMillis() + "; SET LOCAL statement_timeout = " + third
          + "; SET LOCAL idle_in_transaction_session_timeout = " + third);
    }
  }

  private static Lease lease(ResultSet rs) throws SQLException {
    return new Lease(new LeaderTerm(rs.getString(1), rs.getLong(3)), URI.create(rs.getString(2)),
        Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)), rs.getInt(6) == 1);
  }
}

package dev.governor.storage.jdbc;

import dev.governor.delivery.verification.HookCall;
import dev.governor.delivery.verification.HookOutbox;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Rollback hook calls waiting for (or done with) their delivery. */
final class JdbcHookOutbox implements HookOutbox {

  private static final String COLUMNS = "id, deployment, url, payload, attempts, next_attempt_at, delivered_at, last_error";

  private final Connections db;

  JdbcHookOutbox(Connections db) {
    this.db = db;
  }

  @Override
  public HookCall enqueue(String deployment, URI url, String payload, Instant now) {
    try {
      long id = db.write(connection -> {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO hook_outbox (deployment, url, payload, attempts, next_attempt_at) VALUES (?, ?, ?, 0, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
          insert.setString(1, deployment);
          insert.setString(2, url.toString());
          insert.setString(3, payload);
          insert.setLong(4, now.toEpochMilli());
          insert.executeUpdate();
          try (ResultSet keys = insert.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
          }
        }
      });
      return new HookCall(id, deployment, url, payload, 0, now, Optional.empty(), Optional.empty());
    } catch (SQLException e) {
      throw new StorageException("could not enqueue the rollback hook call of " + deployment, e);
    }
  }

  @Override
  public List<HookCall> due(Instant now, int limit) {
    return select("WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?",
        now.toEpochMilli(), limit);
  }

  @Override
  public Optional<Instant> nextAttemptAt() {
    // MIN over the (delivered_at, next_attempt_at) index.
    return earliest(db, "SELECT MIN(next_attempt_at) FROM hook_outbox WHERE delivered_at IS NULL");
  }

  /** The one epoch-millisecond column {@code sql} selects, empty when it is NULL (no rows). */
  static Optional<Instant> earliest(Connections db, String sql, Object... parameters) {
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
          for (int i = 0; i < parameters.length; i++) select.setObject(i + 1, parameters[i]);
          try (ResultSet rs = select.executeQuery()) {
            if (!rs.next()) return Optional.<Instant>empty();
            long millis = rs.getLong(1);
            return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(millis));
          }
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not read when the next outbox attempt is due", e);
    }
  }

  @Override
  public List<HookCall> ofDeployment(String deployment) {
    return select("WHERE deployment = ? ORDER BY id", deployment);
  }

  @Override
  public void delivered(long id, Instant at) {
    update("UPDATE hook_outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?",
        at.toEpochMilli(), id);
  }

  @Override
  public void failed(long id, Instant nextAttemptAt, String error) {
    update("UPDATE hook_outbox SET next_attempt_at = ?, attempts = attempts + 1, last_error = ? WHERE id = ?",
        nextAttemptAt.toEpochMilli(), error, id);
  }

  private void update(String sql, Object... parameters) {
    try {
      db.write(connection -> {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
          for (int i = 0; i < parameters.length; i++) update.setObject(i + 1, parameters[i]);
          return update.executeUpdate();
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not update the rollback hook outbox", e);
    }
  }

  private List<HookCall> select(String where, Object... parameters) {
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM hook_outbox " + where)) {
          for (int i = 0; i < parameters.length; i++) select.setObject(i + 1, parameters[i]);
          List<HookCall> out = new ArrayList<>();
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              long delivered = rs.getLong(7);
              Optional<Instant> deliveredAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(delivered));
              out.add(new HookCall(rs.getLong(1), rs.getString(2), URI.create(rs.getString(3)), rs.getString(4),
                  rs.getInt(5), Instant.ofEpochMilli(rs.getLong(6)), deliveredAt, Optional.ofNullable(rs.getString(8))));
            }
          }
          return out;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not read the rollback hook outbox", e);
    }
  }
}

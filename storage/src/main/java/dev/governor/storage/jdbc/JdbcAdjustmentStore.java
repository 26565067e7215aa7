package dev.governor.storage.jdbc;

import dev.governor.adjustment.AdjustmentStore;
import dev.governor.adjustment.StoredAdjustment;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Applied BudgetAdjustment documents, one row per name, with who applied each. */
final class JdbcAdjustmentStore implements AdjustmentStore {

  private final Connections db;

  JdbcAdjustmentStore(Connections db) {
    this.db = db;
  }

  @Override
  public void apply(List<StoredAdjustment> adjustments) {
    if (adjustments.isEmpty()) return;
    try {
      db.write(connection -> {
        try (PreparedStatement upsert = connection.prepareStatement(
            "INSERT INTO budget_adjustment (name, source, applied_at, applied_by) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET source = excluded.source, applied_at = excluded.applied_at,"
                + " applied_by = excluded.applied_by")) {
          for (StoredAdjustment a : adjustments) {
            upsert.setString(1, a.name());
            upsert.setString(2, a.source());
            upsert.setLong(3, a.appliedAt().toEpochMilli());
            upsert.setString(4, a.appliedBy());
            upsert.addBatch();
          }
          return upsert.executeBatch();
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not store " + adjustments.size() + " budget adjustments", e);
    }
  }

  @Override
  public Optional<StoredAdjustment> delete(String name) {
    try {
      return db.write(connection -> {
        Optional<StoredAdjustment> before = read(connection, name);
        if (before.isEmpty()) return before;
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM budget_adjustment WHERE name = ?")) {
          delete.setString(1, name);
          delete.executeUpdate();
        }
        return before;
      });
    } catch (SQLException e) {
      throw new StorageException("could not delete budget adjustment " + name, e);
    }
  }

  private static Optional<StoredAdjustment> read(java.sql.Connection connection, String name) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT name, source, applied_at, applied_by FROM budget_adjustment WHERE name = ?")) {
      select.setString(1, name);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public List<StoredAdjustment> all() {
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT name, source, applied_at, applied_by FROM budget_adjustment ORDER BY name");
            ResultSet rs = select.executeQuery()) {
          List<StoredAdjustment> out = new ArrayList<>();
          while (rs.next()) out.add(row(rs));
          return out;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not read the budget adjustments", e);
    }
  }

  private static StoredAdjustment row(ResultSet rs) throws SQLException {
    return new StoredAdjustment(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4));
  }
}

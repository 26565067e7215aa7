package dev.governor.storage.jdbc;

import dev.governor.capacity.CapacitySignalStore;
import dev.governor.capacity.StoredCapacitySignal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Applied CapacitySignal documents, one row per name. */
final class JdbcCapacitySignalStore implements CapacitySignalStore {

  private final Connections db;

  JdbcCapacitySignalStore(Connections db) {
    this.db = db;
  }

  @Override
  public void apply(List<StoredCapacitySignal> signals) {
    if (signals.isEmpty()) return;
    try {
      db.write(connection -> {
        try (PreparedStatement upsert = connection.prepareStatement(
            "INSERT INTO capacity_signal (name, source, applied_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET source = excluded.source, applied_at = excluded.applied_at")) {
          for (StoredCapacitySignal p : signals) {
            upsert.setString(1, p.name());
            upsert.setString(2, p.source());
            upsert.setLong(3, p.appliedAt().toEpochMilli());
            upsert.addBatch();
          }
          return upsert.executeBatch();
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not store " + signals.size() + " capacity signals", e);
    }
  }

  @Override
  public boolean delete(String name) {
    try {
      return db.write(connection -> {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM capacity_signal WHERE name = ?")) {
          delete.setString(1, name);
          return delete.executeUpdate() > 0;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not delete capacity signal " + name, e);
    }
  }

  @Override
  public List<StoredCapacitySignal> all() {
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT name, source, applied_at FROM capacity_signal ORDER BY name");
            ResultSet rs = select.executeQuery()) {
          List<StoredCapacitySignal> out = new ArrayList<>();
          while (rs.next()) out.add(new StoredCapacitySignal(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
          return out;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not list capacity signals", e);
    }
  }
}

package dev.governor.storage.jdbc;

import dev.governor.delivery.gate.PolicyStore;
import dev.governor.delivery.gate.StoredPolicy;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Applied error-budget policy documents, one row per name. */
final class JdbcPolicyStore implements PolicyStore {

  private final Connections db;

  JdbcPolicyStore(Connections db) {
    this.db = db;
  }

  @Override
  public void apply(List<StoredPolicy> policies) {
    if (policies.isEmpty()) return;
    try {
      db.write(connection -> {
        try (PreparedStatement upsert = connection.prepareStatement(
            "INSERT INTO budget_policy (name, source, applied_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET source = excluded.source, applied_at = excluded.applied_at")) {
          for (StoredPolicy p : policies) {
            upsert.setString(1, p.name());
            upsert.setString(2, p.source());
            upsert.setLong(3, p.appliedAt().toEpochMilli());
            upsert.addBatch();
          }
          return upsert.executeBatch();
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not store " + policies.size() + " policies", e);
    }
  }

  @Override
  public boolean delete(String name) {
    try {
      return db.write(connection -> {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM budget_policy WHERE name = ?")) {
          delete.setString(1, name);
          return delete.executeUpdate() > 0;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not delete policy " + name, e);
    }
  }

  @Override
  public List<StoredPolicy> all() {
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT name, source, applied_at FROM budget_policy ORDER BY name");
            ResultSet rs = select.executeQuery()) {
          List<StoredPolicy> out = new ArrayList<>();
          while (rs.next()) out.add(new StoredPolicy(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
          return out;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not list policies", e);
    }
  }
}

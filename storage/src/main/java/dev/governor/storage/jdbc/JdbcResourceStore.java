package dev.governor.storage.jdbc;

import dev.governor.slo.ResourceKind;
import dev.governor.slo.ResourceStore;
import dev.governor.slo.StoredResource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Applied OpenSLO documents, one row per (kind, name), the source text as the user wrote it. */
final class JdbcResourceStore implements ResourceStore {

  /**
   * Kind in the enum's order (services before the SLIs and SLOs that name them), then name by code
   * point. Sorted here rather than in SQL: the database would sort kinds alphabetically, and the
   * two databases' collations do not agree on names.
   */
  private static final Comparator<StoredResource> ORDER =
      Comparator.comparing(StoredResource::kind).thenComparing(StoredResource::name);

  private final Connections db;

  JdbcResourceStore(Connections db) {
    this.db = db;
  }

  @Override
  public void apply(List<StoredResource> resources) {
    if (resources.isEmpty()) return;
    try {
      db.write(connection -> {
        try (PreparedStatement upsert = connection.prepareStatement(
            "INSERT INTO resource (kind, name, source, applied_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (kind, name) DO UPDATE"
                + " SET source = excluded.source, applied_at = excluded.applied_at")) {
          for (StoredResource resource : resources) {
            upsert.setString(1, resource.kind().openSloKind());
            upsert.setString(2, resource.name());
            upsert.setString(3, resource.source());
            upsert.setLong(4, resource.appliedAt().toEpochMilli());
            upsert.addBatch();
          }
          upsert.executeBatch();
        }
        return null;
      });
    } catch (SQLException e) {
      throw new StorageException("could not apply " + resources.size() + " resources", e);
    }
  }

  @Override
  public boolean delete(ResourceKind kind, String name) {
    try {
      return db.write(connection -> {
        try (PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM resource WHERE kind = ? AND name = ?")) {
          delete.setString(1, kind.openSloKind());
          delete.setString(2, name);
          return delete.executeUpdate() > 0;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not delete " + kind.openSloKind() + " '" + name + "'", e);
    }
  }

  @Override
  public List<StoredResource> all() {
    try {
      List<StoredResource> all = db.read(connection -> {
        List<StoredResource> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT kind, name, source, applied_at FROM resource");
            ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            String kind = rs.getString(1);
            rows.add(new StoredResource(
                ResourceKind.fromOpenSlo(kind).orElseThrow(() -> new StorageException(
                    "the database holds a resource of kind '" + kind + "', which this version"
                        + " does not know; was it written by a newer Governor?")),
                rs.getString(2),
                rs.getString(3),
                Instant.ofEpochMilli(rs.getLong(4))));
          }
        }
        return rows;
      });
      all.sort(ORDER);
      return all;
    } catch (SQLException e) {
      throw new StorageException("could not read the resources", e);
    }
  }
}

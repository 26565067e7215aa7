package dev.governor.storage.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A table of applied YAML documents of one kind, one row per name ({@code name, source,
 * applied_at}): error-budget policies and capacity signals are kept this way.
 */
final class NamedDocumentTable {

  /** One stored document. */
  record Row(String name, String source, Instant appliedAt) {}

  private final Connections db;
  private final String table;
  private final String what;

  /** {@code what} names the documents in messages: "policies", "capacity signals". */
  NamedDocumentTable(Connections db, String table, String what) {
    this.db = db;
    this.table = table;
    this.what = what;
  }

  /** Inserts or replaces (by name) every row, all or nothing. */
  void apply(List<Row> rows) {
    if (rows.isEmpty()) return;
    try {
      db.write(connection -> {
        try (PreparedStatement upsert = connection.prepareStatement(
            "INSERT INTO " + table + " (name, source, applied_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET source = excluded.source, applied_at = excluded.applied_at")) {
          for (Row row : rows) {
            upsert.setString(1, row.name());
            upsert.setString(2, row.source());
            upsert.setLong(3, row.appliedAt().toEpochMilli());
            upsert.addBatch();
          }
          return upsert.executeBatch();
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not store " + rows.size() + " " + what, e);
    }
  }

  /** Deletes one row; false when there was none. */
  boolean delete(String name) {
    try {
      return db.write(connection -> {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE name = ?")) {
          delete.setString(1, name);
          return delete.executeUpdate() > 0;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not delete " + name + " from the " + what, e);
    }
  }

  /** Every row, ordered by name. */
  List<Row> all() {
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT name, source, applied_at FROM " + table + " ORDER BY name");
            ResultSet rs = select.executeQuery()) {
          List<Row> out = new ArrayList<>();
          while (rs.next()) out.add(new Row(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
          return out;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not list the " + what, e);
    }
  }
}

package dev.governor.storage.jdbc;

import dev.governor.oncall.OnCallDocument;
import dev.governor.oncall.OnCallKind;
import dev.governor.oncall.OnCallStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Applied on-call documents, one row per (kind, name), the source text as the user wrote it. */
final class JdbcOnCallStore implements OnCallStore {

  /**
   * Kind in the enum's order (users before the schedules and policies that name them), then name by
   * code point; sorted here because the two databases' collations do not agree on names.
   */
  private static final Comparator<OnCallDocument> ORDER =
      Comparator.comparing(OnCallDocument::kind).thenComparing(OnCallDocument::name);

  private final Connections db;

  JdbcOnCallStore(Connections db) {
    this.db = db;
  }

  @Override
  public void apply(List<OnCallDocument> documents) {
    if (documents.isEmpty()) return;
    try {
      db.write(connection -> {
        try (PreparedStatement upsert = connection.prepareStatement(
            "INSERT INTO oncall_document (kind, name, source, applied_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (kind, name) DO UPDATE SET source = excluded.source, applied_at = excluded.applied_at")) {
          for (OnCallDocument d : documents) {
            upsert.setString(1, d.kind().kind());
            upsert.setString(2, d.name());
            upsert.setString(3, d.source());
            upsert.setLong(4, d.appliedAt().toEpochMilli());
            upsert.addBatch();
          }
          return upsert.executeBatch();
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not store " + documents.size() + " on-call documents", e);
    }
  }

  @Override
  public boolean delete(OnCallKind kind, String name) {
    try {
      return db.write(connection -> {
        try (PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM oncall_document WHERE kind = ? AND name = ?")) {
          delete.setString(1, kind.kind());
          delete.setString(2, name);
          return delete.executeUpdate() > 0;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not delete " + kind.kind() + " '" + name + "'", e);
    }
  }

  @Override
  public List<OnCallDocument> all() {
    try {
      List<OnCallDocument> all = db.read(connection -> {
        List<OnCallDocument> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT kind, name, source, applied_at FROM oncall_document");
            ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            String kind = rs.getString(1);
            rows.add(new OnCallDocument(
                OnCallKind.fromKind(kind).orElseThrow(() -> new StorageException(
                    "the database holds an on-call document of kind '" + kind + "', which this version"
                        + " does not know; was it written by a newer Governor?")),
                rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4))));
          }
        }
        return rows;
      });
      all.sort(ORDER);
      return all;
    } catch (SQLException e) {
      throw new StorageException("could not read the on-call documents", e);
    }
  }
}

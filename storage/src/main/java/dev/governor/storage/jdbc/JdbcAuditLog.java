package dev.governor.storage.jdbc;

import dev.governor.access.AuditLog;
import dev.governor.access.AuditRecord;
import dev.governor.access.TeamName;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The audit log of actions: append-only rows, numbered by the database, read newest first. */
final class JdbcAuditLog implements AuditLog {

  private final Connections db;

  JdbcAuditLog(Connections db) {
    this.db = db;
  }

  @Override
  public AuditRecord record(AuditRecord r) {
    try {
      long id = db.write(connection -> {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_action (at, actor, action,"
            + " subject, team, detail) VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
          insert.setLong(1, r.at().toEpochMilli());
          insert.setString(2, r.actor());
          insert.setString(3, r.action());
          insert.setString(4, r.subject());
          JdbcAuditTrail.setOptional(insert, 5, r.team().map(TeamName::value));
          insert.setString(6, r.detail());
          insert.executeUpdate();
          try (ResultSet keys = insert.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
          }
        }
      });
      return r.withId(id);
    } catch (SQLException e) {
      throw new StorageException("could not record " + r.action() + " by " + r.actor(), e);
    }
  }

  @Override
  public List<AuditRecord> list(AuditRecord.Query q) {
    List<String> where = new ArrayList<>();
    List<String> values = new ArrayList<>();
    q.actor().ifPresent(a -> {
      where.add("actor = ?");
      values.add(a);
    });
    q.team().ifPresent(t -> {
      where.add("team = ?");
      values.add(t.value());
    });
    q.subject().ifPresent(s -> {
      where.add("subject = ?");
      values.add(s);
    });
    String sql = "SELECT id, at, actor, action, subject, team, detail FROM audit_action"
        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY id DESC LIMIT ?";
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
          int i = 1;
          for (String v : values) select.setString(i++, v);
          select.setInt(i, q.limit());
          List<AuditRecord> out = new ArrayList<>();
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              out.add(new AuditRecord(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
                  rs.getString(5), Optional.ofNullable(rs.getString(6)).map(TeamName::of), rs.getString(7)));
            }
          }
          return out;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not list the audit log", e);
    }
  }
}

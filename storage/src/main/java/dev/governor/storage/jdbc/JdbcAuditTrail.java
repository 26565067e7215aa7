package dev.governor.storage.jdbc;

import dev.governor.delivery.gate.AuditEntry;
import dev.governor.delivery.gate.AuditTrail;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The delivery audit trail: append-only rows, numbered by the database. */
final class JdbcAuditTrail implements AuditTrail {

  private static final String COLUMNS = "id, at, action, subject, environment, version, outcome, actor, reason, detail";

  private final Connections db;

  JdbcAuditTrail(Connections db) {
    this.db = db;
  }

  @Override
  public AuditEntry record(AuditEntry entry) {
    try {
      long id = db.write(connection -> {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO delivery_audit (at, action, subject, environment, version, outcome, actor, reason, detail)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
          insert.setLong(1, entry.at().toEpochMilli());
          insert.setString(2, entry.action().label());
          insert.setString(3, entry.subject());
          setOptional(insert, 4, entry.environment());
          setOptional(insert, 5, entry.version());
          insert.setString(6, entry.outcome());
          setOptional(insert, 7, entry.actor());
          setOptional(insert, 8, entry.reason());
          insert.setString(9, entry.detail());
          insert.executeUpdate();
          try (ResultSet keys = insert.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
          }
        }
      });
      return entry.withId(id);
    } catch (SQLException e) {
      throw new StorageException("could not record the audit entry " + entry.action().label() + " of " + entry.subject(), e);
    }
  }

  @Override
  public List<AuditEntry> list(Optional<String> subject, int limit) {
    if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    String sql = "SELECT " + COLUMNS + " FROM delivery_audit"
        + (subject.isPresent() ? " WHERE subject = ?" : "") + " ORDER BY id DESC LIMIT ?";
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
          int i = 1;
          if (subject.isPresent()) select.setString(i++, subject.get());
          select.setInt(i, limit);
          return entries(select);
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not list the audit trail", e);
    }
  }

  @Override
  public List<AuditEntry> list(String subject, Set<AuditEntry.Action> actions, Instant since, int limit) {
    if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    if (actions.isEmpty()) return List.of();
    List<AuditEntry.Action> asked = List.copyOf(actions);
    // Served by delivery_audit_by_subject_action: one range of the index per action.
    String sql = "SELECT " + COLUMNS + " FROM delivery_audit WHERE subject = ? AND action IN ("
        + String.join(", ", Collections.nCopies(asked.size(), "?")) + ") AND at >= ? ORDER BY id DESC LIMIT ?";
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
          int i = 1;
          select.setString(i++, subject);
          for (AuditEntry.Action action : asked) select.setString(i++, action.label());
          select.setLong(i++, since.toEpochMilli());
          select.setInt(i, limit);
          return entries(select);
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not list the audit entries of " + subject, e);
    }
  }

  private static List<AuditEntry> entries(PreparedStatement select) throws SQLException {
    List<AuditEntry> out = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        out.add(new AuditEntry(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)),
            AuditEntry.Action.ofLabel(rs.getString(3)).orElseThrow(
                () -> new IllegalStateException("unknown audit action in the database")),
            rs.getString(4), Optional.ofNullable(rs.getString(5)), Optional.ofNullable(rs.getString(6)),
            rs.getString(7), Optional.ofNullable(rs.getString(8)), Optional.ofNullable(rs.getString(9)),
            rs.getString(10)));
      }
    }
    return out;
  }

  static void setOptional(PreparedStatement statement, int index, Optional<String> value) throws SQLException {
    if (value.isPresent()) statement.setString(index, value.get());
    else statement.setNull(index, Types.VARCHAR);
  }
}

package dev.governor.storage.jdbc;

import dev.governor.alert.Alert;
import dev.governor.alert.AlertKey;
import dev.governor.alert.AlertState;
import dev.governor.alert.AlertStore;
import dev.governor.alert.Severity;
import dev.governor.basics.SloName;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Alert history, one row per alert id; state and severity stored as their lowercase labels. */
final class JdbcAlertStore implements AlertStore {

  private static final String COLUMNS =
      "id, slo, objective, rule, severity, state, started_at, resolved_at, summary";

  /** Newest first; the id breaks ties so that pages of a list do not reshuffle. */
  private static final String NEWEST_FIRST = " ORDER BY started_at DESC, id DESC";

  private final Connections db;

  JdbcAlertStore(Connections db) {
    this.db = db;
  }

  private static final String UPSERT = "INSERT INTO alert (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT (id) DO UPDATE SET slo = excluded.slo,"
      + " objective = excluded.objective, rule = excluded.rule,"
      + " severity = excluded.severity, state = excluded.state,"
      + " started_at = excluded.started_at, resolved_at = excluded.resolved_at,"
      + " summary = excluded.summary";

  @Override
  public void save(Alert alert) {
    saveAll(List.of(alert));
  }

  @Override
  public void saveAll(List<Alert> alerts) {
    if (alerts.isEmpty()) return;
    try {
      db.write(connection -> {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
          for (Alert alert : alerts) {
            upsert.setString(1, alert.id());
            upsert.setString(2, alert.key().slo().value());
            upsert.setString(3, alert.key().objective());
            upsert.setString(4, alert.key().rule());
            upsert.setString(5, alert.severity().label());
            upsert.setString(6, alert.state().label());
            upsert.setLong(7, alert.startedAt().toEpochMilli());
            if (alert.resolvedAt().isPresent()) upsert.setLong(8, alert.resolvedAt().get().toEpochMilli());
            else upsert.setNull(8, Types.BIGINT);
            upsert.setString(9, alert.summary());
            upsert.addBatch();
          }
          return upsert.executeBatch().length;
        }
      });
    } catch (SQLException e) {
      throw new StorageException(alerts.size() == 1 ? "could not save alert " + alerts.getFirst().id()
          : "could not save " + alerts.size() + " alerts (" + alerts.getFirst().id() + " first); none was saved", e);
    }
  }

  @Override
  public List<Alert> firing() {
    return query(Optional.of(AlertState.FIRING), Optional.empty(), Optional.empty());
  }

  @Override
  public List<Alert> list(Optional<AlertState> state, Optional<SloName> slo, int limit) {
    if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    return query(state, slo, Optional.of(limit));
  }

  private List<Alert> query(Optional<AlertState> state, Optional<SloName> slo, Optional<Integer> limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alert WHERE 1 = 1");
    List<Object> parameters = new ArrayList<>();
    state.ifPresent(s -> {
      sql.append(" AND state = ?");
      parameters.add(s.label());
    });
    slo.ifPresent(s -> {
      sql.append(" AND slo = ?");
      parameters.add(s.value());
    });
    sql.append(NEWEST_FIRST);
    limit.ifPresent(n -> {
      sql.append(" LIMIT ?");
      parameters.add(n);
    });
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
          for (int i = 0; i < parameters.size(); i++) select.setObject(i + 1, parameters.get(i));
          List<Alert> alerts = new ArrayList<>();
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) alerts.add(alert(rs));
          }
          return alerts;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not list alerts", e);
    }
  }

  private static Alert alert(ResultSet rs) throws SQLException {
    long resolvedAt = rs.getLong(8);
    Optional<Instant> resolved = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(resolvedAt));
    return new Alert(
        rs.getString(1),
        new AlertKey(SloName.of(rs.getString(2)), rs.getString(3), rs.getString(4)),
        Severity.valueOf(rs.getString(5).toUpperCase(Locale.ROOT)),
        AlertState.valueOf(rs.getString(6).toUpperCase(Locale.ROOT)),
        Instant.ofEpochMilli(rs.getLong(7)),
        resolved,
        rs.getString(9));
  }
}

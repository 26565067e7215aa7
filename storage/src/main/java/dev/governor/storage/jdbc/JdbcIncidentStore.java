package dev.governor.storage.jdbc;

import dev.governor.incident.AlertSeverity;
import dev.governor.incident.Incident;
import dev.governor.incident.IncidentAlert;
import dev.governor.incident.IncidentId;
import dev.governor.incident.IncidentQuery;
import dev.governor.incident.IncidentState;
import dev.governor.incident.IncidentStore;
import dev.governor.incident.LabelMatcher;
import dev.governor.incident.MaintenanceWindow;
import dev.governor.incident.Silence;
import dev.governor.incident.SilenceId;
import dev.governor.incident.SignalLink;
import dev.governor.incident.SignalSource;
import dev.governor.incident.Suppression;
import dev.governor.incident.TimelineEntry;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Incidents, alerts, timelines, silences and maintenance windows in the tables of V4. Maps and
 * lists of a row (labels, roles, links, matchers) live in child tables that a save rewrites.
 *
 * <p>Every write transaction first takes the incident lock, so the engine's read-decide-write
 * steps never interleave: SQLite has one writer anyway, and on PostgreSQL a transaction-level
 * advisory lock serialises the replicas. Incident writes are few (alerts, not SLI events), so
 * one lock costs nothing worth a finer scheme, and it makes "one more than the highest" a safe way
 * to number incidents in order. The unique index on open (integration, dedup key) stays as the
 * last line of defence.
 */
final class JdbcIncidentStore implements IncidentStore {

  /** The key of PostgreSQL's advisory lock for incident writes: "gov-inc" in ASCII. */
  static final long INCIDENT_LOCK = 0x676f762d696e63L;

  /** Parameters per IN list: well below SQLite's and PostgreSQL's limits on bound values. */
  private static final int CHUNK = 500;

  private static final String INCIDENT_COLUMNS = "number, title, state, severity, group_key, opened_at, notify_after,"
      + " acknowledged_at, acknowledged_by, resolved_at, resolved_by, reopen_count";
  private static final String ALERT_COLUMNS = "id, source, integration, dedup_key, incident, state, suppression,"
      + " suppressed_by, summary, severity, group_key, started_at, first_seen, last_seen, resolved_at";

  private final Connections db;
  private final Dialect dialect;

  JdbcIncidentStore(Connections db, Dialect dialect) {
    this.db = db;
    this.dialect = dialect;
  }

  @Override
  public <T> T write(Function<Tx, T> work) {
    try {
      return db.write(connection -> {
        if (dialect == Dialect.POSTGRESQL) {
          try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, INCIDENT_LOCK);
            lock.execute();
          }
        }
        return work.apply(new JdbcTx(connection));
      });
    } catch (SQLException e) {
      throw new StorageException("could not write incidents", e);
    }
  }

  @Override
  public <T> T read(Function<Tx, T> work) {
    try {
      return db.read(connection -> work.apply(new JdbcTx(connection)));
    } catch (SQLException e) {
      throw new StorageException("could not read incidents", e);
    }
  }

  @FunctionalInterface
  private interface Sql<T> {
    T run() throws SQLException;
  }

  private static <T> T sql(String what, Sql<T> body) {
    try {
      return body.run();
    } catch (SQLException e) {
      throw new StorageException("could not " + what, e);
    }
  }

  private static final class JdbcTx implements Tx {
    private final Connection c;

    JdbcTx(Connection c) {
      this.c = c;
    }

    // ----- incidents

    @Override
    public IncidentId nextIncidentId() {
      return sql("number an incident", () -> new IncidentId(scalarLong("SELECT COALESCE(MAX(number), 0) + 1 FROM incident")));
    }

    @Override
    public void saveIncident(Incident i) {
      sql("save incident " + i.id(), () -> {
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO incident (" + INCIDENT_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (number) DO UPDATE SET title = excluded.title,"
            + " state = excluded.state, severity = excluded.severity, group_key = excluded.group_key,"
            + " opened_at = excluded.opened_at, notify_after = excluded.notify_after,"
            + " acknowledged_at = excluded.acknowledged_at, acknowledged_by = excluded.acknowledged_by,"
            + " resolved_at = excluded.resolved_at, resolved_by = excluded.resolved_by,"
            + " reopen_count = excluded.reopen_count")) {
          upsert.setLong(1, i.id().number());
          upsert.setString(2, i.title());
          upsert.setString(3, i.state().label());
          upsert.setString(4, i.severity().label());
          upsert.setString(5, i.groupKey());
          upsert.setLong(6, i.openedAt().toEpochMilli());
          upsert.setLong(7, i.notifyAfter().toEpochMilli());
          JdbcDeploymentStore.setInstant(upsert, 8, i.acknowledgedAt());
          setText(upsert, 9, i.acknowledgedBy());
          JdbcDeploymentStore.setInstant(upsert, 10, i.resolvedAt());
          setText(upsert, 11, i.resolvedBy());
          upsert.setInt(12, i.reopenCount());
          upsert.executeUpdate();
        }
        update("DELETE FROM incident_attribute WHERE incident = ?", i.id().number());
        try (PreparedStatement insert = c.prepareStatement(
            "INSERT INTO incident_attribute (incident, kind, name, value) VALUES (?, ?, ?, ?)")) {
          int rows = 0;
          for (String s : i.services()) rows += addAttribute(insert, i.id().number(), "service", s, "");
          for (String s : i.slos()) rows += addAttribute(insert, i.id().number(), "slo", s, "");
          for (var e : i.labels().entrySet()) rows += addAttribute(insert, i.id().number(), "label", e.getKey(), e.getValue());
          for (var e : i.roles().entrySet()) rows += addAttribute(insert, i.id().number(), "role", e.getKey(), e.getValue());
          if (rows > 0) insert.executeBatch();
        }
        return null;
      });
    }

    @Override
    public Optional<Incident> incident(IncidentId id) {
      return incidents("WHERE number = ?", List.of(id.number())).stream().findFirst();
    }

    @Override
    public Optional<Incident> openIncidentInGroup(String groupKey) {
      return incidents("WHERE group_key = ? AND state <> 'resolved' ORDER BY number DESC LIMIT 1", List.of(groupKey))
          .stream().findFirst();
    }

    @Override
    public Optional<Incident> lastResolvedInGroup(String groupKey) {
      return incidents("WHERE group_key = ? AND state = 'resolved' ORDER BY resolved_at DESC, number DESC LIMIT 1",
          List.of(groupKey)).stream().findFirst();
    }

    @Override
    public List<Incident> incidents(IncidentQuery query) {
      StringBuilder where = new StringBuilder("WHERE 1 = 1");
      List<Object> parameters = new ArrayList<>();
      if (!query.states().isEmpty()) {
        List<IncidentState> states = EnumSet.copyOf(query.states()).stream().toList();
        where.append(" AND state IN (").append(marks(states.size())).append(")");
        states.forEach(s -> parameters.add(s.label()));
      }
      query.service().ifPresent(s -> {
        where.append(" AND EXISTS (SELECT 1 FROM incident_attribute a WHERE a.kind = 'service' AND a.name = ?"
            + " AND a.incident = incident.number)");
        parameters.add(s);
      });
      query.openedWithin().ifPresent(r -> {
        where.append(" AND opened_at >= ? AND opened_at < ?");
        parameters.add(r.start().toEpochMilli());
        parameters.add(r.end().toEpochMilli());
      });
      where.append(" ORDER BY number DESC LIMIT ?");
      parameters.add(query.limit());
      return incidents(where.toString(), parameters);
    }

    private List<Incident> incidents(String where, List<Object> parameters) {
      return sql("read incidents", () -> {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT " + INCIDENT_COLUMNS + " FROM incident " + where)) {
          bind(select, parameters);
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                  rs.getLong(6), rs.getLong(7), JdbcDeploymentStore.instant(rs, 8), Optional.ofNullable(rs.getString(9)),
                  JdbcDeploymentStore.instant(rs, 10), Optional.ofNullable(rs.getString(11)), rs.getInt(12)});
            }
          }
        }
        Map<Long, Map<String, Map<String, String>>> attributes = attributes("incident_attribute", "incident",
            rows.stream().map(r -> (Long) r[0]).toList());
        List<Incident> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
          Map<String, Map<String, String>> a = attributes.getOrDefault((Long) r[0], Map.of());
          out.add(incident(r, a));
        }
        return out;
      });
    }

    @SuppressWarnings("unchecked")
    private static Incident incident(Object[] r, Map<String, Map<String, String>> a) {
      return new Incident(new IncidentId((Long) r[0]), (String) r[1], IncidentState.ofLabel((String) r[2]),
          severity((String) r[3]), List.copyOf(a.getOrDefault("service", Map.of()).keySet()),
          List.copyOf(a.getOrDefault("slo", Map.of()).keySet()), a.getOrDefault("label", Map.of()), (String) r[4],
          Instant.ofEpochMilli((Long) r[5]), Instant.ofEpochMilli((Long) r[6]), (Optional<Instant>) r[7],
          (Optional<String>) r[8], (Optional<Instant>) r[9], (Optional<String>) r[10], a.getOrDefault("role", Map.of()),
          (Integer) r[11]);
    }

    // ----- alerts

    @Override
    public long nextAlertId() {
      return sql("number an alert", () -> scalarLong("SELECT COALESCE(MAX(id), 0) + 1 FROM incident_alert"));
    }

    @Override
    public void saveAlert(IncidentAlert a) {
      sql("save alert " + a.ref(), () -> {
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO incident_alert (" + ALERT_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            + " source = excluded.source, integration = excluded.integration, dedup_key = excluded.dedup_key,"
            + " incident = excluded.incident, state = excluded.state, suppression = excluded.suppression,"
            + " suppressed_by = excluded.suppressed_by, summary = excluded.summary, severity = excluded.severity,"
            + " group_key = excluded.group_key, started_at = excluded.started_at, first_seen = excluded.first_seen,"
            + " last_seen = excluded.last_seen, resolved_at = excluded.resolved_at")) {
          upsert.setLong(1, a.id());
          upsert.setString(2, a.source().name().toLowerCase(Locale.ROOT));
          upsert.setString(3, a.integration());
          upsert.setString(4, a.dedupKey());
          if (a.incident().isPresent()) upsert.setLong(5, a.incident().get().number());
          else upsert.setNull(5, Types.BIGINT);
          upsert.setString(6, a.state().label());
          setText(upsert, 7, a.suppression().map(s -> s.kind().label()));
          setText(upsert, 8, a.suppression().map(Suppression::by));
          upsert.setString(9, a.summary());
          upsert.setString(10, a.severity().label());
          upsert.setString(11, a.groupKey());
          upsert.setLong(12, a.startedAt().toEpochMilli());
          upsert.setLong(13, a.firstSeen().toEpochMilli());
          upsert.setLong(14, a.lastSeen().toEpochMilli());
          JdbcDeploymentStore.setInstant(upsert, 15, a.resolvedAt());
          upsert.executeUpdate();
        }
        update("DELETE FROM incident_alert_attribute WHERE alert = ?", a.id());
        update("DELETE FROM incident_alert_link WHERE alert = ?", a.id());
        try (PreparedStatement insert = c.prepareStatement(
            "INSERT INTO incident_alert_attribute (alert, kind, name, value) VALUES (?, ?, ?, ?)")) {
          int rows = 0;
          for (var e : a.labels().entrySet()) rows += addAttribute(insert, a.id(), "label", e.getKey(), e.getValue());
          for (var e : a.details().entrySet()) rows += addAttribute(insert, a.id(), "detail", e.getKey(), e.getValue());
          if (rows > 0) insert.executeBatch();
        }
        try (PreparedStatement insert = c.prepareStatement(
            "INSERT INTO incident_alert_link (alert, position, href, label, image) VALUES (?, ?, ?, ?, ?)")) {
          int position = 0;
          for (SignalLink link : a.links()) {
            insert.setLong(1, a.id());
            insert.setInt(2, position++);
            insert.setString(3, link.href().toString());
            insert.setString(4, link.text());
            insert.setInt(5, link.image() ? 1 : 0);
            insert.addBatch();
          }
          if (position > 0) insert.executeBatch();
        }
        return null;
      });
    }

    @Override
    public Optional<IncidentAlert> openAlert(String integration, String dedupKey) {
      return alerts("WHERE integration = ? AND dedup_key = ? AND resolved_at IS NULL", List.of(integration, dedupKey))
          .stream().findFirst();
    }

    @Override
    public List<IncidentAlert> openAlerts() {
      return alerts("WHERE resolved_at IS NULL ORDER BY id", List.of());
    }

    @Override
    public List<IncidentAlert> alertsOf(IncidentId incident) {
      return alerts("WHERE incident = ? ORDER BY id", List.of(incident.number()));
    }

    @Override
    public Set<String> knownDedupKeys(String integration, Collection<String> keys) {
      return sql("read alert keys of " + integration, () -> {
        Set<String> known = new HashSet<>();
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += CHUNK) {
          List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
          try (PreparedStatement select = c.prepareStatement("SELECT DISTINCT dedup_key FROM incident_alert"
              + " WHERE integration = ? AND dedup_key IN (" + marks(chunk.size()) + ")")) {
            select.setString(1, integration);
            for (int i = 0; i < chunk.size(); i++) select.setString(i + 2, chunk.get(i));
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) known.add(rs.getString(1));
            }
          }
        }
        return known;
      });
    }

    private List<IncidentAlert> alerts(String where, List<Object> parameters) {
      return sql("read alerts", () -> {
        List<IncidentAlert> rows = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM incident_alert " + where)) {
          bind(select, parameters);
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) rows.add(alert(rs));
          }
        }
        List<Long> ids = rows.stream().map(IncidentAlert::id).toList();
        Map<Long, Map<String, Map<String, String>>> attributes = attributes("incident_alert_attribute", "alert", ids);
        Map<Long, List<SignalLink>> links = links(ids);
        List<IncidentAlert> out = new ArrayList<>(rows.size());
        for (IncidentAlert a : rows) {
          Map<String, Map<String, String>> attrs = attributes.getOrDefault(a.id(), Map.of());
          out.add(new IncidentAlert(a.id(), a.source(), a.integration(), a.dedupKey(), a.incident(), a.state(),
              a.suppression(), a.summary(), a.severity(), attrs.getOrDefault("label", Map.of()),
              attrs.getOrDefault("detail", Map.of()), links.getOrDefault(a.id(), List.of()), a.groupKey(), a.startedAt(),
              a.firstSeen(), a.lastSeen(), a.resolvedAt()));
        }
        return out;
      });
    }

    private static IncidentAlert alert(ResultSet rs) throws SQLException {
      long incident = rs.getLong(5);
      Optional<IncidentId> incidentId = rs.wasNull() ? Optional.empty() : Optional.of(new IncidentId(incident));
      String suppression = rs.getString(7);
      Optional<Suppression> suppressed = suppression == null ? Optional.empty()
          : Optional.of(new Suppression(Suppression.Kind.valueOf(suppression.toUpperCase(Locale.ROOT)), rs.getString(8)));
      return new IncidentAlert(rs.getLong(1), SignalSource.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
          rs.getString(3), rs.getString(4), incidentId, IncidentState.ofLabel(rs.getString(6)), suppressed,
          rs.getString(9), severity(rs.getString(10)), Map.of(), Map.of(), List.of(), rs.getString(11),
          Instant.ofEpochMilli(rs.getLong(12)), Instant.ofEpochMilli(rs.getLong(13)), Instant.ofEpochMilli(rs.getLong(14)),
          JdbcDeploymentStore.instant(rs, 15));
    }

    private Map<Long, List<SignalLink>> links(List<Long> alerts) throws SQLException {
      Map<Long, List<SignalLink>> out = new HashMap<>();
      for (int from = 0; from < alerts.size(); from += CHUNK) {
        List<Long> chunk = alerts.subList(from, Math.min(alerts.size(), from + CHUNK));
        try (PreparedStatement select = c.prepareStatement("SELECT alert, href, label, image FROM incident_alert_link"
            + " WHERE alert IN (" + marks(chunk.size()) + ") ORDER BY alert, position")) {
          bind(select, chunk);
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                  .add(new SignalLink(URI.create(rs.getString(2)), rs.getString(3), rs.getInt(4) == 1));
            }
          }
        }
      }
      return out;
    }

    // ----- timeline

    @Override
    public void appendTimeline(IncidentId incident, TimelineEntry entry) {
      sql("append to the timeline of " + incident, () -> {
        long position;
        try (PreparedStatement select = c.prepareStatement(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM incident_timeline WHERE incident = ?")) {
          select.setLong(1, incident.number());
          try (ResultSet rs = select.executeQuery()) {
            rs.next();
            position = rs.getLong(1);
          }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO incident_timeline"
            + " (incident, position, at, kind, actor, message) VALUES (?, ?, ?, ?, ?, ?)")) {
          insert.setLong(1, incident.number());
          insert.setLong(2, position);
          insert.setLong(3, entry.at().toEpochMilli());
          insert.setString(4, entry.kind().label());
          insert.setString(5, entry.actor());
          insert.setString(6, entry.text());
          insert.executeUpdate();
        }
        if (!entry.detail().isEmpty()) {
          try (PreparedStatement insert = c.prepareStatement(
              "INSERT INTO incident_timeline_detail (incident, position, name, value) VALUES (?, ?, ?, ?)")) {
            for (var e : entry.detail().entrySet()) {
              insert.setLong(1, incident.number());
              insert.setLong(2, position);
              insert.setString(3, e.getKey());
              insert.setString(4, e.getValue());
              insert.addBatch();
            }
            insert.executeBatch();
          }
        }
        return null;
      });
    }

    @Override
    public List<TimelineEntry> timeline(IncidentId incident) {
      return sql("read the timeline of " + incident, () -> {
        Map<Long, Map<String, String>> details = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement(
            "SELECT position, name, value FROM incident_timeline_detail WHERE incident = ?")) {
          select.setLong(1, incident.number());
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) details.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getString(3));
          }
        }
        List<TimelineEntry> entries = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT position, at, kind, actor, message"
            + " FROM incident_timeline WHERE incident = ? ORDER BY position")) {
          select.setLong(1, incident.number());
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              entries.add(new TimelineEntry(Instant.ofEpochMilli(rs.getLong(2)), TimelineEntry.Kind.ofLabel(rs.getString(3)),
                  rs.getString(4), rs.getString(5), details.getOrDefault(rs.getLong(1), Map.of())));
            }
          }
        }
        return entries;
      });
    }

    // ----- silences

    @Override
    public void saveSilence(Silence s) {
      sql("save silence " + s.id(), () -> {
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO silence (id, starts_at, ends_at, created_by,"
            + " comment) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET starts_at = excluded.starts_at,"
            + " ends_at = excluded.ends_at, created_by = excluded.created_by, comment = excluded.comment")) {
          upsert.setString(1, s.id().value());
          upsert.setLong(2, s.startsAt().toEpochMilli());
          upsert.setLong(3, s.endsAt().toEpochMilli());
          upsert.setString(4, s.createdBy());
          upsert.setString(5, s.comment());
          upsert.executeUpdate();
        }
        update("DELETE FROM silence_matcher WHERE silence = ?", s.id().value());
        insertMatchers("silence_matcher", "silence", s.id().value(), s.matchers());
        return null;
      });
    }

    @Override
    public Optional<Silence> silence(SilenceId id) {
      return silences("WHERE id = ?", List.of(id.value())).stream().findFirst();
    }

    @Override
    public List<Silence> silences(Optional<Instant> endingAfter, int limit) {
      if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, got " + limit);
      return endingAfter
          .map(t -> silences("WHERE ends_at > ? ORDER BY starts_at DESC, id LIMIT ?", List.of(t.toEpochMilli(), limit)))
          .orElseGet(() -> silences("ORDER BY starts_at DESC, id LIMIT ?", List.of(limit)));
    }

    private List<Silence> silences(String where, List<Object> parameters) {
      return sql("read silences", () -> {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(
            "SELECT id, starts_at, ends_at, created_by, comment FROM silence " + where)) {
          bind(select, parameters);
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              rows.add(new Object[] {rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5)});
            }
          }
        }
        Map<String, List<LabelMatcher>> matchers = matchers("silence_matcher", "silence",
            rows.stream().map(r -> (String) r[0]).toList());
        return rows.stream().map(r -> new Silence(new SilenceId((String) r[0]), matchers.get((String) r[0]),
            Instant.ofEpochMilli((Long) r[1]), Instant.ofEpochMilli((Long) r[2]), (String) r[3], (String) r[4])).toList();
      });
    }

    // ----- maintenance windows

    @Override
    public boolean saveMaintenanceWindow(MaintenanceWindow w) {
      return sql("save maintenance window " + w.name(), () -> {
        boolean existed = deleteMaintenanceWindow(w.name());
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO maintenance_window (name, days, start_time,"
            + " length, zone, created_by, comment) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
          insert.setString(1, w.name());
          insert.setString(2, w.days().stream().sorted().map(d -> Integer.toString(d.getValue()))
              .collect(Collectors.joining(",")));
          insert.setString(3, w.start().toString());
          insert.setString(4, w.length().toString());
          insert.setString(5, w.zone().getId());
          insert.setString(6, w.createdBy());
          insert.setString(7, w.comment());
          insert.executeUpdate();
        }
        insertMatchers("maintenance_window_matcher", "maintenance_window", w.name(), w.matchers());
        return !existed;
      });
    }

    @Override
    public boolean deleteMaintenanceWindow(String name) {
      // The matchers go with it (ON DELETE CASCADE).
      return sql("delete maintenance window " + name, () -> update("DELETE FROM maintenance_window WHERE name = ?", name) > 0);
    }

    @Override
    public List<MaintenanceWindow> maintenanceWindows() {
      return sql("read maintenance windows", () -> {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT name, days, start_time, length, zone, created_by,"
            + " comment FROM maintenance_window ORDER BY name")) {
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              String[] row = new String[7];
              for (int i = 0; i < 7; i++) row[i] = rs.getString(i + 1);
              rows.add(row);
            }
          }
        }
        Map<String, List<LabelMatcher>> matchers = matchers("maintenance_window_matcher", "maintenance_window",
            rows.stream().map(r -> r[0]).toList());
        List<MaintenanceWindow> out = new ArrayList<>();
        for (String[] r : rows) {
          Set<DayOfWeek> days = new HashSet<>();
          for (String d : r[1].split(",")) days.add(DayOfWeek.of(Integer.parseInt(d)));
          out.add(new MaintenanceWindow(r[0], matchers.get(r[0]), days, LocalTime.parse(r[2]), Duration.parse(r[3]),
              ZoneId.of(r[4]), r[5], r[6]));
        }
        return out;
      });
    }

    // ----- shared

    private void insertMatchers(String table, String owner, String ownerId, List<LabelMatcher> matchers) throws SQLException {
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO " + table + " (" + owner + ", position, name, op, value) VALUES (?, ?, ?, ?, ?)")) {
        int position = 0;
        for (LabelMatcher m : matchers) {
          insert.setString(1, ownerId);
          insert.setInt(2, position++);
          insert.setString(3, m.name());
          insert.setString(4, m.op().symbol());
          insert.setString(5, m.value());
          insert.addBatch();
        }
        if (position > 0) insert.executeBatch();
      }
    }

    private Map<String, List<LabelMatcher>> matchers(String table, String owner, List<String> owners) throws SQLException {
      Map<String, List<LabelMatcher>> out = new HashMap<>();
      for (int from = 0; from < owners.size(); from += CHUNK) {
        List<String> chunk = owners.subList(from, Math.min(owners.size(), from + CHUNK));
        try (PreparedStatement select = c.prepareStatement("SELECT " + owner + ", name, op, value FROM " + table
            + " WHERE " + owner + " IN (" + marks(chunk.size()) + ") ORDER BY " + owner + ", position")) {
          bind(select, chunk);
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                  .add(new LabelMatcher(rs.getString(2), LabelMatcher.Op.ofSymbol(rs.getString(3)), rs.getString(4)));
            }
          }
        }
      }
      return out;
    }

    /** kind -> name -> value of each owner, names sorted. */
    private Map<Long, Map<String, Map<String, String>>> attributes(String table, String owner, List<Long> owners)
        throws SQLException {
      Map<Long, Map<String, Map<String, String>>> out = new HashMap<>();
      for (int from = 0; from < owners.size(); from += CHUNK) {
        List<Long> chunk = owners.subList(from, Math.min(owners.size(), from + CHUNK));
        try (PreparedStatement select = c.prepareStatement("SELECT " + owner + ", kind, name, value FROM " + table
            + " WHERE " + owner + " IN (" + marks(chunk.size()) + ")")) {
          bind(select, chunk);
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              out.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>())
                  .computeIfAbsent(rs.getString(2), k -> new TreeMap<>())
                  .put(rs.getString(3), rs.getString(4));
            }
          }
        }
      }
      return out;
    }

    private static int addAttribute(PreparedStatement insert, long owner, String kind, String name, String value)
        throws SQLException {
      insert.setLong(1, owner);
      insert.setString(2, kind);
      insert.setString(3, name);
      insert.setString(4, value);
      insert.addBatch();
      return 1;
    }

    private long scalarLong(String query) throws SQLException {
      try (PreparedStatement select = c.prepareStatement(query); ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }

    private int update(String statement, Object... parameters) throws SQLException {
      try (PreparedStatement update = c.prepareStatement(statement)) {
        bind(update, List.of(parameters));
        return update.executeUpdate();
      }
    }
  }

  private static void bind(PreparedStatement statement, List<?> parameters) throws SQLException {
    for (int i = 0; i < parameters.size(); i++) statement.setObject(i + 1, parameters.get(i));
  }

  private static String marks(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  private static void setText(PreparedStatement statement, int index, Optional<String> value) throws SQLException {
    if (value.isPresent()) statement.setString(index, value.get());
    else statement.setNull(index, Types.VARCHAR);
  }

  private static AlertSeverity severity(String label) {
    return AlertSeverity.valueOf(label.toUpperCase(Locale.ROOT));
  }
}

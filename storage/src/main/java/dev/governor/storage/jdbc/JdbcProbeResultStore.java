package dev.governor.storage.jdbc;

import dev.governor.probe.ProbeOutcome;
import dev.governor.probe.ProbeResult;
import dev.governor.probe.ProbeResultStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Probe results, one row per run, and their counts per probe and hour ({@code probe_hour}), written
 * in the same transaction so the two never disagree. Days are summed from hours, so a day in a zone
 * whose offset is not whole hours is counted by the hours its runs fell in.
 */
final class JdbcProbeResultStore implements ProbeResultStore {

  /** The hour counts outlive the raw results: a year of uptime bars and a quarter's report. */
  static final Duration HOUR_COUNTS_KEPT = Duration.ofDays(400);

  private final Connections db;

  JdbcProbeResultStore(Connections db) {
    this.db = db;
  }

  @Override
  public void record(List<ProbeResult> results) {
    if (results.isEmpty()) return;
    try {
      db.write(connection -> {
        List<ProbeResult> inserted = insertNew(connection, results);
        countByHour(connection, inserted);
        return null;
      });
    } catch (SQLException e) {
      throw new StorageException("could not store " + results.size() + " probe results", e);
    }
  }

  /** Inserts the results not stored yet and returns them: a retried write must not count a run twice. */
  private static List<ProbeResult> insertNew(Connection connection, List<ProbeResult> results) throws SQLException {
    List<ProbeResult> inserted = new ArrayList<>(results.size());
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO probe_result (probe, started_at, latency_us, outcome, detail) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (probe, started_at) DO NOTHING")) {
      for (ProbeResult result : results) {
        insert.setString(1, result.probe());
        insert.setLong(2, result.startedAt().toEpochMilli());
        insert.setLong(3, micros(result.latency()));
        insert.setString(4, result.outcome().label());
        insert.setString(5, result.detail());
        if (insert.executeUpdate() > 0) inserted.add(result);
      }
    }
    return inserted;
  }

  private static void countByHour(Connection connection, List<ProbeResult> inserted) throws SQLException {
    record Hour(String probe, long start) {}
    Map<Hour, long[]> counts = new HashMap<>();
    for (ProbeResult result : inserted) {
      long hour = result.startedAt().truncatedTo(ChronoUnit.HOURS).toEpochMilli();
      counts.computeIfAbsent(new Hour(result.probe(), hour), h -> new long[3])[result.outcome().ordinal()]++;
    }
    if (counts.isEmpty()) return;
    try (PreparedStatement upsert = connection.prepareStatement(
        "INSERT INTO probe_hour (probe, hour_start, up, degraded, down) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (probe, hour_start) DO UPDATE SET up = probe_hour.up + excluded.up,"
            + " degraded = probe_hour.degraded + excluded.degraded, down = probe_hour.down + excluded.down")) {
      for (var entry : counts.entrySet()) {
        upsert.setString(1, entry.getKey().probe());
        upsert.setLong(2, entry.getKey().start());
        upsert.setLong(3, entry.getValue()[ProbeOutcome.UP.ordinal()]);
        upsert.setLong(4, entry.getValue()[ProbeOutcome.DEGRADED.ordinal()]);
        upsert.setLong(5, entry.getValue()[ProbeOutcome.DOWN.ordinal()]);
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  @Override
  public List<ProbeResult> latest(String probe, int limit) {
    if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    return select("SELECT probe, started_at, latency_us, outcome, detail FROM probe_result WHERE probe = ?"
        + " ORDER BY started_at DESC LIMIT ?", probe, statement -> statement.setInt(2, limit));
  }

  @Override
  public List<ProbeResult> between(String probe, Instant from, Instant to) {
    return select("SELECT probe, started_at, latency_us, outcome, detail FROM probe_result WHERE probe = ?"
        + " AND started_at >= ? AND started_at < ? ORDER BY started_at", probe, statement -> {
          statement.setLong(2, from.toEpochMilli());
          statement.setLong(3, to.toEpochMilli());
        });
  }

  @Override
  public Map<LocalDate, DayCounts> daily(String probe, LocalDate from, LocalDate to, ZoneId zone) {
    if (to.isBefore(from)) throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
    long start = from.atStartOfDay(zone).toInstant().toEpochMilli();
    long end = to.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT hour_start, up, degraded, down FROM probe_hour WHERE probe = ? AND hour_start >= ? AND hour_start < ?")) {
          select.setString(1, probe);
          select.setLong(2, start);
          select.setLong(3, end);
          Map<LocalDate, long[]> days = new TreeMap<>();
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(rs.getLong(1)), zone);
              long[] sum = days.computeIfAbsent(day, d -> new long[3]);
              sum[0] += rs.getLong(2);
              sum[1] += rs.getLong(3);
              sum[2] += rs.getLong(4);
            }
          }
          Map<LocalDate, DayCounts> out = new TreeMap<>();
          days.forEach((day, sum) -> out.put(day, new DayCounts(sum[0], sum[1], sum[2])));
          return out;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not read the daily counts of probe " + probe, e);
    }
  }

  @Override
  public int deleteBefore(Instant cutoff) {
    try {
      return db.write(connection -> {
        try (PreparedStatement results = connection.prepareStatement("DELETE FROM probe_result WHERE started_at < ?");
            PreparedStatement hours = connection.prepareStatement("DELETE FROM probe_hour WHERE hour_start < ?")) {
          results.setLong(1, cutoff.toEpochMilli());
          hours.setLong(1, cutoff.minus(HOUR_COUNTS_KEPT).toEpochMilli());
          int deleted = results.executeUpdate();
          hours.executeUpdate();
          return deleted;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not delete probe results before " + cutoff, e);
    }
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private List<ProbeResult> select(String sql, String probe, Binder binder) {
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
          select.setString(1, probe);
          binder.bind(select);
          List<ProbeResult> out = new ArrayList<>();
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              out.add(new ProbeResult(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                  Duration.of(rs.getLong(3), ChronoUnit.MICROS),
                  ProbeOutcome.valueOf(rs.getString(4).toUpperCase(Locale.ROOT)), rs.getString(5)));
            }
          }
          return out;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not read the results of probe " + probe, e);
    }
  }

  private static long micros(Duration latency) {
    return latency.getSeconds() * 1_000_000L + latency.getNano() / 1_000;
  }
}

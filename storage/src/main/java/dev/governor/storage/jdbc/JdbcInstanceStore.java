package dev.governor.storage.jdbc;

import dev.governor.basics.SloName;
import dev.governor.slo.InstanceStore;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The instances of grouped SLOs, one row per group and label value set. */
final class JdbcInstanceStore implements InstanceStore {

  private final Connections db;

  JdbcInstanceStore(Connections db) {
    this.db = db;
  }

  @Override
  public void add(List<StoredInstance> instances) {
    if (instances.isEmpty()) return;
    try {
      db.write(connection -> {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO slo_instance (slo, labels, created_at) VALUES (?, ?, ?) ON CONFLICT (slo, labels) DO NOTHING")) {
          for (StoredInstance i : instances) {
            insert.setString(1, i.group().value());
            insert.setString(2, encode(i.labels()));
            insert.setLong(3, i.createdAt().toEpochMilli());
            insert.addBatch();
          }
          return insert.executeBatch();
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not store " + instances.size() + " SLO instances", e);
    }
  }

  @Override
  public List<StoredInstance> all() {
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT slo, labels, created_at FROM slo_instance ORDER BY created_at, slo, labels");
            ResultSet rs = select.executeQuery()) {
          List<StoredInstance> out = new ArrayList<>();
          while (rs.next()) {
            out.add(new StoredInstance(new SloName(rs.getString(1)), decode(rs.getString(2)),
                Instant.ofEpochMilli(rs.getLong(3))));
          }
          return out;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not read the SLO instances", e);
    }
  }

  /** {@code k=v&k2=v2}, keys sorted, each part form-encoded: one text per value set, so it can be the key. */
  static String encode(Map<String, String> labels) {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(labels).forEach((k, v) -> out.append(out.isEmpty() ? "" : "&")
        .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return out.toString();
  }

  static Map<String, String> decode(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text.isEmpty()) return out;
    for (String part : text.split("&")) {
      int eq = part.indexOf('=');
      out.put(URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}

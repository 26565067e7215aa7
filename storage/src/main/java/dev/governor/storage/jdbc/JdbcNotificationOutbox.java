package dev.governor.storage.jdbc;

import static dev.governor.storage.jdbc.JdbcDeploymentStore.instant;

import dev.governor.notify.Channel;
import dev.governor.notify.DeliveryState;
import dev.governor.notify.Message;
import dev.governor.notify.Notification;
import dev.governor.notify.NotificationKey;
import dev.governor.notify.Outbox;
import dev.governor.notify.OutboxEntry;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Notifications until their target acknowledges them or the retries run out. */
final class JdbcNotificationOutbox implements Outbox {

  private static final String COLUMNS = "id, idempotency_key, channel_type, channel_target, channel_secret, event,"
      + " subject, body, created_at, state, attempts, next_attempt_at, settled_at, last_error";

  private static final String PENDING = DeliveryState.PENDING.label();

  private final Connections db;

  JdbcNotificationOutbox(Connections db) {
    this.db = db;
  }

  @Override
  public boolean enqueue(Notification n) {
    try {
      return db.write(connection -> {
        Optional<Long> id = insert(connection, n);
        if (id.isEmpty()) return false;
        insertDetails(connection, id.get(), n.message());
        return true;
      });
    } catch (SQLException e) {
      throw new StorageException("could not enqueue notification " + n.key(), e);
    }
  }

  /** The new row's id, or empty when the key is taken: ON CONFLICT leaves the stored one as it is. */
  private static Optional<Long> insert(Connection connection, Notification n) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO notification (idempotency_key, channel_type, channel_target, channel_secret, event, subject, body,"
            + " created_at, state, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)"
            + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING id")) {
      insert.setString(1, n.key().value());
      insert.setString(2, n.channel().type());
      insert.setString(3, target(n.channel()));
      Optional<String> secret = n.channel() instanceof Channel.Webhook w ? w.secret() : Optional.empty();
      if (secret.isPresent()) insert.setString(4, secret.get());
      else insert.setNull(4, Types.VARCHAR);
      insert.setString(5, n.message().event());
      insert.setString(6, n.message().subject());
      insert.setString(7, n.message().text());
      insert.setLong(8, n.createdAt().toEpochMilli());
      insert.setString(9, PENDING);
      insert.setLong(10, n.createdAt().toEpochMilli());
      try (ResultSet rs = insert.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  private static void insertDetails(Connection connection, long id, Message message) throws SQLException {
    if (message.fields().isEmpty() && message.links().isEmpty()) return;
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO notification_detail (notification_id, position, kind, name, value) VALUES (?, ?, ?, ?, ?)")) {
      int position = 0;
      for (Map.Entry<String, String> field : message.fields().entrySet()) {
        addDetail(insert, id, position++, "field", field.getKey(), field.getValue());
      }
      for (Message.Link link : message.links()) {
        addDetail(insert, id, position++, "link", link.title(), link.url().toString());
      }
      insert.executeBatch();
    }
  }

  private static void addDetail(PreparedStatement insert, long id, int position, String kind, String name, String value)
      throws SQLException {
    insert.setLong(1, id);
    insert.setInt(2, position);
    insert.setString(3, kind);
    insert.setString(4, name);
    insert.setString(5, value);
    insert.addBatch();
  }

  private static String target(Channel channel) {
    return switch (channel) {
      case Channel.Webhook w -> w.url().toString();
      case Channel.Slack s -> s.url().toString();
      case Channel.Email e -> e.address();
    };
  }

  @Override
  public List<OutboxEntry> due(Instant now, int limit) {
    return select("WHERE state = ? AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
        PENDING, now.toEpochMilli(), limit);
  }

  @Override
  public Optional<Instant> nextAttemptAt() {
    // MIN over the (state, next_attempt_at) index: one index probe, no row read.
    return JdbcHookOutbox.earliest(db, "SELECT MIN(next_attempt_at) FROM notification WHERE state = ?", PENDING);
  }

  @Override
  public boolean delivered(long id, Instant at) {
    return settle(id, DeliveryState.DELIVERED, at, null);
  }

  @Override
  public boolean failed(long id, Instant nextAttemptAt, String error) {
    return update("UPDATE notification SET next_attempt_at = ?, attempts = attempts + 1, last_error = ?"
        + " WHERE id = ? AND state = ?", nextAttemptAt.toEpochMilli(), error, id, PENDING);
  }

  @Override
  public boolean gaveUp(long id, Instant at, String error) {
    return settle(id, DeliveryState.FAILED, at, error);
  }

  private boolean settle(long id, DeliveryState state, Instant at, String error) {
    return update("UPDATE notification SET state = ?, settled_at = ?, attempts = attempts + 1, last_error = ?"
        + " WHERE id = ? AND state = ?", state.label(), at.toEpochMilli(), error, id, PENDING);
  }

  @Override
  public Optional<OutboxEntry> get(NotificationKey key) {
    return select("WHERE idempotency_key = ?", key.value()).stream().findFirst();
  }

  @Override
  public List<OutboxEntry> list(Optional<DeliveryState> state, String keyPrefix, int limit) {
    List<Object> parameters = new ArrayList<>();
    List<String> conditions = new ArrayList<>();
    state.ifPresent(s -> {
      conditions.add("state = ?");
      parameters.add(s.label());
    });
    if (!keyPrefix.isEmpty()) {
      // Not LIKE: SQLite's ignores case, and a prefix holding '%' or '_' would need escaping.
      conditions.add("substr(idempotency_key, 1, ?) = ?");
      parameters.add(keyPrefix.length());
      parameters.add(keyPrefix);
    }
    parameters.add(limit);
    String where = conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions) + " ";
    return select(where + "ORDER BY id DESC LIMIT ?", parameters.toArray());
  }

  private boolean update(String sql, Object... parameters) {
    try {
      return db.write(connection -> {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
          for (int i = 0; i < parameters.length; i++) update.setObject(i + 1, parameters[i]);
          return update.executeUpdate() == 1;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not update the notification outbox", e);
    }
  }

  private List<OutboxEntry> select(String where, Object... parameters) {
    try {
      return db.read(connection -> {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM notification " + where)) {
          for (int i = 0; i < parameters.length; i++) select.setObject(i + 1, parameters[i]);
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) rows.add(Row.read(rs));
          }
        }
        Map<Long, Details> details = details(connection, rows);
        List<OutboxEntry> out = new ArrayList<>(rows.size());
        for (Row row : rows) out.add(row.entry(details.getOrDefault(row.id(), Details.NONE)));
        return out;
      });
    } catch (SQLException e) {
      throw new StorageException("could not read the notification outbox", e);
    }
  }

  /** The fields and links of the notifications in {@code rows}, in one query. */
  private static Map<Long, Details> details(Connection connection, List<Row> rows) throws SQLException {
    if (rows.isEmpty()) return Map.of();
    String marks = String.join(", ", Collections.nCopies(rows.size(), "?"));
    Map<Long, Details> out = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT notification_id, kind, name, value FROM notification_detail WHERE notification_id IN (" + marks + ")"
            + " ORDER BY notification_id, position")) {
      for (int i = 0; i < rows.size(); i++) select.setLong(i + 1, rows.get(i).id());
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          Details d = out.computeIfAbsent(rs.getLong(1), id -> new Details(new LinkedHashMap<>(), new ArrayList<>()));
          if ("link".equals(rs.getString(2))) d.links().add(new Message.Link(rs.getString(3), URI.create(rs.getString(4))));
          else d.fields().put(rs.getString(3), rs.getString(4));
        }
      }
    }
    return out;
  }

  private record Details(Map<String, String> fields, List<Message.Link> links) {
    static final Details NONE = new Details(Map.of(), List.of());
  }

  private record Row(long id, String key, String channelType, String target, String secret, String event,
      String subject, String body, Instant createdAt, String state, int attempts, Instant nextAttemptAt,
      Optional<Instant> settledAt, Optional<String> lastError) {

    static Row read(ResultSet rs) throws SQLException {
      return new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
          rs.getString(6), rs.getString(7), rs.getString(8), Instant.ofEpochMilli(rs.getLong(9)), rs.getString(10),
          rs.getInt(11), Instant.ofEpochMilli(rs.getLong(12)), instant(rs, 13), Optional.ofNullable(rs.getString(14)));
    }

    OutboxEntry entry(Details details) {
      Channel channel = switch (channelType) {
        case "webhook" -> new Channel.Webhook(URI.create(target), Optional.ofNullable(secret));
        case "slack" -> new Channel.Slack(URI.create(target));
        case "email" -> new Channel.Email(target);
        default -> throw new StorageException("notification " + id + " has the unknown channel type '" + channelType + "'");
      };
      DeliveryState s = DeliveryState.ofLabel(state).orElseThrow(
          () -> new StorageException("notification " + id + " has the unknown state '" + state + "'"));
      Notification n = new Notification(NotificationKey.of(key), channel,
          new Message(event, subject, body, details.fields(), details.links()), createdAt);
      return new OutboxEntry(id, n, s, attempts, nextAttemptAt, settledAt, lastError);
    }
  }
}

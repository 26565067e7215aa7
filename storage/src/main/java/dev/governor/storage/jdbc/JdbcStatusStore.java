package dev.governor.storage.jdbc;

import dev.governor.incident.IncidentId;
import dev.governor.notify.Channel;
import dev.governor.status.ComponentOverride;
import dev.governor.status.ComponentState;
import dev.governor.status.Maintenance;
import dev.governor.status.StatusEvent;
import dev.governor.status.StatusStore;
import dev.governor.status.StatusSubscriber;
import dev.governor.status.StatusUpdate;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The status page's tables. Writes that give ids are serialised in this process (ids are one more
 * than the highest in the table, read in the same transaction), which is all one server needs.
 */
final class JdbcStatusStore implements StatusStore {

  private final Connections db;

  JdbcStatusStore(Connections db) {
    this.db = db;
  }

  @Override
  public Optional<StoredPage> page() {
    return read("the status page", c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT name, source, applied_at FROM status_page ORDER BY name");
          ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(new StoredPage(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))))
            : Optional.<StoredPage>empty();
      }
    });
  }

  @Override
  public void savePage(StoredPage page) {
    write("the status page", c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM status_page");
          PreparedStatement insert = c.prepareStatement("INSERT INTO status_page (name, source, applied_at) VALUES (?, ?, ?)")) {
        delete.executeUpdate();
        insert.setString(1, page.name());
        insert.setString(2, page.source());
        insert.setLong(3, page.appliedAt().toEpochMilli());
        insert.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public boolean deletePage() {
    return write("the status page", c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM status_page")) {
        return delete.executeUpdate() > 0;
      }
    });
  }

  @Override
  public synchronized StatusUpdate addUpdate(StatusUpdate update, StatusEvent event) {
    return write("a status update", c -> {
      long id = next(c, "status_update");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO status_update (id, incident, at, phase, title,"
          + " message, components, impact) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setLong(1, id);
        insert.setLong(2, update.incident().number());
        insert.setLong(3, update.at().toEpochMilli());
        insert.setString(4, update.phase().label());
        nullable(insert, 5, update.title());
        insert.setString(6, update.message());
        insert.setString(7, String.join(",", update.components()));
        nullable(insert, 8, update.impact().map(ComponentState::label));
        insert.executeUpdate();
      }
      insertEvent(c, event);
      return new StatusUpdate(id, update.incident(), update.at(), update.phase(), update.title(), update.message(),
          update.components(), update.impact());
    });
  }

  @Override
  public List<StatusUpdate> updates() {
    return read("the status updates", c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id, incident, at, phase, title, message, components, impact"
          + " FROM status_update ORDER BY id"); ResultSet rs = s.executeQuery()) {
        List<StatusUpdate> out = new ArrayList<>();
        while (rs.next()) {
          out.add(new StatusUpdate(rs.getLong(1), new IncidentId(rs.getLong(2)), Instant.ofEpochMilli(rs.getLong(3)),
              StatusUpdate.Phase.of(rs.getString(4)), Optional.ofNullable(rs.getString(5)), rs.getString(6),
              keys(rs.getString(7)), Optional.ofNullable(rs.getString(8)).map(ComponentState::of)));
        }
        return out;
      }
    });
  }

  @Override
  public synchronized Maintenance addMaintenance(Maintenance m, StatusEvent event) {
    return write("a maintenance", c -> {
      long id = next(c, "status_maintenance");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO status_maintenance (id, title, message, components,"
          + " starts_at, ends_at, cancelled) VALUES (?, ?, ?, ?, ?, ?, 0)")) {
        insert.setLong(1, id);
        insert.setString(2, m.title());
        insert.setString(3, m.message());
        insert.setString(4, String.join(",", m.components()));
        insert.setLong(5, m.start().toEpochMilli());
        insert.setLong(6, m.end().toEpochMilli());
        insert.executeUpdate();
      }
      insertEvent(c, new StatusEvent(0, event.at(), event.kind(), Long.toString(id), event.title(), event.text()));
      return new Maintenance(id, m.title(), m.message(), m.components(), m.start(), m.end(), false);
    });
  }

  @Override
  public synchronized boolean cancelMaintenance(long id, StatusEvent event) {
    return write("a maintenance", c -> {
      try (PreparedStatement update = c.prepareStatement("UPDATE status_maintenance SET cancelled = 1 WHERE id = ? AND cancelled = 0")) {
        update.setLong(1, id);
        if (update.executeUpdate() == 0) return false;
      }
      insertEvent(c, event);
      return true;
    });
  }

  @Override
  public List<Maintenance> maintenances(Instant after) {
    return read("the maintenances", c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id, title, message, components, starts_at, ends_at, cancelled"
          + " FROM status_maintenance WHERE ends_at > ? ORDER BY starts_at, id")) {
        s.setLong(1, after.toEpochMilli());
        List<Maintenance> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(new Maintenance(rs.getLong(1), rs.getString(2), rs.getString(3), keys(rs.getString(4)),
                Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)), rs.getInt(7) != 0));
          }
        }
        return out;
      }
    });
  }

  @Override
  public void setOverride(ComponentOverride o) {
    write("an override", c -> {
      try (PreparedStatement upsert = c.prepareStatement("INSERT INTO status_override (component, state, reason, set_at,"
          + " until) VALUES (?, ?, ?, ?, ?) ON CONFLICT (component) DO UPDATE SET state = excluded.state,"
          + " reason = excluded.reason, set_at = excluded.set_at, until = excluded.until")) {
        upsert.setString(1, o.component());
        upsert.setString(2, o.state().label());
        upsert.setString(3, o.reason());
        upsert.setLong(4, o.setAt().toEpochMilli());
        if (o.until().isPresent()) upsert.setLong(5, o.until().get().toEpochMilli());
        else upsert.setNull(5, Types.BIGINT);
        upsert.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public boolean clearOverride(String component) {
    return write("an override", c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM status_override WHERE component = ?")) {
        delete.setString(1, component);
        return delete.executeUpdate() > 0;
      }
    });
  }

  @Override
  public List<ComponentOverride> overrides() {
    return read("the overrides", c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT component, state, reason, set_at, until FROM status_override"
          + " ORDER BY component"); ResultSet rs = s.executeQuery()) {
        List<ComponentOverride> out = new ArrayList<>();
        while (rs.next()) {
          long until = rs.getLong(5);
          Optional<Instant> end = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(until));
          out.add(new ComponentOverride(rs.getString(1), ComponentState.of(rs.getString(2)), rs.getString(3),
              Instant.ofEpochMilli(rs.getLong(4)), end));
        }
        return out;
      }
    });
  }

  @Override
  public synchronized List<StatusEvent> recordStates(Map<String, ComponentState> states, List<StatusEvent> events) {
    return write("the component states", c -> {
      try (PreparedStatement upsert = c.prepareStatement("INSERT INTO status_component_state (component, state)"
          + " VALUES (?, ?) ON CONFLICT (component) DO UPDATE SET state = excluded.state")) {
        for (var e : states.entrySet()) {
          upsert.setString(1, e.getKey());
          upsert.setString(2, e.getValue().label());
          upsert.addBatch();
        }
        if (!states.isEmpty()) upsert.executeBatch();
      }
      List<StatusEvent> stored = new ArrayList<>();
      for (StatusEvent event : events) stored.add(insertEvent(c, event));
      return stored;
    });
  }

  @Override
  public Map<String, ComponentState> lastStates() {
    return read("the component states", c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT component, state FROM status_component_state ORDER BY component");
          ResultSet rs = s.executeQuery()) {
        Map<String, ComponentState> out = new LinkedHashMap<>();
        while (rs.next()) out.put(rs.getString(1), ComponentState.of(rs.getString(2)));
        return out;
      }
    });
  }

  @Override
  public List<StatusEvent> events(int limit) {
    return read("the status events", c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id, at, kind, subject, title, text FROM status_event"
          + " ORDER BY id DESC LIMIT ?")) {
        s.setInt(1, limit);
        List<StatusEvent> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(new StatusEvent(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6)));
          }
        }
        return out;
      }
    });
  }

  @Override
  public synchronized StatusSubscriber subscribe(StatusSubscriber subscriber) {
    return write("a subscriber", c -> {
      long id = next(c, "status_subscriber");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO status_subscriber (id, channel_type, target, secret,"
          + " since) VALUES (?, ?, ?, ?, ?)")) {
        insert.setLong(1, id);
        switch (subscriber.channel()) {
          case Channel.Webhook w -> {
            insert.setString(2, "webhook");
            insert.setString(3, w.url().toString());
            nullable(insert, 4, w.secret());
          }
          case Channel.Email e -> {
            insert.setString(2, "email");
            insert.setString(3, e.address());
            insert.setNull(4, Types.VARCHAR);
          }
          case Channel.Slack s -> throw new IllegalArgumentException("a status subscriber is a webhook or an email address");
        }
        insert.setLong(5, subscriber.since().toEpochMilli());
        insert.executeUpdate();
      }
      return new StatusSubscriber(id, subscriber.channel(), subscriber.since());
    });
  }

  @Override
  public boolean unsubscribe(long id) {
    return write("a subscriber", c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM status_subscriber WHERE id = ?")) {
        delete.setLong(1, id);
        return delete.executeUpdate() > 0;
      }
    });
  }

  @Override
  public List<StatusSubscriber> subscribers() {
    return read("the subscribers", c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id, channel_type, target, secret, since FROM status_subscriber"
          + " ORDER BY id"); ResultSet rs = s.executeQuery()) {
        List<StatusSubscriber> out = new ArrayList<>();
        while (rs.next()) {
          Channel channel = rs.getString(2).equals("webhook")
              ? new Channel.Webhook(URI.create(rs.getString(3)), Optional.ofNullable(rs.getString(4)))
              : new Channel.Email(rs.getString(3));
          out.add(new StatusSubscriber(rs.getLong(1), channel, Instant.ofEpochMilli(rs.getLong(5))));
        }
        return out;
      }
    });
  }

  private static StatusEvent insertEvent(Connection c, StatusEvent event) throws SQLException {
    long id = next(c, "status_event");
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO status_event (id, at, kind, subject, title, text)"
        + " VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setLong(1, id);
      insert.setLong(2, event.at().toEpochMilli());
      insert.setString(3, event.kind());
      insert.setString(4, event.subject());
      insert.setString(5, event.title());
      insert.setString(6, event.text());
      insert.executeUpdate();
    }
    return new StatusEvent(id, event.at(), event.kind(), event.subject(), event.title(), event.text());
  }

  private static long next(Connection c, String table) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(id), 0) + 1 FROM " + table);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> keys(String joined) {
    return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
  }

  private static void nullable(PreparedStatement s, int index, Optional<String> value) throws SQLException {
    if (value.isPresent()) s.setString(index, value.get());
    else s.setNull(index, Types.VARCHAR);
  }

  private <T> T read(String what, Connections.Work<T> work) {
    try {
      return db.read(work);
    } catch (SQLException e) {
      throw new StorageException("could not read " + what, e);
    }
  }

  private <T> T write(String what, Connections.Work<T> work) {
    try {
      return db.write(work);
    } catch (SQLException e) {
      throw new StorageException("could not store " + what, e);
    }
  }
}

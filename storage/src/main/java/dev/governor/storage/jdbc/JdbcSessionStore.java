package dev.governor.storage.jdbc;

import dev.governor.access.AccountName;
import dev.governor.access.Session;
import dev.governor.access.SessionStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Sign-in sessions by the hash of their id, and the one-click links already used. */
final class JdbcSessionStore implements SessionStore {

  private static final String COLUMNS = "id_hash, account, sign_on_groups, csrf_token, created_at, last_seen_at, method";

  private final Connections db;

  JdbcSessionStore(Connections db) {
    this.db = db;
  }

  @Override
  public void add(Session s) {
    try {
      db.write(connection -> {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO web_session (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
          insert.setString(1, s.idHash());
          insert.setString(2, s.account().value());
          insert.setString(3, encodeGroups(s.groups()));
          insert.setString(4, s.csrfToken());
          insert.setLong(5, s.createdAt().toEpochMilli());
          insert.setLong(6, s.lastSeenAt().toEpochMilli());
          insert.setString(7, s.method());
          insert.executeUpdate();
        }
        return null;
      });
    } catch (SQLException e) {
      throw new StorageException("could not store a session of " + s.account(), e);
    }
  }

  @Override
  public Optional<Session> session(String idHash) {
    return select("SELECT " + COLUMNS + " FROM web_session WHERE id_hash = ?", idHash).stream().findFirst();
  }

  @Override
  public List<Session> sessionsOf(AccountName account) {
    return select("SELECT " + COLUMNS + " FROM web_session WHERE account = ? ORDER BY created_at DESC, id_hash",
        account.value());
  }

  private List<Session> select(String sql, String key) {
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
          select.setString(1, key);
          List<Session> out = new ArrayList<>();
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              out.add(new Session(rs.getString(1), AccountName.of(rs.getString(2)), decodeGroups(rs.getString(3)),
                  rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)),
                  rs.getString(7)));
            }
          }
          return out;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not read sessions", e);
    }
  }

  @Override
  public void touch(String idHash, Instant at) {
    change("UPDATE web_session SET last_seen_at = ? WHERE id_hash = ?", at.toEpochMilli(), idHash);
  }

  @Override
  public boolean revoke(String idHash) {
    return change("DELETE FROM web_session WHERE id_hash = ?", null, idHash) == 1;
  }

  @Override
  public int revokeAll(AccountName account) {
    return change("DELETE FROM web_session WHERE account = ?", null, account.value());
  }

  @Override
  public int deleteExpired(Instant idleBefore, Instant createdBefore) {
    try {
      return db.write(connection -> {
        try (PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM web_session WHERE last_seen_at < ? OR created_at < ?")) {
          delete.setLong(1, idleBefore.toEpochMilli());
          delete.setLong(2, createdBefore.toEpochMilli());
          return delete.executeUpdate();
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not drop expired sessions", e);
    }
  }

  private int change(String sql, Long at, String key) {
    try {
      return db.write(connection -> {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
          int i = 1;
          if (at != null) update.setLong(i++, at);
          update.setString(i, key);
          return update.executeUpdate();
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not change a session", e);
    }
  }

  @Override
  public boolean useLink(String linkHash, Instant at) {
    try {
      return db.write(connection -> {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO used_link (link_hash, used_at) VALUES (?, ?) ON CONFLICT (link_hash) DO NOTHING")) {
          insert.setString(1, linkHash);
          insert.setLong(2, at.toEpochMilli());
          return insert.executeUpdate() == 1;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not record a used link", e);
    }
  }

  /**
   * One line per group, each ended by a line break, with {@code \} and line breaks inside a name
   * escaped: groups come from the identity provider, and a group named {@code "x\nadmins"} must not
   * come back as a group {@code admins}, which a Team may give a role. No groups is the empty text,
   * one group with an empty name a lone line break.
   */
  private static String encodeGroups(List<String> groups) {
    StringBuilder out = new StringBuilder();
    for (String group : groups) out.append(group.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    return out.toString();
  }

  private static List<String> decodeGroups(String text) {
    List<String> groups = new ArrayList<>();
    StringBuilder group = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        groups.add(group.toString());
        group.setLength(0);
      } else if (c == '\\' && i + 1 < text.length()) {
        char escaped = text.charAt(++i);
        group.append(escaped == 'n' ? '\n' : escaped);
      } else {
        group.append(c);
      }
    }
    // A last line without its break, as the first version of this store wrote them, is a group too.
    if (!group.isEmpty()) groups.add(group.toString());
    return groups;
  }

  @Override
  public int forgetLinksUsedBefore(Instant before) {
    try {
      return db.write(connection -> {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM used_link WHERE used_at < ?")) {
          delete.setLong(1, before.toEpochMilli());
          return delete.executeUpdate();
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not forget used links", e);
    }
  }
}

package dev.governor.storage.jdbc;

import static dev.governor.storage.jdbc.JdbcAuditTrail.setOptional;
import static dev.governor.storage.jdbc.JdbcDeploymentStore.instant;
import static dev.governor.storage.jdbc.JdbcDeploymentStore.setInstant;

import dev.governor.access.AccessStore;
import dev.governor.access.Account;
import dev.governor.access.AccountName;
import dev.governor.access.ApiToken;
import dev.governor.access.Role;
import dev.governor.access.TeamName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Accounts, Team documents, service-account tokens (by hash) and the server's secrets. */
final class JdbcAccessStore implements AccessStore {

  private static final String ACCOUNT_COLUMNS =
      "name, display_name, email, global_role, password_hash, origin, disabled, created_at";
  private static final String TOKEN_COLUMNS =
      "id, name, team, role, hash, created_at, created_by, expires_at, last_used_at, revoked_at";

  private final Connections db;
  private final NamedDocumentTable teams;

  JdbcAccessStore(Connections db) {
    this.db = db;
    this.teams = new NamedDocumentTable(db, "team", "teams");
  }

  @Override
  public void saveAccount(Account a) {
    try {
      db.write(connection -> {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO account (" + ACCOUNT_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET display_name = excluded.display_name,"
            + " email = excluded.email, global_role = excluded.global_role, password_hash = excluded.password_hash,"
            + " origin = excluded.origin, disabled = excluded.disabled, created_at = excluded.created_at")) {
          upsert.setString(1, a.name().value());
          upsert.setString(2, a.displayName());
          setOptional(upsert, 3, a.email());
          upsert.setString(4, a.globalRole().label());
          setOptional(upsert, 5, a.passwordHash());
          upsert.setString(6, a.origin().name().toLowerCase(Locale.ROOT));
          upsert.setLong(7, a.disabled() ? 1 : 0);
          upsert.setLong(8, a.createdAt().toEpochMilli());
          upsert.executeUpdate();
        }
        return null;
      });
    } catch (SQLException e) {
      throw new StorageException("could not save the account " + a.name(), e);
    }
  }

  @Override
  public Optional<Account> account(AccountName name) {
    return accounts("SELECT " + ACCOUNT_COLUMNS + " FROM account WHERE name = ?", name.value()).stream().findFirst();
  }

  @Override
  public List<Account> accounts() {
    return accounts("SELECT " + ACCOUNT_COLUMNS + " FROM account ORDER BY name", null);
  }

  private List<Account> accounts(String sql, String name) {
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
          if (name != null) select.setString(1, name);
          List<Account> out = new ArrayList<>();
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              out.add(new Account(AccountName.of(rs.getString(1)), rs.getString(2), Optional.ofNullable(rs.getString(3)),
                  role(rs.getString(4)), Optional.ofNullable(rs.getString(5)),
                  Account.Origin.valueOf(rs.getString(6).toUpperCase(Locale.ROOT)), rs.getLong(7) != 0,
                  Instant.ofEpochMilli(rs.getLong(8))));
            }
          }
          return out;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not read the accounts", e);
    }
  }

  @Override
  public void applyTeams(List<StoredTeam> applied) {
    teams.apply(applied.stream().map(t -> new NamedDocumentTable.Row(t.name().value(), t.source(), t.appliedAt())).toList());
  }

  @Override
  public boolean deleteTeam(TeamName name) {
    return teams.delete(name.value());
  }

  @Override
  public List<StoredTeam> teams() {
    return teams.all().stream().map(r -> new StoredTeam(TeamName.of(r.name()), r.source(), r.appliedAt())).toList();
  }

  @Override
  public ApiToken addToken(ApiToken token) {
    try {
      long id = db.write(connection -> {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO api_token (name, team, role, hash,"
            + " created_at, created_by, expires_at, last_used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
          insert.setString(1, token.name());
          setOptional(insert, 2, token.team().map(TeamName::value));
          insert.setString(3, token.role().label());
          insert.setString(4, token.hash());
          insert.setLong(5, token.createdAt().toEpochMilli());
          insert.setString(6, token.createdBy());
          setInstant(insert, 7, token.expiresAt());
          setInstant(insert, 8, token.lastUsedAt());
          setInstant(insert, 9, token.revokedAt());
          insert.executeUpdate();
          try (ResultSet keys = insert.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
          }
        }
      });
      return token.withId(id);
    } catch (SQLException e) {
      throw new StorageException("could not store the token " + token.name(), e);
    }
  }

  @Override
  public Optional<ApiToken> tokenByHash(String hash) {
    return tokens("SELECT " + TOKEN_COLUMNS + " FROM api_token WHERE hash = ?", hash).stream().findFirst();
  }

  @Override
  public List<ApiToken> tokens() {
    return tokens("SELECT " + TOKEN_COLUMNS + " FROM api_token ORDER BY id DESC", null);
  }

  private List<ApiToken> tokens(String sql, String hash) {
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
          if (hash != null) select.setString(1, hash);
          List<ApiToken> out = new ArrayList<>();
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              out.add(new ApiToken(rs.getLong(1), rs.getString(2), Optional.ofNullable(rs.getString(3)).map(TeamName::of),
                  role(rs.getString(4)), rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7),
                  instant(rs, 8), instant(rs, 9), instant(rs, 10)));
            }
          }
          return out;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not read the tokens", e);
    }
  }

  @Override
  public boolean revokeToken(long id, Instant at) {
    return update("UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", at, id) == 1;
  }

  @Override
  public void touchToken(long id, Instant at) {
    update("UPDATE api_token SET last_used_at = ? WHERE id = ?", at, id);
  }

  private int update(String sql, Instant at, long id) {
    try {
      return db.write(connection -> {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
          update.setLong(1, at.toEpochMilli());
          update.setLong(2, id);
          return update.executeUpdate();
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not change token " + id, e);
    }
  }

  @Override
  public byte[] secret(String name, byte[] fresh) {
    try {
      String stored = db.write(connection -> {
        // Insert if absent, then read: whoever inserted first, every caller gets the same secret. On
        // PostgreSQL a racing insert waits for the first to commit and then does nothing, and the
        // read, a statement of its own under READ COMMITTED, sees the committed row; SQLite has one writer.
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO access_secret (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
          insert.setString(1, name);
          insert.setString(2, Base64.getEncoder().encodeToString(fresh));
          insert.executeUpdate();
        }
        return read(connection, name);
      });
      return Base64.getDecoder().decode(stored);
    } catch (SQLException e) {
      throw new StorageException("could not read the secret " + name, e);
    }
  }

  private static String read(Connection connection, String name) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT value FROM access_secret WHERE name = ?")) {
      select.setString(1, name);
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static Role role(String label) {
    return Role.ofLabel(label).orElseThrow(() -> new IllegalStateException("unknown role in the database: " + label));
  }
}

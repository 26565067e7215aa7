package dev.governor.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable store of accounts, applied Team documents, service-account tokens and the server's own
 * secrets. Sessions and the audit log have ports of their own: they change on every request or
 * action, accounts rarely.
 */
public interface AccessStore {

  /** Inserts or replaces the account of that name. */
  void saveAccount(Account account);

  Optional<Account> account(AccountName name);

  /** Every account, by name. */
  List<Account> accounts();

  /** Inserts or replaces (by name) every team document, all or nothing. */
  void applyTeams(List<StoredTeam> teams);

  /** False when there was none of that name. */
  boolean deleteTeam(TeamName name);

  /** Every team document, by name. */
  List<StoredTeam> teams();

  /** Stores a new token and returns it with its id. */
  ApiToken addToken(ApiToken token);

  /** The token whose SHA-256 is {@code hash}, revoked or not. */
  Optional<ApiToken> tokenByHash(String hash);

  /** Every token, newest first, revoked ones too. */
  List<ApiToken> tokens();

  /** Marks it revoked at {@code at}; false when there was no such token or it was revoked already. */
  boolean revokeToken(long id, Instant at);

  /** Records a use; cheap enough to call once a minute per token. */
  void touchToken(long id, Instant at);

  /**
   * The secret called {@code name}; the first call for a name stores {@code fresh} and returns it,
   * and every later call, after a restart too, returns what was stored.
   */
  byte[] secret(String name, byte[] fresh);

  /** A Team document as applied: its name, the YAML as written and when. */
  record StoredTeam(TeamName name, String source, Instant appliedAt) {}
}

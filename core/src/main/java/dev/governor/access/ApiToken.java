package dev.governor.access;

import java.time.Instant;
import java.util.Optional;

/**
 * A service account: a named API token with a role, globally or in one team. Only the SHA-256 of
 * the token is kept (a token is 256 random bits, so a fast hash is enough, unlike a password); the
 * token itself is shown once, when it is made.
 *
 * @param id the store's number; 0 before it is stored
 * @param team the team whose services the role counts for; empty for a global role
 * @param lastUsedAt when a request last carried it, to the minute
 */
public record ApiToken(
    long id,
    String name,
    Optional<TeamName> team,
    Role role,
    String hash,
    Instant createdAt,
    String createdBy,
    Optional<Instant> expiresAt,
    Optional<Instant> lastUsedAt,
    Optional<Instant> revokedAt) {

  public ApiToken {
    dev.governor.basics.Names.check(name, "a token name");
    if (hash.length() != 64) throw new IllegalArgumentException("a token hash is 64 hex digits, got " + hash.length());
    expiresAt.ifPresent(e -> {
      if (!e.isAfter(createdAt)) throw new IllegalArgumentException("a token must expire after it is made, got " + e);
    });
  }

  public ApiToken withId(long id) {
    return new ApiToken(id, name, team, role, hash, createdAt, createdBy, expiresAt, lastUsedAt, revokedAt);
  }

  /** Usable at {@code now}: not revoked and not expired. */
  public boolean validAt(Instant now) {
    return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
  }

  /** How the audit log names what it did. */
  public String actor() {
    return "token:" + name;
  }

  public Principal principal() {
    return new Principal(Principal.Kind.SERVICE_ACCOUNT, actor(), name,
        team.isEmpty() ? Optional.of(role) : Optional.empty(),
        team.map(t -> java.util.Map.of(t, role)).orElse(java.util.Map.of()));
  }
}

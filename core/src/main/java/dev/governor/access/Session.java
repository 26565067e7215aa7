package dev.governor.access;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A signed-in browser. The cookie holds a random id; the store keeps only its SHA-256, so a copy of
 * the database signs nobody in. Each session has its own CSRF token, which every form and htmx
 * request must echo.
 *
 * @param groups the single sign-on groups the provider named at sign-in (team roles follow them)
 * @param lastSeenAt when it was last used, to the minute: idle expiry counts from here
 */
public record Session(
    String idHash,
    AccountName account,
    List<String> groups,
    String csrfToken,
    Instant createdAt,
    Instant lastSeenAt,
    String method) {

  public Session {
    groups = List.copyOf(groups);
    if (idHash.length() != 64) throw new IllegalArgumentException("a session id hash is 64 hex digits");
    if (csrfToken.length() < 32) throw new IllegalArgumentException("a CSRF token needs at least 32 characters");
  }

  /** Still valid at {@code now} under {@code idle} and {@code absolute} expiry. */
  public boolean validAt(Instant now, Duration idle, Duration absolute) {
    return now.isBefore(lastSeenAt.plus(idle)) && now.isBefore(createdAt.plus(absolute));
  }
}

package dev.governor.server.access;

import dev.governor.access.Account;
import dev.governor.access.Session;
import dev.governor.access.SessionStore;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Sign-in sessions as cookies: a random id in an HttpOnly, SameSite=Lax cookie (Secure when the
 * server is reached over https), its SHA-256 in the store. Lax, not Strict: a person who follows a
 * link to an incident from a chat message must arrive signed in; Lax still withholds the cookie from
 * every cross-site POST, and the CSRF token covers the rest.
 */
public final class SessionCookies {

  public static final String SESSION = "governor_session";
  /** Set at sign-out, so that a server with auto sign-in shows the sign-in page instead. */
  static final String SIGNED_OUT = "governor_signed_out";
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private final SessionStore store;
  private final InstantSource clock;
  private final Duration idle;
  private final Duration maxAge;
  private final String secureSetting;
  private final Optional<URI> publicUrl;

  public SessionCookies(SessionStore store, InstantSource clock, Duration idle, Duration maxAge, String secureSetting,
      Optional<URI> publicUrl) {
    this.store = store;
    this.clock = clock;
    this.idle = idle;
    this.maxAge = maxAge;
    this.secureSetting = secureSetting;
    this.publicUrl = publicUrl;
  }

  /** The valid session the request's cookie names, its idle expiry moved on (once a minute at most). */
  public Optional<Session> current(Context ctx) {
    String id = ctx.cookie(SESSION);
    if (id == null || id.isEmpty() || id.length() > 100) return Optional.empty();
    String hash = Digests.sha256(id);
    Optional<Session> found = store.session(hash);
    Instant now = clock.instant();
    if (found.isEmpty()) return Optional.empty();
    Session s = found.get();
    if (!s.validAt(now, idle, maxAge)) {
      store.revoke(hash);
      return Optional.empty();
    }
    if (!now.isBefore(s.lastSeenAt().plus(TOUCH_EVERY))) store.touch(hash, now);
    return found;
  }

  /**
   * Signs {@code account} in: a new session with a new id and a new CSRF token, whatever session the
   * browser had before (which is revoked), so that an id planted before sign-in is worth nothing.
   */
  public Session signIn(Context ctx, Account account, List<String> groups, String method) {
    String old = ctx.cookie(SESSION);
    if (old != null && !old.isEmpty() && old.length() <= 100) store.revoke(Digests.sha256(old));
    String id = Digests.random(32);
    Instant now = clock.instant();
    Session session = new Session(Digests.sha256(id), account.name(), groups, Digests.random(32), now, now, method);
    store.add(session);
    setCookie(ctx, SESSION, id, maxAge);
    setCookie(ctx, SIGNED_OUT, "", Duration.ZERO);
    return session;
  }

  public void signOut(Context ctx) {
    String id = ctx.cookie(SESSION);
    if (id != null && !id.isEmpty() && id.length() <= 100) store.revoke(Digests.sha256(id));
    setCookie(ctx, SESSION, "", Duration.ZERO);
    setCookie(ctx, SIGNED_OUT, "1", maxAge);
  }

  boolean signedOutHere(Context ctx) {
    return "1".equals(ctx.cookie(SIGNED_OUT));
  }

  /** Writes a cookie with the flags every cookie of ours carries; a zero lifetime deletes it. */
  void setCookie(Context ctx, String name, String value, Duration lifetime) {
    StringBuilder header = new StringBuilder(name).append('=').append(value).append("; Path=/; HttpOnly; SameSite=Lax");
    header.append("; Max-Age=").append(lifetime.toSeconds());
    if (secure(ctx)) header.append("; Secure");
    ctx.res().addHeader("Set-Cookie", header.toString());
  }

  private boolean secure(Context ctx) {
    return switch (secureSetting) {
      case "true" -> true;
      case "false" -> false;
      default -> publicUrl.map(u -> "https".equalsIgnoreCase(u.getScheme())).orElse(false)
          || "https".equalsIgnoreCase(ctx.scheme())
          || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    };
  }
}

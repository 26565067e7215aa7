package dev.governor.server.access;

import dev.governor.access.Account;
import dev.governor.access.AccountName;
import dev.governor.access.AuditLog;
import dev.governor.access.AuditRecord;
import dev.governor.access.Role;
import dev.governor.access.SignInThrottle;
import dev.governor.basics.Names;
import dev.governor.server.access.oidc.OidcClient;
import dev.governor.server.access.oidc.OidcException;
import dev.governor.server.access.oidc.OidcIdentity;
import dev.governor.server.config.ServerConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sign-in page, sign-in with a password, single sign-on through OpenID Connect, and sign-out.
 *
 * <p>A password sign-in is refused with one message whether the account is unknown, disabled or the
 * password wrong, and an unknown account is checked against a dummy hash, so neither the answer nor
 * its time says which accounts exist. The throttle counts failures per account and per address.
 *
 * <p>The sign-in form has no session to carry a CSRF token, so it carries a double-submit token: a
 * random value in a cookie and the same value in the form; a page elsewhere can make a browser post
 * the form but cannot read the cookie to copy it (login CSRF: signing a victim into the attacker's
 * account).
 */
public final class SignInRoutes {

  private static final Logger log = LoggerFactory.getLogger(SignInRoutes.class);
  private static final String LOGIN_CSRF = "governor_login";
  private static final Duration OIDC_PENDING = OidcClient.SIGN_IN_WINDOW;
  private static final String OIDC_STATE = "governor_oidc_state";

  private final AccessDirectory directory;
  private final SessionCookies sessions;
  private final SignInThrottle throttle;
  private final Passwords passwords;
  private final AuditLog audit;
  private final InstantSource clock;
  private final Optional<java.util.function.Supplier<OidcClient>> oidc;
  private final Optional<ServerConfig.Oidc> oidcSettings;
  private final BiConsumer<Context, Map<String, Object>> renderLogin;
  private final Map<String, Pending> pending = new LinkedHashMap<>();

  /** A single sign-on under way: what the callback must match, and where the person was going. */
  private record Pending(OidcClient.AuthorizationStart start, String next) {}

  public SignInRoutes(AccessDirectory directory, SessionCookies sessions, SignInThrottle throttle, Passwords passwords,
      AuditLog audit, InstantSource clock, Optional<java.util.function.Supplier<OidcClient>> oidc, Optional<ServerConfig.Oidc> oidcSettings,
      BiConsumer<Context, Map<String, Object>> renderLogin) {
    this.directory = directory;
    this.sessions = sessions;
    this.throttle = throttle;
    this.passwords = passwords;
    this.audit = audit;
    this.clock = clock;
    this.oidc = oidc;
    this.oidcSettings = oidcSettings;
    this.renderLogin = renderLogin;
  }

  public void register(RoutesConfig routes) {
    routes.get("/login", ctx -> loginPage(ctx, "", 200));
    routes.post("/login", this::signIn);
    routes.post("/logout", this::signOut);
    routes.get("/auth/oidc/start", this::startSso);
    routes.get("/auth/oidc/callback", this::finishSso);
  }

  private void loginPage(Context ctx, String error, int status) {
    String csrf = Digests.random(24);
    sessions.setCookie(ctx, LOGIN_CSRF, csrf, Duration.ofHours(1));
    Map<String, Object> model = new java.util.HashMap<>();
    model.put("error", error);
    model.put("next", safeNext(ctx.queryParam("next")).orElse(safeNext(ctx.formParam("next")).orElse("/")));
    model.put("csrf", csrf);
    model.put("sso", oidcSettings.map(ServerConfig.Oidc::label).orElse(""));
    model.put("username", Optional.ofNullable(ctx.formParam("username")).map(u -> u.length() > 100 ? "" : u).orElse(""));
    ctx.status(status);
    renderLogin.accept(ctx, model);
  }

  private void signIn(Context ctx) {
    String cookie = ctx.cookie(LOGIN_CSRF);
    if (cookie == null || !Digests.same(cookie, ctx.formParam(AccessGuard.CSRF_FIELD))) {
      loginPage(ctx, "The sign-in form expired. Please try again.", 403);
      return;
    }
    String username = Optional.ofNullable(ctx.formParam("username")).orElse("").strip().toLowerCase(Locale.ROOT);
    String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
    String address = dev.governor.server.http.ClientAddress.of(ctx);
    String throttleKey = username.length() > 253 ? username.substring(0, 253) : username;
    Optional<Duration> wait = throttle.retryAfter(throttleKey, address);
    if (wait.isPresent()) {
      ctx.header("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())));
      loginPage(ctx, "Too many failed sign-ins. Try again in " + Math.max(1, wait.get().toMinutes() + 1) + " minutes.", 429);
      return;
    }
    Optional<Account> account = Names.isValid(username) ? directory.account(AccountName.of(username)) : Optional.empty();
    char[] given = password.toCharArray();
    boolean ok = account.flatMap(Account::passwordHash)
        .map(hash -> passwords.matches(given, hash))
        .orElseGet(() -> {
          passwords.matches(given, Passwords.DUMMY);
          return false;
        });
    java.util.Arrays.fill(given, '\0');
    if (!ok || account.get().disabled()) {
      throttle.failed(throttleKey, address);
      log.info("a failed sign-in for '{}' from {}", dev.governor.text.Quoted.bounded(username), address);
      loginPage(ctx, "The account name or password is wrong.", 401);
      return;
    }
    throttle.succeeded(throttleKey);
    sessions.signIn(ctx, account.get(), List.of(), "password");
    record(account.get().name().value(), "session.sign-in", "password from " + address);
    ctx.redirect(safeNext(ctx.formParam("next")).orElse("/"), HttpStatus.SEE_OTHER);
  }

  private void signOut(Context ctx) {
    sessions.signOut(ctx);
    ctx.redirect("/login", HttpStatus.SEE_OTHER);
  }

  private void startSso(Context ctx) {
    if (oidc.isEmpty()) {
      loginPage(ctx, "Single sign-on is not configured (auth.oidc.issuer).", 404);
      return;
    }
    OidcClient.AuthorizationStart start;
    try {
      start = oidc.get().get().start();
    } catch (OidcException e) {
      loginPage(ctx, "Single sign-on failed: " + e.getMessage(), 502);
      return;
    }
    synchronized (pending) {
      Instant now = clock.instant();
      pending.values().removeIf(p -> p.start().startedAt().plus(OIDC_PENDING).isBefore(now));
      // Bounded: a client that starts sign-ons forever pushes out only the oldest.
      while (pending.size() >= 10_000) pending.remove(pending.keySet().iterator().next());
      pending.put(start.state(), new Pending(start, safeNext(ctx.queryParam("next")).orElse("/")));
    }
    sessions.setCookie(ctx, OIDC_STATE, start.state(), OIDC_PENDING);
    ctx.redirect(start.redirect().toString(), HttpStatus.SEE_OTHER);
  }

  private void finishSso(Context ctx) {
    String state = ctx.queryParam("state");
    String code = ctx.queryParam("code");
    if (oidc.isEmpty() || state == null || code == null) {
      loginPage(ctx, "The sign-in came back without its code; start again.", 400);
      return;
    }
    Pending started;
    synchronized (pending) {
      started = pending.remove(state);
    }
    // The state must be this browser's: the cookie set when it started, so a code captured from
    // another person's sign-in cannot be replayed here.
    if (started == null || !Digests.same(state, ctx.cookie(OIDC_STATE))
        || started.start().startedAt().plus(OIDC_PENDING).isBefore(clock.instant())) {
      loginPage(ctx, "This sign-in is unknown or expired; start again.", 400);
      return;
    }
    sessions.setCookie(ctx, OIDC_STATE, "", Duration.ZERO);
    OidcIdentity identity;
    try {
      identity = oidc.get().get().finish(code, started.start());
    } catch (OidcException e) {
      log.warn("single sign-on failed: {}", e.getMessage());
      loginPage(ctx, "Single sign-on failed: " + e.getMessage(), 401);
      return;
    }
    String username = identity.username().strip().toLowerCase(Locale.ROOT);
    if (!Names.isValid(username)) {
      loginPage(ctx, "The provider names you '" + dev.governor.text.Quoted.bounded(username) + "', which is not a valid"
          + " account name; ask an admin to set auth.oidc.usernameClaim to a claim that is.", 400);
      return;
    }
    ServerConfig.Oidc settings = oidcSettings.orElseThrow();
    boolean admin = identity.groups().stream().anyMatch(settings.adminGroups()::contains);
    AccountName name = AccountName.of(username);
    Optional<Account> existing = directory.account(name);
    if (existing.isPresent() && existing.get().disabled()) {
      loginPage(ctx, "This account is disabled.", 403);
      return;
    }
    Role role = admin ? Role.ADMIN
        : existing.map(Account::globalRole).filter(r -> r.includes(settings.defaultRole())).orElse(settings.defaultRole());
    Account account = existing.map(a -> a.withGlobalRole(role).withProfile(identity.displayName(), identity.email()))
        .orElseGet(() -> new Account(name, identity.displayName(), identity.email(), role, Optional.empty(),
            Account.Origin.OIDC, false, clock.instant()));
    directory.store().saveAccount(account);
    directory.reload();
    sessions.signIn(ctx, account, identity.groups(), "oidc");
    record(username, "session.sign-in", "single sign-on as " + identity.subject());
    ctx.redirect(started.next(), HttpStatus.SEE_OTHER);
  }

  private void record(String actor, String action, String detail) {
    audit.record(new AuditRecord(0, clock.instant(), actor, action, "account/" + actor, Optional.empty(), detail));
  }

  /** Only a path on this server: never another host (an open redirect) nor a scheme-relative URL. */
  static Optional<String> safeNext(String next) {
    if (next == null || next.isEmpty() || next.length() > 2000) return Optional.empty();
    if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.chars().anyMatch(c -> c < 0x20)) {
      return Optional.empty();
    }
    return Optional.of(next);
  }
}

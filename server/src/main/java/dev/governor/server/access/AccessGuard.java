package dev.governor.server.access;

import dev.governor.access.Account;
import dev.governor.access.Principal;
import dev.governor.access.Session;
import dev.governor.server.http.HttpProblem;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs before every matched route: finds out who asks (a bearer token, else the session cookie,
 * else, on a loopback server with {@code auth.autoSignIn}, that account), then holds the route's
 * rule ({@link RoutePolicy}) against it, and for a write made with a session cookie asks for the
 * session's CSRF token, in the {@code X-CSRF-Token} header (htmx sends it) or the {@code _csrf}
 * form field. A write with a bearer token needs no CSRF token: a browser never adds one on its own.
 *
 * <p>Without credentials an API route answers 401 with a Bearer challenge and a page sends the
 * browser to the sign-in page, to come back afterwards.
 */
public final class AccessGuard implements Handler {

  public static final String CSRF_HEADER = "X-CSRF-Token";
  public static final String CSRF_FIELD = "_csrf";
  private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
  private static final String PREFIX = "Bearer ";

  private final AccessDirectory directory;
  private final SessionCookies sessions;
  private final RoutePolicy policy;
  private final Optional<String> autoSignIn;

  public AccessGuard(AccessDirectory directory, SessionCookies sessions, RoutePolicy policy, Optional<String> autoSignIn) {
    this.directory = directory;
    this.sessions = sessions;
    this.policy = policy;
    this.autoSignIn = autoSignIn;
  }

  @Override
  public void handle(Context ctx) {
    ctx.attribute(Requests.TEAMS, directory.teams());
    io.javalin.router.Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    // Static files (the UI's CSS and scripts) are served without an endpoint: public, like a login page's.
    if (endpoint == null) return;
    String route = endpoint.method.name() + " " + endpoint.path;
    RoutePolicy.Rule rule = policy.ruleOf(endpoint.method.name(), endpoint.path)
        .orElse(new RoutePolicy.Signed(dev.governor.access.Role.ADMIN, true, route));
    if (!(rule instanceof RoutePolicy.Signed signed)) {
      // Public pages still show who is signed in (the sign-in page, a one-click link).
      if (directory.signInOn()) sessionPrincipal(ctx).ifPresent(p -> ctx.attribute(Requests.PRINCIPAL, p));
      return;
    }
    if (!directory.signInOn()) {
      ctx.attribute(Requests.PRINCIPAL, Principal.ANONYMOUS);
      return;
    }
    Principal principal = authenticate(ctx).orElseThrow(() -> unauthenticated(ctx));
    ctx.attribute(Requests.PRINCIPAL, principal);
    boolean allowed = signed.global() ? principal.mayEverywhere(signed.role()) : principal.mayForSome(signed.role());
    if (!allowed) {
      throw new HttpProblem.Forbidden(principal.displayName() + " (" + principal.highestRole().map(r -> r.label())
          .orElse("no role") + ") may not " + route + ": it needs the " + signed.role().label() + " role"
          + (signed.global() ? "" : ", globally or in a team"));
    }
    Session session = ctx.attribute(Requests.SESSION);
    if (session != null && !SAFE.contains(ctx.method())) checkCsrf(ctx, session);
  }

  private Optional<Principal> authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      String token = header.substring(PREFIX.length()).trim();
      return Optional.of(directory.principalOfToken(token).orElseThrow(() -> new HttpProblem.Unauthorized(
          "the bearer token is not a valid Governor token (revoked, expired, or never made); make one with"
              + " `governor token create`", "Bearer realm=\"governor\", error=\"invalid_token\"")));
    }
    if (header != null) {
      throw new HttpProblem.Unauthorized("the Authorization header must be \"Bearer <token>\"", "Bearer realm=\"governor\"");
    }
    // A calendar app cannot send a header: the iCalendar feeds take a token in the URL instead.
    String queryToken = ctx.endpoints().matchedHttpEndpoint().path.endsWith("/ical") ? ctx.queryParam("token") : null;
    if (queryToken != null) return directory.principalOfToken(queryToken);
    Optional<Principal> bySession = sessionPrincipal(ctx);
    if (bySession.isPresent()) return bySession;
    return autoSignedIn(ctx);
  }

  private Optional<Principal> sessionPrincipal(Context ctx) {
    Optional<Session> session = sessions.current(ctx);
    if (session.isEmpty()) return Optional.empty();
    Optional<Account> account = directory.account(session.get().account()).filter(a -> !a.disabled());
    if (account.isEmpty()) return Optional.empty();
    ctx.attribute(Requests.SESSION, session.get());
    return Optional.of(directory.principalOf(account.get(), session.get().groups()));
  }

  /** The demo's convenience: a page request on loopback signs the browser in as the configured account. */
  private Optional<Principal> autoSignedIn(Context ctx) {
    if (autoSignIn.isEmpty() || ctx.method() != HandlerType.GET || isApi(ctx) || sessions.signedOutHere(ctx)) {
      return Optional.empty();
    }
    Optional<Account> account = directory.account(dev.governor.access.AccountName.of(autoSignIn.get()))
        .filter(a -> !a.disabled());
    if (account.isEmpty()) return Optional.empty();
    Session session = sessions.signIn(ctx, account.get(), List.of(), "auto");
    ctx.attribute(Requests.SESSION, session);
    return Optional.of(directory.principalOf(account.get(), List.of()));
  }

  private void checkCsrf(Context ctx, Session session) {
    String given = ctx.header(CSRF_HEADER);
    if (given == null && isForm(ctx)) given = ctx.formParam(CSRF_FIELD);
    if (!Digests.same(session.csrfToken(), given)) {
      throw new HttpProblem.Forbidden("the request carries no valid CSRF token: a form or script on this site sends"
          + " it; reload the page and try again");
    }
  }

  private static boolean isForm(Context ctx) {
    String type = ctx.contentType();
    return type != null && type.startsWith("application/x-www-form-urlencoded");
  }

  private static boolean isApi(Context ctx) {
    String path = ctx.path();
    return path.startsWith("/api/") || path.startsWith("/v1/") || path.startsWith("/v2/") || path.equals("/metrics");
  }

  private static RuntimeException unauthenticated(Context ctx) {
    if (!isApi(ctx) && ctx.method() == HandlerType.GET) {
      String back = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
      // Back where the person was going, unless that is too long to carry through a sign-in.
      return new SignInRedirect(back.length() > 2000 ? "/" : back);
    }
    return new HttpProblem.Unauthorized(ctx.method() + " " + dev.governor.text.Quoted.bounded(ctx.path())
        + " needs a signed-in person or the header"
        + " Authorization: Bearer <token> (make a token with `governor token create`)", "Bearer realm=\"governor\"");
  }

  /** A page asked for without a session: the browser goes to the sign-in page and comes back. */
  public static final class SignInRedirect extends RuntimeException {
    private final String next;

    SignInRedirect(String next) {
      super("sign in first", null, false, false);
      this.next = next;
    }

    public String location() {
      return "/login?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}

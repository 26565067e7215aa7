package dev.governor.server.access;

import dev.governor.access.AuditLog;
import dev.governor.access.AuditRecord;
import dev.governor.access.Principal;
import dev.governor.access.SignInThrottle;
import dev.governor.access.TeamName;
import dev.governor.incident.IncidentEngine;
import dev.governor.basics.OnFirstUse;
import dev.governor.ingest.access.TeamReader;
import dev.governor.server.Feature;
import dev.governor.server.Wiring;
import dev.governor.server.access.oidc.OidcClient;
import dev.governor.server.access.oidc.OidcSettings;
import dev.governor.server.config.ConfigException;
import dev.governor.server.config.ServerConfig;
import dev.governor.server.http.Hosts;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * People and access: who asks (sessions, tokens, single sign-on), what each route lets them do
 * ({@link RoutePolicy}), the audit log of every change they make, and one-click acknowledge links.
 *
 * <p>Every successful write through a route with an audit action is recorded after its handler,
 * here, in one place: a handler only adds what it alone knows (the subject, the team, a detail).
 * The handlers of the routes are not trusted to remember.
 */
public final class AccessFeature implements Feature {

  private static final Logger log = LoggerFactory.getLogger(AccessFeature.class);
  private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
  private static final Duration SESSION_SWEEP = Duration.ofHours(1);

  private final Wiring wiring;
  private final ServerConfig.Access settings;
  private final AccessDirectory directory;
  private final SessionCookies cookies;
  private final RoutePolicy policy;
  private final AccessGuard guard;
  private final AuditLog audit;
  private final AckLinks links;
  private final SignInRoutes signIn;
  private final AccessRoutes routes;
  private final AckRoutes ack;

  public AccessFeature(Wiring wiring, Supplier<IncidentEngine> incidents, BiConsumer<Context, Map<String, Object>> loginPage,
      BiConsumer<Context, Map<String, Object>> ackPage) {
    this.wiring = wiring;
    ServerConfig config = wiring.config();
    this.settings = config.access();
    if (!settings.autoSignIn().isEmpty() && !Hosts.isLoopback(config.bind())) {
      throw new ConfigException("auth.autoSignIn signs every browser in as " + settings.autoSignIn() + " and works only"
          + " on a loopback server; unset it (GOVERNOR_AUTO_SIGN_IN) or listen on 127.0.0.1");
    }
    this.directory = new AccessDirectory(wiring.database().access(), wiring.clock(), AccessFeature::readStoredTeam,
        settings.oidc().isPresent(), config.authTokens());
    this.audit = wiring.database().auditLog();
    Optional<URI> publicUrl = config.response().publicUrl();
    this.cookies = new SessionCookies(wiring.database().sessions(), wiring.clock(), settings.sessionIdle(),
        settings.sessionMaxAge(), settings.cookieSecure(), publicUrl);
    this.policy = new RoutePolicy(settings.publicMetrics(), config.status().port() == 0 ? config.status().path() : "/\0");
    this.guard = new AccessGuard(directory, cookies, policy,
        Optional.of(settings.autoSignIn()).filter(s -> !s.isEmpty()));
    Passwords passwords = new Passwords();
    this.links = new AckLinks(wiring.database().access().secret("ack-links", Digests.randomBytes(32)), wiring.clock(),
        settings.linkValidity());
    // Built at the first sign-on, when the server knows the address it listens on: without
    // auth.oidc.redirectUrl or server.publicUrl the callback is on that address.
    Optional<Supplier<OidcClient>> oidc = settings.oidc().map(o -> new OnFirstUse<>(() -> new OidcClient(
        new OidcSettings(o.issuer(), o.clientId(), o.clientSecret(), o.redirectUrl().orElseGet(() ->
            URI.create(publicUrl.orElse(listening).toString().replaceAll("/+$", "") + "/auth/oidc/callback")),
            o.scopes(), o.usernameClaim(), o.groupsClaim(), Duration.ofSeconds(60)),
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), wiring.clock())));
    this.signIn = new SignInRoutes(directory, cookies, new SignInThrottle(wiring.clock(), settings.signInMaxFailures(),
        settings.signInWindow()), passwords, audit, wiring.clock(), oidc, settings.oidc(), loginPage);
    this.routes = new AccessRoutes(directory, wiring.database().sessions(), audit, passwords, wiring.bodies(), wiring.clock());
    this.ack = new AckRoutes(links, wiring.database().sessions(), audit, incidents, wiring.clock(), ackPage);
    if (!config.authTokens().isEmpty()) {
      log.warn("auth.tokens (GOVERNOR_AUTH_TOKENS) holds {} legacy tokens; they act as admins named token:legacy-N."
          + " Replace them with service-account tokens (`governor token create`), which are stored only hashed,"
          + " carry a role and can be revoked", config.authTokens().size());
    }
  }

  private static List<dev.governor.access.Team> readStoredTeam(String source) {
    TeamReader.Parsed parsed = TeamReader.parse("stored team", source);
    return parsed.documents().stream().map(TeamReader.TeamDocument::team).toList();
  }

  public AccessDirectory directory() {
    return directory;
  }

  public RoutePolicy policy() {
    return policy;
  }

  /** Signed links for pages: {@code /ack/{id}?t=...} for the person paged. */
  public AckLinks links() {
    return links;
  }

  /** The one-click acknowledge link of a page, for the person paged. */
  public dev.governor.response.AcknowledgeLinks acknowledgeLinks() {
    return (incident, person) -> Optional.of("/ack/" + incident.number() + "?t=" + links.token(incident.number(), person));
  }

  @Override
  public void install(JavalinConfig cfg) {
    cfg.routes.beforeMatched(guard);
    cfg.routes.afterMatched(this::audit);
    cfg.routes.exception(AccessGuard.SignInRedirect.class,
        (e, ctx) -> ctx.redirect(e.location(), HttpStatus.SEE_OTHER));
    signIn.register(cfg.routes);
    routes.register(cfg.routes);
    ack.register(cfg.routes);
  }

  /** The address the server listens on, for the single sign-on callback when no URL is configured. */
  private volatile URI listening = URI.create("http://127.0.0.1");

  @Override
  public void start(Running running) {
    listening = running.baseUri();
    running.sweepAfterTick("dropping expired sessions and used links", SESSION_SWEEP, () -> {
      java.time.Instant now = wiring.clock().instant();
      int dropped = wiring.database().sessions().deleteExpired(now.minus(settings.sessionIdle()), now.minus(settings.sessionMaxAge()));
      if (dropped > 0) log.info("dropped {} expired sessions", dropped);
      // A used link is refused for its expiry once that has passed; its record is not needed then.
      wiring.database().sessions().forgetLinksUsedBefore(now.minus(settings.linkValidity()).minus(Duration.ofDays(1)));
    });
    if (!directory.signInOn()) {
      log.info("sign-in is off: no account, token or single sign-on yet, so every request acts as anonymous."
          + " `governor user add NAME --role admin` turns it on");
    }
  }

  private void audit(Context ctx) {
    if (SAFE.contains(ctx.method()) || ctx.status().getCode() >= 400 || ctx.endpoints().matchedHttpEndpoint() == null) return;
    Optional<RoutePolicy.Rule> rule = policy.ruleOf(ctx.endpoints().matchedHttpEndpoint().method.name(), ctx.endpoints().matchedHttpEndpoint().path);
    if (!(rule.orElse(null) instanceof RoutePolicy.Signed signed) || signed.action().isEmpty()) return;
    Principal principal = Requests.principal(ctx);
    String subject = Optional.ofNullable(ctx.<String>attribute(Requests.AUDIT_SUBJECT)).orElseGet(() -> subjectOf(ctx));
    String detail = Optional.ofNullable(ctx.<String>attribute(Requests.AUDIT_DETAIL)).orElse("");
    TeamName team = ctx.attribute(Requests.AUDIT_TEAM);
    audit.record(new AuditRecord(0, wiring.clock().instant(), principal.actor(), signed.action(), subject,
        Optional.ofNullable(team), detail));
  }

  /** {@code incidents/12} for {@code /api/v1/incidents/12/acknowledge}: the collection and the first id. */
  static String subjectOf(Context ctx) {
    String path = ctx.endpoints().matchedHttpEndpoint().path.replaceFirst("^/api/v1/", "").replaceFirst("^/", "");
    String[] parts = path.split("/");
    String collection = parts[0];
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
        return collection + "/" + ctx.pathParam(parts[i].substring(1, parts[i].length() - 1));
      }
    }
    return collection;
  }
}

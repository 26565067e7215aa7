package dev.governor.server.ui;

import dev.governor.alert.AlertState;
import dev.governor.alert.AlertStore;
import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentQuery;
import dev.governor.server.delivery.Deployments;
import dev.governor.server.delivery.DoraRoutes;
import dev.governor.server.slo.SpecCatalog;
import dev.governor.slo.Catalog;
import dev.governor.slo.Evaluator;
import dev.governor.basics.Names;
import dev.governor.slo.Slo;
import dev.governor.basics.SloName;
import dev.governor.slo.SloStatus;
import dev.governor.basics.TimeRange;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The web UI: server-rendered pages (JTE templates, compiled at build time) with htmx for the
 * overview's self-refresh and uPlot for charts, which read the JSON API like any other client.
 * Pages allow only scripts and styles from this server (see {@link #CSP}), so no page has an
 * inline script, style element or style attribute.
 */
public final class UiRoutes {

  /** The pages, for the OpenAPI test: they are HTML for people, not part of the API. */
  public static final List<String> PAGES =
      List.of("GET /", "GET /fragments/overview", "GET /slos/{name}", "GET /alerts", "GET /dora",
          "GET /incidents", "GET /fragments/incidents", "GET /incidents/{id}", "GET /oncall", "GET /capacity",
          "GET /probes", "GET /probes/{name}", "GET /adjustments", "GET /status", "GET /status/status.css", "GET /silences",
          "GET /slos/{name}/edit", "GET /gates/{service}", "GET /audit", "GET /account", "GET /login", "POST /login",
          "POST /logout", "GET /auth/oidc/start", "GET /auth/oidc/callback", "GET /ack/{id}", "POST /ack/{id}",
          "GET /reports/slo");

  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
      + " object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

  private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);

  private final Evaluator evaluator;
  private final SpecCatalog specs;
  private final AlertStore alerts;
  private final InstantSource clock;
  private final Deployments deployments;
  private final DoraRoutes dora;
  private final java.util.function.Function<SloName, Optional<Map<String, Object>>> journeys;

  public UiRoutes(Evaluator evaluator, SpecCatalog specs, AlertStore alerts, InstantSource clock,
      Deployments deployments, DoraRoutes dora) {
    this(evaluator, specs, alerts, clock, deployments, dora, name -> Optional.empty());
  }

  /** @param journeys a composite SLO's members and their parts, for its page */
  public UiRoutes(Evaluator evaluator, SpecCatalog specs, AlertStore alerts, InstantSource clock,
      Deployments deployments, DoraRoutes dora, java.util.function.Function<SloName, Optional<Map<String, Object>>> journeys) {
    this.journeys = journeys;
    this.evaluator = evaluator;
    this.specs = specs;
    this.alerts = alerts;
    this.clock = clock;
    this.deployments = deployments;
    this.dora = dora;
  }

  /** Serves the stylesheet, the script and the vendored libraries from the class path. */
  public static void staticFiles(JavalinConfig cfg) {
    cfg.staticFiles.add(files -> {
      files.hostedPath = "/static";
      files.directory = "/static";
      files.location = Location.CLASSPATH;
      files.headers = Map.of("X-Content-Type-Options", "nosniff", "Cache-Control", "max-age=300");
    });
  }

  public void register(RoutesConfig routes) {
    routes.get("/", this::overview);
    routes.get("/fragments/overview", this::overviewFragment);
    routes.get("/slos/{name}", this::slo);
    routes.get("/alerts", this::alertsPage);
    routes.get("/dora", this::doraPage);
  }

  private void overview(Context ctx) {
    render(ctx, "overview.jte", Map.of("page", overviewOf(ctx)));
  }

  /** What the overview polls: the same section, re-rendered with the same filter. */
  private void overviewFragment(Context ctx) {
    render(ctx, "overview_section.jte", Map.of("page", overviewOf(ctx)));
  }

  private Views.Overview overviewOf(Context ctx) {
    String sort = param(ctx, "sort");
    Views.Filter filter = new Views.Filter(param(ctx, "service"), param(ctx, "label"),
        List.of("budget", "name", "service").contains(sort) ? sort : "budget");
    return Views.overview(evaluator.statuses(), filter, clock.instant(), evaluator::instanceStatuses);
  }

  private void slo(Context ctx) {
    String name = ctx.pathParam("name");
    Optional<SloStatus> status = Names.isValid(name) ? evaluator.status(new SloName(name)) : Optional.empty();
    if (status.isEmpty()) {
      ctx.status(404);
      render(ctx, "not_found.jte", Map.of("name", name));
      return;
    }
    Slo slo = status.get().slo();
    String asked = param(ctx, "range");
    String range = Views.RANGES.stream().anyMatch(r -> r.key().equals(asked)) ? asked : "1d";
    Instant now = clock.instant();
    String url = "/api/v1/slos/" + encode(name) + "/timeseries?from="
        + encode(Views.rangeStart(slo, range, now).toString());
    var history = alerts.list(Optional.empty(), Optional.of(slo.name()), 50);
    List<Views.AdjustmentLine> adjustments = evaluator.exclusionsOf(slo).sources().stream()
        .filter(s -> s instanceof dev.governor.adjustment.BudgetAdjustment)
        .map(s -> Views.AdjustmentLine.of((dev.governor.adjustment.BudgetAdjustment) s, now)).toList();
    Views.Group group = evaluator.instanceCount(slo.name())
        .map(count -> Views.group(slo, count, evaluator.instanceStatuses(slo.name()))).orElse(null);
    Views.Journey journey = journeys.apply(slo.name()).map(Views::journey).orElse(null);
    render(ctx, "slo.jte", Map.of("page", Views.detail(status.get(), specs.sloSource(slo.name()), history,
        range, url, Format.window(slo.window()), now, adjustments, group), "journey", java.util.Optional.ofNullable(journey)));
  }

  private void alertsPage(Context ctx) {
    String state = param(ctx, "state");
    Optional<AlertState> filter = switch (state) {
      case "firing" -> Optional.of(AlertState.FIRING);
      case "resolved" -> Optional.of(AlertState.RESOLVED);
      default -> Optional.empty();
    };
    render(ctx, "alerts.jte", Map.of("page",
        Views.alerts(alerts.list(filter, Optional.empty(), 200), filter.isEmpty() ? "all" : state, clock.instant())));
  }

  /**
   * The DORA metrics with the same filters as the API. Values the selects did not offer (a typo in
   * a hand-edited URL) fall back to "all" instead of an error page.
   */
  private void doraPage(Context ctx) {
    Catalog catalog = evaluator.catalog();
    List<Deployment> recent = deployments.store().list(DeploymentQuery.all(1000));
    TreeSet<String> services = new TreeSet<>();
    catalog.servicesByName().keySet().forEach(s -> services.add(s.value()));
    recent.forEach(d -> services.add(d.service().value()));
    TreeSet<String> teams = new TreeSet<>();
    catalog.servicesByName().values().forEach(s -> Optional.ofNullable(s.labels().get("team")).ifPresent(teams::add));
    String service = param(ctx, "service");
    if (!services.contains(service)) service = "";
    String team = param(ctx, "team");
    if (!teams.contains(team)) team = "";
    String period = param(ctx, "period");
    if (!DoraPage.PERIODS.contains(period)) period = "30d";
    Instant now = clock.instant();
    var scoped = dora.report(DoraPage.nonEmpty(service), DoraPage.nonEmpty(team),
        new TimeRange(now.minus(DoraPage.periodLength(period)), now));
    render(ctx, "dora.jte", Map.of("page", DoraPage.of(recent.isEmpty(), scoped, period, List.copyOf(services),
        List.copyOf(teams), ctx.scheme() + "://" + ctx.host())));
  }

  /** A page without the UI's header (sign-in, one-click acknowledge): no viewer, the same headers. */
  public static void renderBare(Context ctx, String template, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    TEMPLATES.render(template, params, out);
    respond(ctx, out.toString());
  }

  /** A page as text, for pages rendered ahead of their requests (the public status page). */
  public static String renderToString(String template, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    TEMPLATES.render(template, params, out);
    return out.toString();
  }

  /** The Content-Security-Policy every page is served with. */
  public static String contentSecurityPolicy() {
    return CSP;
  }

  /** A page of the signed-in UI: every one is told who looks at it ({@code viewer}), for the header and buttons. */
  public static void render(Context ctx, String template, Map<String, Object> params) {
    Map<String, Object> withViewer = new java.util.HashMap<>(params);
    withViewer.put("viewer", dev.governor.server.access.Viewer.of(ctx));
    StringOutput out = new StringOutput();
    TEMPLATES.render(template, withViewer, out);
    respond(ctx, out.toString());
  }

  /** Every page goes out with the same headers: its CSP, no sniffing, no referrer off-site, no caching. */
  private static void respond(Context ctx, String html) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Cache-Control", "no-store");
    ctx.html(html);
  }

  private static String param(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null ? "" : value.strip();
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

package dev.governor.server;

import dev.governor.incident.SignalIntake;
import dev.governor.prometheus.matching.PushIntake;
import dev.governor.prometheus.promql.PrometheusClient;
import dev.governor.prometheus.promql.PromqlPuller;
import dev.governor.server.alerts.AlertRoutes;
import dev.governor.server.config.ConfigException;
import dev.governor.server.delivery.DeploymentRoutes;
import dev.governor.server.delivery.Deployments;
import dev.governor.server.delivery.DoraRoutes;
import dev.governor.server.delivery.WebhookRoutes;
import dev.governor.server.config.ServerConfig;
import dev.governor.server.events.EventRoutes;
import dev.governor.server.http.BearerAuth;
import dev.governor.server.http.HostCheck;
import dev.governor.server.http.Hosts;
import dev.governor.server.http.Json;
import dev.governor.server.http.OpsRoutes;
import dev.governor.server.http.Problems;
import dev.governor.server.http.RequestBodies;
import dev.governor.server.http.ServerMetrics;
import dev.governor.server.notify.NotificationDispatcher;
import dev.governor.server.notify.NotificationRoutes;
import dev.governor.server.oncall.OnCallRoutes;
import dev.governor.server.oncall.StoredOnCall;
import dev.governor.server.intake.IntakeRoutes;
import dev.governor.server.incidents.IncidentRoutes;
import dev.governor.server.incidents.SilenceRoutes;
import dev.governor.server.push.PushRoutes;
import dev.governor.server.slo.RulesRoutes;
import dev.governor.server.slo.SloRoutes;
import dev.governor.server.slo.SpecCatalog;
import dev.governor.server.sources.SourceRoutes;
import dev.governor.server.ui.UiRoutes;
import dev.governor.server.verification.AttributionRoutes;
import dev.governor.server.verification.RollbackHook;
import dev.governor.server.verification.VerificationRoutes;
import dev.governor.slo.Evaluator;
import dev.governor.storage.jdbc.Database;
import io.javalin.Javalin;
import io.javalin.router.ParsedEndpoint;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Governor: the database, the evaluator loaded with the stored SLOs, the HTTP API and the
 * evaluation scheduler. {@link #start} returns once the API answers; {@link #close} stops taking
 * requests, lets running ones finish, stops the scheduler and closes the database, in that order.
 */
public final class GovernorServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GovernorServer.class);

  /**
   * How often the alert-to-incident safety sweep runs. Alerts reach the engine as they are stored;
   * the sweep catches up what a crash lost, and opens the incident of an alert whose silence ended.
   */
  static final Duration ALERT_SWEEP = Duration.ofMinutes(1);

  private final ServerConfig config;
  private final Database database;
  private final Evaluator evaluator;
  private final Javalin app;
  private final EvaluationScheduler scheduler;
  private final PromqlPuller puller;
  private final PushIntake push;
  private final RollbackHook rollbackHook;
  private final NotificationDispatcher notifications;
  private final StoredOnCall onCall;
  private final dev.governor.incident.IncidentEngine incidents;
  private final dev.governor.incident.GovernorAlertReconciler governorAlerts;

  private GovernorServer(ServerConfig config, Database database, Evaluator evaluator, Javalin app,
      EvaluationScheduler scheduler, PromqlPuller puller, PushIntake push, RollbackHook rollbackHook,
      NotificationDispatcher notifications, StoredOnCall onCall, dev.governor.incident.IncidentEngine incidents,
      dev.governor.incident.GovernorAlertReconciler governorAlerts) {
    this.config = config;
    this.database = database;
    this.evaluator = evaluator;
    this.app = app;
    this.scheduler = scheduler;
    this.puller = puller;
    this.push = push;
    this.rollbackHook = rollbackHook;
    this.notifications = notifications;
    this.onCall = onCall;
    this.incidents = incidents;
    this.governorAlerts = governorAlerts;
  }

  public static GovernorServer start(ServerConfig config) {
    return start(config, InstantSource.system());
  }

  /** With an injected clock, for tests that control time. */
  public static GovernorServer start(ServerConfig config, InstantSource clock) {
    return start(config, clock, java.util.function.UnaryOperator.identity());
  }

  /**
   * With the intake the Alertmanager and PagerDuty routes hand their signals to made from the
   * incident engine: the engine itself, or a recorder in tests of the routes.
   */
  static GovernorServer start(ServerConfig config, InstantSource clock,
      java.util.function.UnaryOperator<SignalIntake> intakes) {
    refuseOpenBeyondLoopback(config);
    Database database = config.jdbcUrl().map(url -> Database.open(url, config.databaseConnectionTimeout()))
        .orElseGet(() -> Database.sqlite(config.dataDir()));
    Javalin app = null;
    PromqlPuller puller = null;
    RollbackHook rollbackHook = null;
    NotificationDispatcher notifications = null;
    try {
      Evaluator evaluator =
          new Evaluator(database.buckets(), database.alerts(), clock, config.evaluatorSettings());
      SpecCatalog specs = new SpecCatalog(database.resources(), evaluator, clock);
      ServerMetrics metrics = new ServerMetrics(
          () -> evaluator.catalog().slos().size(), () -> firingAlerts(database));
      // SLIs whose data lives in Prometheus are pulled off the request threads; every catalog the
      // evaluator loads re-plans the pulls.
      puller = new PromqlPuller(evaluator, database.buckets(), clock, new PrometheusClient(),
          PromqlPuller.Settings.DEFAULTS);
      specs.onLoaded(puller::replan);
      metrics.promqlSources(puller::statuses);
      // SLIs whose selectors match pushed counters (remote-write, OTLP); each tick stores the
      // minutes that are complete even when nobody is pushing.
      PushIntake push = new PushIntake(evaluator, clock, PushIntake.Settings.DEFAULT);
      metrics.pushIntake(push::stats);
      // Rollbacks asked for before a restart are still in the outbox: the sender resumes them.
      rollbackHook = new RollbackHook(config.rollbackHook(), database.hookOutbox(), database.audit(),
          database.deployments(), clock);
      // Likewise notifications: what was pending when the server stopped (or was killed) goes out.
      notifications = NotificationDispatcher.create(config.notifications(), database.notifications(), clock);
      // secretFromEnv of webhook contacts reads the server's own environment.
      StoredOnCall onCall = new StoredOnCall(database.onCall(), System.getenv());
      // Every alert source feeds one engine; Governor's own alerts reach it after each tick.
      var incidents = new dev.governor.incident.IncidentEngine(database.incidents(), clock, config.incidents());
      var governorAlerts = new dev.governor.incident.GovernorAlertReconciler(database.alerts(), evaluator::catalog,
          incidents, clock);
      // Each alert reaches the incident engine right after it is stored; the sweep after the tick
      // only catches up what a crash lost between the two.
      evaluator.addAlertListener(governorAlerts);
      SignalIntake intake = intakes.apply(incidents);
      // An incident that opens is linked to the deployment that likely caused it, for DORA.
      incidents.addListener(new dev.governor.postmortem.DeploymentLinks(incidents, database.deployments(),
          config.incidents().suspectDeploymentLookBack(), clock));
      app = http(config, database, evaluator, specs, metrics, clock, puller, push, rollbackHook, notifications,
          onCall, intake, incidents)
          .start(config.bind(), config.port());
      // The API answers from here on: /readyz says 503 and every other route asks to retry until
      // the running sums are loaded, which the store's rollups make a matter of seconds.
      long loadStarted = System.nanoTime();
      evaluator.load(SpecCatalog.resolveStored(database.resources()));
      log.info("loaded the running sums of {} SLOs in {} ms", evaluator.catalog().slos().size(),
          (System.nanoTime() - loadStarted) / 1_000_000);
      puller.replan(evaluator.catalog());
      EvaluationScheduler scheduler =
          new EvaluationScheduler(evaluator, specs::reconcile, push::flush, config.tickInterval(), metrics);
      scheduler.sweepAfterTick("reconciling incidents with Governor's alerts", ALERT_SWEEP, governorAlerts::reconcile);
      // Pages and actions hang off the engine and the outbox; each tick pages what fell due since.
      var response = dev.governor.server.incidents.IncidentResponse.start(config.response(),
          baseUri(config, app.port()), incidents, onCall, notifications, clock);
      scheduler.afterTick("paging and incident actions", response::tick);
      puller.start();
      rollbackHook.start();
      notifications.start();
      GovernorServer server = new GovernorServer(config, database, evaluator, app, scheduler, puller, push, rollbackHook,
          notifications, onCall, incidents, governorAlerts);
      log.info("Governor listening on {} ({})", server.listening(), config);
      if (!config.authEnabled() && !Hosts.isLoopback(config.bind())) {
        log.warn("Governor is open (no auth.tokens) on {} because server.insecureOpen is set: anyone who"
            + " reaches this address can read and change everything", server.listening());
      }
      return server;
    } catch (RuntimeException e) {
      if (app != null) app.stop();
      if (puller != null) puller.close();
      if (rollbackHook != null) rollbackHook.close();
      if (notifications != null) notifications.close();
      closeQuietly(database, e);
      throw e;
    }
  }

  /**
   * Without tokens anyone who reaches the server may change everything, which is fine on loopback
   * and a surprise anywhere else; a bind that is a name other than localhost counts as beyond
   * loopback, since what it resolves to is not ours to know.
   */
  private static void refuseOpenBeyondLoopback(ServerConfig config) {
    if (config.authEnabled() || config.insecureOpen() || Hosts.isLoopback(config.bind())) return;
    throw new ConfigException("refusing to listen on " + config.bind() + " without tokens: anyone who reaches it"
        + " could read and change everything. Set auth.tokens (GOVERNOR_AUTH_TOKENS), or listen on 127.0.0.1"
        + " (--bind 127.0.0.1, server.bind, GOVERNOR_BIND), or, on a network you trust, pass --insecure-open"
        + " (server.insecureOpen, GOVERNOR_INSECURE_OPEN=true)");
  }

  private static Javalin http(ServerConfig config, Database database, Evaluator evaluator,
      SpecCatalog specs, ServerMetrics metrics, InstantSource clock, PromqlPuller puller, PushIntake push,
      RollbackHook rollbackHook, NotificationDispatcher notifications, StoredOnCall onCall, SignalIntake intake,
      dev.governor.incident.IncidentEngine incidents) {
    RequestBodies bodies = new RequestBodies(config.maxRequestBytes());
    return Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.jsonMapper(Json.javalinMapper());
      cfg.http.maxRequestSize = config.maxRequestBytes();
      cfg.http.prefer405over404 = true;
      // Jetty's own refusals (a %00 in the path) as problems, not its HTML page.
      cfg.jetty.modifyServer(server -> server.setErrorHandler(new dev.governor.server.http.JettyErrors()));
      cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new dev.governor.server.http.JettyErrors()));
      cfg.requestLogger.http(metrics::recordRequest);
      new Problems(config.maxRequestBytes()).install(cfg.routes);
      // With tokens, writes need one and the Host stays unchecked; HostCheck says why.
      if (!config.authEnabled()) cfg.routes.before(new HostCheck(config.response().publicUrl()));
      cfg.routes.beforeMatched(new BearerAuth(config.authTokens()));
      cfg.routes.beforeMatched(new dev.governor.server.http.LoadingGate(evaluator::ready));
      new SloRoutes(specs, evaluator, bodies, clock).register(cfg.routes);
      new RulesRoutes(evaluator).register(cfg.routes);
      new EventRoutes(evaluator, bodies, metrics, clock).register(cfg.routes);
      new AlertRoutes(database.alerts()).register(cfg.routes);
      Deployments deployments = new Deployments(database.deployments(), database.commitLog());
      new DeploymentRoutes(deployments, bodies, clock).register(cfg.routes);
      new WebhookRoutes(deployments, bodies, clock, config.githubWebhookSecret(), config.gitlabWebhookToken())
          .register(cfg.routes);
      DoraRoutes dora = new DoraRoutes(deployments, evaluator::catalog, clock, incidentTimes(incidents));
      dora.register(cfg.routes);
      new dev.governor.server.gates.GateRoutes(database.policies(), database.audit(), evaluator, bodies, clock,
          dev.governor.server.incidents.IncidentResponse.freezes(incidents, config.response()),
          config.defaultPolicy().policy()).register(cfg.routes);
      new VerificationRoutes(database.deployments(), evaluator, database.buckets(), database.audit(), rollbackHook,
          bodies, clock).register(cfg.routes);
      new AttributionRoutes(database.deployments(), evaluator, database.buckets(), clock).register(cfg.routes);
      new NotificationRoutes(notifications, bodies, clock).register(cfg.routes);
      // /readyz answers within a second even when the database hangs; the query itself may take 2s.
      new OpsRoutes(new dev.governor.server.http.ReadinessCheck("database", () -> database.ping(Duration.ofSeconds(2)),
          Duration.ofMillis(800)), evaluator::ready, metrics).register(cfg.routes);
      new SourceRoutes(puller, push, evaluator::catalog).register(cfg.routes);
      new PushRoutes(push, bodies).register(cfg.routes);
      new IncidentRoutes(incidents, evaluator::catalog, bodies, clock).register(cfg.routes);
      new SilenceRoutes(incidents, bodies, clock).register(cfg.routes);
      var links = new dev.governor.postmortem.DeploymentLinks(incidents, database.deployments(),
          config.incidents().suspectDeploymentLookBack(), clock);
      new dev.governor.server.incidents.PostmortemRoutes(incidents, links,
          new dev.governor.postmortem.PostmortemDrafts(incidents, links, evaluator, database.buckets(), clock), bodies)
          .register(cfg.routes);
      new OnCallRoutes(onCall, bodies, clock).register(cfg.routes);
      new IntakeRoutes(intake, config.integrations(), bodies, clock).register(cfg.routes);
      UiRoutes.staticFiles(cfg);
      new UiRoutes(evaluator, specs, database.alerts(), clock, deployments, dora).register(cfg.routes);
      new dev.governor.server.ui.IncidentPages(incidents, onCall, evaluator, clock).register(cfg.routes);
    });
  }

  /**
   * The times of the incidents deployments are linked to, for DORA; ids that name no incident (a
   * pipeline's own ticket number) are left out, and DORA falls back to rollbacks for them.
   */
  private static java.util.function.Function<java.util.Collection<String>, java.util.List<dev.governor.delivery.IncidentTimes>>
      incidentTimes(dev.governor.incident.IncidentEngine incidents) {
    return ids -> ids.stream().distinct()
        .filter(id -> id.matches("#?[1-9][0-9]{0,17}"))
        .flatMap(id -> incidents.get(dev.governor.incident.IncidentId.parse(id)).stream()
            .map(d -> new dev.governor.delivery.IncidentTimes(id, d.incident().openedAt(), d.incident().resolvedAt())))
        .toList();
  }

  private static OptionalInt firingAlerts(Database database) {
    try {
      return OptionalInt.of(database.alerts().firing().size());
    } catch (RuntimeException e) {
      // A scrape must not fail because the database is down; /readyz reports that.
      log.debug("cannot count firing alerts for /metrics", e);
      return OptionalInt.empty();
    }
  }

  /** The port the API listens on; the one picked when the config said 0. */
  public int port() {
    return app.port();
  }

  /**
   * The address and port the server is bound to, as the socket says: {@code 0.0.0.0:8080} when it
   * listens on every interface, where {@link #baseUri} gives an address to connect to.
   */
  public String listening() {
    for (org.eclipse.jetty.server.Connector connector : app.jettyServer().server().getConnectors()) {
      if (connector instanceof org.eclipse.jetty.server.ServerConnector server
          && server.getTransport() instanceof java.nio.channels.ServerSocketChannel channel) {
        try {
          if (channel.getLocalAddress() instanceof java.net.InetSocketAddress bound) {
            java.net.InetAddress address = bound.getAddress();
            if (address.isAnyLocalAddress()) {
              // The JDK binds 0.0.0.0 as :: on a dual-stack machine: every interface either way, in the
              // spelling the operator chose.
              return bracketed(config.bind()) + ":" + bound.getPort() + " (all interfaces)";
            }
            return bracketed(address.getHostAddress()) + ":" + bound.getPort();
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
    throw new IllegalStateException("the HTTP server has no listening socket");
  }

  public URI baseUri() {
    return baseUri(config, port());
  }

  private static String bracketed(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static URI baseUri(ServerConfig config, int port) {
    String host = bracketed(config.bind());
    if (host.equals("0.0.0.0") || host.equals("[::]")) host = "127.0.0.1";
    return URI.create("http://" + host + ":" + port);
  }

  public Evaluator evaluator() {
    return evaluator;
  }

  public ServerConfig config() {
    return config;
  }

  /**
   * The notification outbox and its sender: {@code notifications().enqueue(notification)} delivers
   * at least once; {@code addListener} hears of each one delivered or given up on.
   */
  public NotificationDispatcher notifications() {
    return notifications;
  }

  /**
   * Users, schedules and escalation policies as applied now: who is on call, which policy covers a
   * service, and the pages an incident's escalation has made due (see {@link
   * dev.governor.oncall.OnCallDirectory}).
   */
  public dev.governor.oncall.OnCallDirectory onCall() {
    return onCall;
  }

  /**
   * The incident engine: the {@code SignalIntake} the Alertmanager and PagerDuty routes hand their
   * signals to, and where notification, escalation and automated actions add their listeners.
   */
  public dev.governor.incident.IncidentEngine incidents() {
    return incidents;
  }

  /** What the scheduler runs after each tick, for tests that do not wait for one. */
  dev.governor.incident.GovernorAlertReconciler governorAlerts() {
    return governorAlerts;
  }

  /** For tests that take the database away from under a running server. */
  Database database() {
    return database;
  }

  /** Every registered route as "METHOD /path", for the test that holds the OpenAPI document to them. */
  List<String> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map((ParsedEndpoint e) -> e.endpoint)
        .filter(e -> e.method.isHttpMethod())
        .map(e -> e.method.name() + " " + e.path)
        .toList();
  }

  @Override
  public void close() {
    app.stop();
    puller.close();
    rollbackHook.close();
    notifications.close();
    scheduler.close();
    try {
      // Pushes have stopped and so has the scheduler's flush: the minutes still held would die with the process.
      push.flushAll();
    } catch (RuntimeException e) {
      log.warn("the pushed minutes still pending could not be stored as Governor stopped", e);
    }
    closeQuietly(database, null);
    log.info("Governor stopped");
  }

  /** The configuration {@link #main} runs with. */
  static ServerConfig load(String[] args, Map<String, String> env) {
    Optional<Path> file = Optional.empty();
    Map<String, String> overrides = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--insecure-open")) {
        overrides.put("server.insecureOpen", "true");
        continue;
      }
      if (flag.equals("--token") || flag.startsWith("--token=")) {
        throw new ConfigException("--token is not accepted: a command line is visible to every user"
            + " of the machine (ps); put the tokens in auth.tokens of the config file or in"
            + " GOVERNOR_AUTH_TOKENS");
      }
      if (i + 1 >= args.length) throw new ConfigException("flag " + flag + " needs a value");
      String value = args[++i];
      switch (flag) {
        case "--config" -> file = Optional.of(Path.of(value));
        case "--bind" -> overrides.put("server.bind", value);
        case "--port" -> overrides.put("server.port", value);
        case "--data-dir" -> overrides.put("storage.dataDir", value);
        case "--jdbc-url" -> overrides.put("storage.jdbcUrl", value);
        case "--tick-interval" -> overrides.put("evaluation.tickInterval", value);
        default -> throw new ConfigException("unknown flag " + flag);
      }
    }
    return ServerConfig.load(file, env, overrides);
  }

  private static void closeQuietly(Database database, Throwable primary) {
    try {
      database.close();
    } catch (Exception e) {
      if (primary != null) primary.addSuppressed(e);
      else log.warn("closing the database failed", e);
    }
  }

  /**
   * Runs a server until the process is stopped: {@code [--config FILE] [--bind HOST] [--port N]
   * [--data-dir DIR] [--jdbc-url URL] [--tick-interval 10s] [--insecure-open]}. Tokens come from the config file or
   * {@code GOVERNOR_AUTH_TOKENS}, never from a flag: the command line of a process is visible to
   * every user of the machine ({@code ps}). The CLI's {@code governor serve} is the friendly way;
   * this exists so tests can run the server as a separate process and kill it.
   */
  public static void main(String[] args) {
    GovernorServer server;
    try {
      server = start(load(args, System.getenv()));
    } catch (ConfigException e) {
      System.err.println("governor: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "governor-shutdown"));
    // Tests that start this process read the port from this line.
    System.out.println("governor listening on " + server.baseUri());
    System.out.flush();
  }
}

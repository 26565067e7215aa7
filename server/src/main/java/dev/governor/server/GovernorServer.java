package dev.governor.server;

import dev.governor.incident.SignalIntake;
import dev.governor.server.access.AccessFeature;
import dev.governor.server.backup.BackupFeature;
import dev.governor.server.ui.UiRoutes;
import dev.governor.server.capacity.CapacityFeature;
import dev.governor.server.capacity.SeasonalRegression;
import dev.governor.server.cluster.LeaderRole;
import dev.governor.server.config.ConfigException;
import dev.governor.server.config.ServerConfig;
import dev.governor.server.config.ServerFlags;
import dev.governor.server.delivery.DeliveryFeature;
import dev.governor.server.http.HostCheck;
import dev.governor.server.http.Hosts;
import dev.governor.server.http.JettyErrors;
import dev.governor.server.http.Json;
import dev.governor.server.http.LoadingGate;
import dev.governor.server.http.OpsRoutes;
import dev.governor.server.http.Problems;
import dev.governor.server.http.ReadinessCheck;
import dev.governor.server.http.RequestBodies;
import dev.governor.server.http.ServerMetrics;
import dev.governor.server.incidents.IncidentFeature;
import dev.governor.server.notify.NotificationDispatcher;
import dev.governor.server.slo.SloFeature;
import dev.governor.server.slo.SpecCatalog;
import dev.governor.server.ui.UiFeature;
import dev.governor.slo.Evaluator;
import dev.governor.storage.jdbc.Database;
import io.javalin.Javalin;
import io.javalin.router.ParsedEndpoint;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Governor: the database, the engine, the features (SLOs, delivery, incident response,
 * the web UI) and the HTTP API in front of them. {@link #start} opens the database, builds the
 * features in order, starts the API (which answers 503 until the running sums are loaded), loads
 * the sums and then starts the features' background work; {@link #close} stops taking requests,
 * stops the scheduler, closes the features in reverse order and closes the database.
 */
public final class GovernorServer implements RunningServer {

  private static final Logger log = LoggerFactory.getLogger(GovernorServer.class);

  private final ServerConfig config;
  private final Database database;
  private final Evaluator evaluator;
  private final Javalin app;
  private final EvaluationScheduler scheduler;
  private final List<Feature> features;
  private final IncidentFeature incidentFeature;
  private final CapacityFeature capacityFeature;

  private GovernorServer(ServerConfig config, Database database, Evaluator evaluator, Javalin app,
      EvaluationScheduler scheduler, List<Feature> features, IncidentFeature incidentFeature,
      CapacityFeature capacityFeature) {
    this.config = config;
    this.database = database;
    this.evaluator = evaluator;
    this.app = app;
    this.scheduler = scheduler;
    this.features = features;
    this.incidentFeature = incidentFeature;
    this.capacityFeature = capacityFeature;
  }

  public static GovernorServer start(ServerConfig config) {
    return start(config, InstantSource.system());
  }

  /** With an injected clock, for tests that control time. */
  public static GovernorServer start(ServerConfig config, InstantSource clock) {
    return start(config, clock, UnaryOperator.identity());
  }

  /**
   * With the intake the Alertmanager and PagerDuty routes hand their signals to made from the
   * incident engine: the engine itself, or a recorder in tests of the routes.
   */
  static GovernorServer start(ServerConfig config, InstantSource clock, UnaryOperator<SignalIntake> intakes) {
    return start(config, clock, intakes, Optional.empty());
  }

  /**
   * As the leader of a cluster when {@code leader} is given: its database writes fenced by the
   * leader's term, its pages and hook calls made only while the term may act, and the cluster's
   * route, readiness and metrics served (see {@link dev.governor.server.cluster.ClusterNode}).
   */
  public static GovernorServer start(ServerConfig config, InstantSource clock, UnaryOperator<SignalIntake> intakes,
      Optional<LeaderRole> leader) {
    refuseOpenBeyondLoopback(config);
    Database database = config.jdbcUrl().map(url -> Database.open(url, config.databaseConnectionTimeout()))
        .orElseGet(() -> Database.sqlite(config.dataDir()));
    try {
      leader.ifPresent(role -> role.fence(database));
    } catch (RuntimeException e) {
      closeQuietly(database, e);
      throw e;
    }
    List<Feature> features = new ArrayList<>();
    Javalin app = null;
    EvaluationScheduler scheduler = null;
    try {
      Evaluator evaluator = new Evaluator(database.buckets(), database.alerts(), clock, config.evaluatorSettings(),
          database.instances());
      // Both gauges come from memory: a scrape every 15 s must not cost a database read.
      ServerMetrics metrics = new ServerMetrics(() -> evaluator.catalog().slos().size(),
          () -> OptionalInt.of(evaluator.firingAlerts()));
      metrics.intakeWaits(evaluator::intakeWaitTotals);
      Wiring wiring = new Wiring(config, database, clock, evaluator, new RequestBodies(config.maxRequestBytes()), metrics,
          leader.map(LeaderRole::fencing).orElse(Fencing.ALONE));
      SloFeature slos = new SloFeature(wiring);
      dev.governor.server.composites.CompositeFeature composites = new dev.governor.server.composites.CompositeFeature(wiring);
      slos.specs().deletionGuard(composites::withMember);
      IncidentFeature incidents = new IncidentFeature(wiring, intakes);
      AccessFeature access = new AccessFeature(wiring, incidents::incidents,
          (ctx, model) -> UiRoutes.renderBare(ctx, "login.jte", model),
          (ctx, model) -> UiRoutes.renderBare(ctx, "ack.jte", model));
      incidents.acknowledgeLinks(access.acknowledgeLinks());
      DeliveryFeature delivery = new DeliveryFeature(wiring, incidents);
      CapacityFeature capacity = new CapacityFeature(wiring, new SeasonalRegression(), incidents::incidents);
      features.addAll(List.of(access, slos, incidents, delivery, new BackupFeature(wiring, incidents::incidents), capacity,
          new dev.governor.server.probes.ProbeFeature(wiring, slos.specs(), incidents::incidents),
          new dev.governor.server.status.StatusFeature(wiring, incidents::incidents, incidents::notifications),
          new dev.governor.server.export.ExportFeature(wiring),
          new dev.governor.server.adjustments.AdjustmentFeature(wiring),
          composites,
          new dev.governor.server.reports.ReportFeature(wiring, () -> access.directory().teams()),
          new UiFeature(wiring, slos, delivery, incidents, composites)));
      config.kafka().ifPresent(kafka -> features.add(new dev.governor.server.kafka.KafkaFeature(wiring, kafka)));

      app = http(config, database, evaluator, metrics, features, leader).start(config.bind(), config.port());
      // The API answers from here on: /readyz says 503 and every other route asks to retry until
      // the running sums are loaded, which the store's rollups make a matter of seconds.
      long loadStarted = System.nanoTime();
      evaluator.load(SpecCatalog.resolveStored(database.resources()));
      log.info("loaded the running sums of {} SLOs in {} ms", evaluator.catalog().slos().size(),
          (System.nanoTime() - loadStarted) / 1_000_000);

      scheduler = new EvaluationScheduler(evaluator, config.tickInterval(), metrics);
      Feature.Running running = running(baseUri(config, app.port()), scheduler);
      for (Feature feature : features) feature.start(running);
      GovernorServer server = new GovernorServer(config, database, evaluator, app, scheduler, List.copyOf(features),
          incidents, capacity);
      log.info("Governor listening on {} ({})", server.listening(), config);
      if (!config.authEnabled() && !Hosts.isLoopback(config.bind())) {
        log.warn("Governor is open (no auth.tokens) on {} because server.insecureOpen is set: anyone who"
            + " reaches this address can read and change everything", server.listening());
      }
      return server;
    } catch (RuntimeException e) {
      if (app != null) app.stop();
      if (scheduler != null) scheduler.close();
      for (Feature feature : features.reversed()) {
        try {
          feature.close();
        } catch (RuntimeException closing) {
          e.addSuppressed(closing);
        }
      }
      closeQuietly(database, e);
      throw e;
    }
  }

  private static Feature.Running running(URI baseUri, EvaluationScheduler scheduler) {
    return new Feature.Running() {
      @Override
      public URI baseUri() {
        return baseUri;
      }

      @Override
      public void beforeTick(String name, Runnable step) {
        scheduler.beforeTick(name, step);
      }

      @Override
      public void afterTick(String name, Runnable step) {
        scheduler.afterTick(name, step);
      }

      @Override
      public void sweepAfterTick(String name, Duration every, Runnable step) {
        scheduler.sweepAfterTick(name, every, step);
      }
    };
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

  private static Javalin http(ServerConfig config, Database database, Evaluator evaluator, ServerMetrics metrics,
      List<Feature> features, Optional<LeaderRole> leader) {
    return Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.jsonMapper(Json.javalinMapper());
      cfg.http.maxRequestSize = config.maxRequestBytes();
      cfg.http.prefer405over404 = true;
      // Jetty's own refusals (a %00 in the path) as problems, not its HTML page.
      cfg.jetty.modifyServer(server -> {
        server.setErrorHandler(new JettyErrors());
        // Javalin adds Jetty's low-resource monitor, which wakes every second to look at thread
        // and connection counts and, with its default of no limits, never acts: a cost of an idle
        // server for nothing.
        server.getBeans(org.eclipse.jetty.server.LowResourceMonitor.class).forEach(server::removeBean);
      });
      cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JettyErrors()));
      cfg.requestLogger.http(metrics::recordRequest);
      new Problems(config.maxRequestBytes()).install(cfg.routes);
      // With tokens, every request needs one and the Host stays unchecked; HostCheck says why.
      // Who may call what is the access feature's, installed first among the features.
      if (!config.authEnabled()) cfg.routes.before(new HostCheck(config.response().publicUrl(), config.cluster().advertiseUrl()));
      cfg.routes.beforeMatched(new LoadingGate(evaluator::ready));
      // /readyz answers within a second even when the database hangs; the query itself may take 2s.
      new OpsRoutes(new ReadinessCheck("database", () -> database.ping(Duration.ofSeconds(2)), Duration.ofMillis(800)),
          evaluator::ready, metrics, leader.map(role -> (java.util.function.Supplier<Map<String, Object>>) role::describe))
          .register(cfg.routes);
      if (leader.isPresent()) {
        leader.get().install(cfg, metrics);
      } else {
        cfg.routes.get("/api/v1/cluster", ctx -> ctx.json(Map.of("clustered", false, "role", "alone",
            "detail", config.jdbcUrl().isPresent()
                ? "this server runs on its own, not as a replica (governor serve starts one on PostgreSQL)"
                : "this server runs on its own SQLite database; replicas need PostgreSQL (docs/cluster.md)")));
      }
      for (Feature feature : features) feature.install(cfg);
    });
  }

  /** The port the API listens on; the one picked when the config said 0. */
  @Override
  public int port() {
    return app.port();
  }

  /**
   * The address and port the server is bound to, as the socket says: {@code 0.0.0.0:8080} when it
   * listens on every interface, where {@link #baseUri} gives an address to connect to.
   */
  @Override
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

  @Override
  public URI baseUri() {
    return baseUri(config, port());
  }

  private static String bracketed(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /** An address to connect to a server of {@code config} at, listening on {@code port}. */
  public static URI baseUri(ServerConfig config, int port) {
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
    return incidentFeature.notifications();
  }

  /**
   * Users, schedules and escalation policies as applied now: who is on call, which policy covers a
   * service, and the pages an incident's escalation has made due (see {@link
   * dev.governor.oncall.OnCallDirectory}).
   */
  public dev.governor.oncall.OnCallDirectory onCall() {
    return incidentFeature.onCall();
  }

  /**
   * The incident engine: the {@code SignalIntake} the Alertmanager and PagerDuty routes hand their
   * signals to, and where notification, escalation and automated actions add their listeners.
   */
  public dev.governor.incident.IncidentEngine incidents() {
    return incidentFeature.incidents();
  }

  /**
   * Capacity planning: {@code capacity().refresh()} works out every signal's forecast now, as the
   * hourly schedule does (the demo calls it once its history is written).
   */
  public dev.governor.server.capacity.CapacityPlanner capacity() {
    return capacityFeature.planner();
  }

  /**
   * The public status page: {@code statusPage().refresh()} rebuilds it now, as its schedule does
   * (the demo calls it once it has posted an update).
   */
  public dev.governor.server.status.StatusFeature statusPage() {
    return features.stream().filter(dev.governor.server.status.StatusFeature.class::isInstance)
        .map(dev.governor.server.status.StatusFeature.class::cast).findFirst().orElseThrow();
  }

  /** People and access: accounts, teams and tokens as requests see them (the demo adds its own). */
  public AccessFeature access() {
    return features.stream().filter(AccessFeature.class::isInstance).map(AccessFeature.class::cast).findFirst().orElseThrow();
  }

  /** What the scheduler runs after each tick, for tests that do not wait for one. */
  dev.governor.incident.GovernorAlertReconciler governorAlerts() {
    return incidentFeature.governorAlerts();
  }

  /**
   * The SLI counts as stored, for the demo, which writes hourly history older than the minutes'
   * retention straight to the store: the events API refuses events that old, by design.
   */
  public dev.governor.sli.BucketStore buckets() {
    return database.buckets();
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
    scheduler.close();
    for (Feature feature : features.reversed()) {
      try {
        feature.close();
      } catch (RuntimeException e) {
        log.warn("closing a feature failed; closing the others", e);
      }
    }
    closeQuietly(database, null);
    log.info("Governor stopped");
  }

  /**
   * Runs {@code config}: on PostgreSQL as a replica of the cluster on that database (one alone is a
   * cluster of one), on SQLite as the one process that database has.
   */
  public static RunningServer run(ServerConfig config) {
    if (config.jdbcUrl().filter(url -> url.startsWith("jdbc:postgresql:")).isPresent()) {
      refuseOpenBeyondLoopback(config);
      return dev.governor.server.cluster.ClusterNode.start(config);
    }
    return start(config);
  }

  /** The configuration {@link #main} runs with. */
  static ServerConfig load(String[] args, Map<String, String> env) {
    return ServerFlags.load(args, env);
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
   * Runs a server until the process is stopped, with the flags of {@link ServerFlags}. The CLI's {@code governor serve} is the friendly way;
   * this exists so tests can run the server as a separate process and kill it.
   */
  public static void main(String[] args) {
    RunningServer server;
    try {
      server = run(load(args, System.getenv()));
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

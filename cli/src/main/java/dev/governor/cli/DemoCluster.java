package dev.governor.cli;

import dev.governor.basics.SliName;
import dev.governor.ingest.openslo.CatalogResolver;
import dev.governor.ingest.openslo.ParsedSpecs;
import dev.governor.ingest.openslo.Resolution;
import dev.governor.ingest.openslo.SpecParser;
import dev.governor.sli.IngestOutcome;
import dev.governor.sli.SliEvent;
import dev.governor.sli.SliSink;
import dev.governor.sli.SourceMarks;
import dev.governor.slo.Catalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code governor demo --db}: the demo on a cluster of two replicas, so that killing either
 * during a burn shows the failover: the pages of each escalation step still come, once. This
 * process runs no server. It starts two {@code governor serve} replicas on the PostgreSQL database
 * (ports PORT and PORT+1), and everything it does goes over HTTP to whichever replica answers: the
 * examples, the on-call team, the simulated traffic. The pager that prints the pages runs here, so
 * it outlives a kill of either replica.
 *
 * <p>Less than the demo on SQLite: no backfilled report history, no capacity forecasts refreshed at
 * start, no simulated acknowledgements and no public status updates; those need the server in this
 * process, and the point here is the cluster.
 */
final class DemoCluster {

  private static final Duration STEP = Duration.ofSeconds(5);
  private static final Duration READY_WITHIN = Duration.ofSeconds(90);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One replica: a {@code governor serve} child process on a port of its own. */
  record Replica(String name, int port, Process process, Path log) {
    URI uri() {
      return URI.create("http://127.0.0.1:" + port);
    }
  }

  private final String jdbcUrl;
  private final int port;
  private final Path data;
  private final Path examples;
  private final Duration backfill;
  private final Duration burnEvery;
  private final Duration burnFor;
  private final Optional<String> burnSlo;
  private final Duration escalateAfter;
  private final PrintWriter out;

  DemoCluster(String jdbcUrl, int port, Path data, Path examples, Duration backfill, Duration burnEvery, Duration burnFor,
      Optional<String> burnSlo, Duration escalateAfter, PrintWriter out) {
    this.jdbcUrl = jdbcUrl;
    this.port = port;
    this.data = data;
    this.examples = examples;
    this.backfill = backfill;
    this.burnEvery = burnEvery;
    this.burnFor = burnFor;
    this.burnSlo = burnSlo;
    this.escalateAfter = escalateAfter;
    this.out = out;
  }

  int run() throws Exception {
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new CliFailure("--db must name a PostgreSQL database (jdbc:postgresql://host:port/db?user=...),"
          + " got " + dev.governor.server.config.ServerConfig.redactJdbcUrl(jdbcUrl));
    }
    if (port == 0 || port > 65534) throw new CliFailure("--port with --db must be 1-65534: the replicas use it and the next");
    String token = random(24);
    String adminPassword = random(12);
    DemoPager pager = DemoPager.start(out, java.time.InstantSource.system());
    // Read by the shutdown hook while set-up adds to it.
    List<Replica> replicas = new java.util.concurrent.CopyOnWriteArrayList<>();
    ScheduledExecutorService simulator = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "governor-demo-traffic");
      t.setDaemon(true);
      return t;
    });
    java.util.concurrent.atomic.AtomicReference<DemoSite> shop = new java.util.concurrent.atomic.AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean cleaned = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable cleanUp = () -> {
      if (!cleaned.compareAndSet(false, true)) return;
      simulator.shutdownNow();
      DemoSite site = shop.get();
      if (site != null) site.close();
      stop(replicas);
      pager.close();
    };
    // From the start: a ctrl-C while the demo sets up must not leave its replicas running.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        cleanUp.run();
        System.err.println("governor: stopped the demo and its replicas");
      } finally {
        stopped.countDown();
      }
    }, "governor-shutdown"));
    try {
      for (String name : List.of("demo-a", "demo-b")) {
        replicas.add(start(name, name.equals("demo-a") ? port : port + 1, token));
        // A ctrl-C while it started: the clean-up ran before this one was in the list.
        if (cleaned.get()) stop(replicas);
      }
      for (Replica r : replicas) awaitReady(r);
      Replicas cluster = new Replicas(replicas, token);
      ApiClient client = cluster.client();
      account(client, DemoAccess.ADMIN, "admin", adminPassword);

      shop.set(DemoSite.start(java.time.InstantSource.system()));
      List<SpecFiles.SpecFile> files = DemoExamples.feedable(DemoExamples.find(examples)).feedable();
      List<String> applied = DemoCommand.applyExamples(client, out, files, "/api/v1/slos");
      DemoCommand.applyExamples(client, out, DemoExamples.policies(examples), "/api/v1/policies");
      DemoDeployments.record(client, LocalDate.now(ZoneOffset.UTC));
      Catalog catalog = catalogOf(files);
      List<DemoTraffic.Feed> feeds = DemoTraffic.feedsOf(catalog);
      Optional<SliName> target = DemoTraffic.burnTarget(catalog, burnSlo.map(dev.governor.basics.SloName::of));
      if (burnSlo.isPresent() && target.isEmpty()) throw new CliFailure("--burn-slo " + burnSlo.get() + ": no such SLO among the applied examples");
      Optional<String> service = target.flatMap(t -> catalog.slos().stream()
          .filter(s -> s.indicator().name().equals(t)).findFirst().map(s -> s.service().value()));
      Optional<String> onCallNow = service.flatMap(s -> DemoOnCall.apply(client, pager, s, escalateAfter));

      Instant now = Instant.now();
      DemoTraffic traffic = new DemoTraffic(cluster, feeds, target, now.plus(Duration.ofMinutes(2)), burnEvery, burnFor,
          new Random(), out);
      long backfilled = 0;
      if (!feeds.isEmpty() && backfill.isPositive()) {
        out.println("writing " + DemoTraffic.human(backfill) + " of history for " + feeds.size() + " SLIs through the cluster ...");
        out.flush();
        backfilled = traffic.backfill(now.minus(backfill).truncatedTo(ChronoUnit.MINUTES), now.truncatedTo(ChronoUnit.MINUTES));
      }
      simulator.scheduleAtFixedRate(() -> {
        try {
          traffic.step(Instant.now(), STEP);
        } catch (RuntimeException e) {
          out.println("demo: simulated traffic failed: " + e.getMessage());
          out.flush();
        }
      }, STEP.toMillis(), STEP.toMillis(), TimeUnit.MILLISECONDS);

      banner(replicas, token, adminPassword, applied, feeds, target, backfilled, service, onCallNow);
    } catch (RuntimeException | IOException | InterruptedException e) {
      cleanUp.run();
      throw e;
    }
    stopped.await();
    return GovernorCommand.OK;
  }

  /** {@code governor serve} from this same jar, told everything on its command line and nothing by the caller's environment. */
  private Replica start(String name, int replicaPort, String token) throws IOException {
    Path log = data.resolve(name + ".log");
    Files.createDirectories(data.resolve(name));
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), GovernorCommand.class.getName(),
        "serve", "--db", jdbcUrl, "--port", Integer.toString(replicaPort), "--replica-name", name));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("GOVERNOR_"));
    env.put("GOVERNOR_BIND", "127.0.0.1");
    env.put("GOVERNOR_DATA_DIR", data.resolve(name).toString());
    env.put("GOVERNOR_AUTH_TOKENS", token);
    env.put("GOVERNOR_AUTO_SIGN_IN", DemoAccess.ADMIN);
    env.put("GOVERNOR_INCIDENT_GROUP_WAIT", "10s");
    return new Replica(name, replicaPort, builder.start(), log);
  }

  private static void awaitReady(Replica r) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      if (!r.process().isAlive()) {
        throw new CliFailure("replica " + r.name() + " stopped as it started; its log: " + r.log() + "\n" + tail(r.log()));
      }
      try {
        if (http.send(HttpRequest.newBuilder(r.uri().resolve("/readyz")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(200);
    }
    throw new CliFailure("replica " + r.name() + " was not ready within " + DemoTraffic.human(READY_WITHIN) + "; its log: " + r.log());
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private static void stop(List<Replica> replicas) {
    replicas.forEach(r -> r.process().destroy());
    for (Replica r : replicas) {
      try {
        if (!r.process().waitFor(30, TimeUnit.SECONDS)) r.process().destroyForcibly();
      } catch (InterruptedException e) {
        r.process().destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The admin a browser on 127.0.0.1 is signed in as, with a fresh password each start. */
  private static void account(ApiClient client, String name, String role, String password) {
    ObjectNode body = ApiClient.JSON.createObjectNode().put("name", name).put("role", role).put("password", password);
    ApiResponse created = client.post("/api/v1/accounts", "application/json", body.toString());
    if (created.status() == 409) {
      created = client.put("/api/v1/accounts/" + name + "/password", "application/json",
          ApiClient.JSON.createObjectNode().put("password", password).toString());
    }
    if (!created.ok()) throw new CliFailure("the demo could not set up its " + name + " account: HTTP " + created.status());
  }

  /** The SLOs of the applied files, resolved here as the server resolves them, for the traffic's feeds. */
  static Catalog catalogOf(List<SpecFiles.SpecFile> files) {
    List<dev.governor.ingest.openslo.ResourceDocument> documents = new ArrayList<>();
    for (SpecFiles.SpecFile f : files) {
      ParsedSpecs parsed = SpecParser.parse(f.name(), f.text());
      if (parsed.isValid()) documents.addAll(parsed.documents());
    }
    return switch (CatalogResolver.resolve(documents)) {
      case Resolution.Resolved(var catalog) -> catalog;
      case Resolution.Invalid invalid -> throw new CliFailure("the examples do not resolve: " + invalid.problems());
    };
  }

  private void banner(List<Replica> replicas, String token, String adminPassword, List<String> applied,
      List<DemoTraffic.Feed> feeds, Optional<SliName> target, long backfilled, Optional<String> service,
      Optional<String> onCallNow) {
    out.println();
    out.println("Governor demo is running on a cluster of two replicas on PostgreSQL");
    out.println();
    for (Replica r : replicas) {
      out.println("  " + r.name() + ": " + r.uri() + "  (pid " + r.process().pid() + ", log " + r.log() + ")");
    }
    out.println("  Either answers every request: a follower forwards to the leader. Who leads: " + replicas.getFirst().uri()
        + "/api/v1/cluster");
    out.println("  A browser on 127.0.0.1 is signed in as " + DemoAccess.ADMIN + " (password " + adminPassword + ")");
    applied.forEach(a -> out.println("  Applied " + a));
    if (backfilled > 0) out.println("  Backfilled " + backfilled + " events of history");
    if (!feeds.isEmpty()) {
      out.println("  Simulated traffic every " + DemoTraffic.human(STEP) + " for " + feeds.stream().map(f -> f.sli().value()).toList()
          + ", sent to whichever replica answers");
    }
    target.filter(t -> !burnFor.isZero()).ifPresent(t -> out.println("  A fast burn on " + t + " starts in 2m and every "
        + DemoTraffic.human(burnEvery) + ", lasts " + DemoTraffic.human(burnFor) + ": a page alert fires, then resolves"));
    service.ifPresent(s -> {
      out.println();
      out.println("A burn of " + target.orElseThrow() + " (service " + s + ") pages whoever is on call in " + DemoOnCall.SCHEDULE
          + " (now " + onCallNow.orElse("nobody") + ") here, in the PAGE lines, and " + DemoOnCall.LEAD + " after "
          + DemoTraffic.human(escalateAfter) + " if nobody acknowledged.");
      out.println("Kill either replica during a burn (kill -9 <pid>): the other leads within about seven seconds, and each");
      out.println("escalation step still pages once. Bring a killed one back as a third replica, say:");
      out.println("  GOVERNOR_AUTH_TOKENS=" + token + " ./governor serve --db '" + jdbcUrl + "' --port " + (port + 2)
          + " --replica-name demo-c");
    });
    out.println();
    out.println("Try (the token is the demo's, new each start):");
    out.println("  export GOVERNOR_TOKEN=" + token);
    out.println("  ./governor slo status --server " + replicas.get(1).uri());
    out.println("  curl -s " + replicas.getFirst().uri() + "/api/v1/cluster");
    out.println();
    out.println("Stop with ctrl-C: it stops both replicas.");
    out.flush();
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /**
   * The replicas as one place to send to: an API client and an events sink that take the first
   * replica answering, and during a failover try the next for up to 30 s, as a client behind a load
   * balancer would, but only where nothing was written: a refused connection or a 503. A 502 or an
   * answer lost after sending may mean the batch counted, so that batch is given up, not sent twice.
   */
  static final class Replicas implements SliSink {
    private static final Duration KEEP_TRYING = Duration.ofSeconds(30);

    private final List<Replica> replicas;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int preferred;

    Replicas(List<Replica> replicas, String token) {
      this.replicas = List.copyOf(replicas);
      this.token = token;
    }

    /** A client of the first replica that answers now; set-up runs before anyone kills one. */
    ApiClient client() {
      return new ApiClient(replicas.get(preferred).uri(), Optional.of(token));
    }

    @Override
    public IngestOutcome ingest(List<SliEvent> events, Source source, SourceMarks marks) {
      byte[] body = encode(events);
      long deadline = System.nanoTime() + KEEP_TRYING.toNanos();
      String last = "no replica tried";
      while (System.nanoTime() < deadline) {
        Replica r = replicas.get(preferred);
        try {
          HttpResponse<String> answer = http.send(HttpRequest.newBuilder(r.uri().resolve("/api/v1/events"))
              .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
              HttpResponse.BodyHandlers.ofString());
          if (answer.statusCode() == 200) {
            JsonNode accepted = ApiClient.JSON.readTree(answer.body());
            return new IngestOutcome.Accepted(accepted.path("accepted").asInt(events.size()), accepted.path("buckets").asInt(0));
          }
          if (answer.statusCode() == 400) {
            return new IngestOutcome.Rejected(List.of(new IngestOutcome.EventProblem(-1, "", answer.body())));
          }
          if (answer.statusCode() != 503) {
            throw new IllegalStateException(r.name() + " answered " + answer.statusCode() + " to " + events.size()
                + " events; not sent again, they may have counted: " + answer.body());
          }
          last = r.name() + " answered 503: no replica leads right now";
        } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
          last = r.name() + ": no connection";
        } catch (IOException e) {
          throw new IllegalStateException("the answer of " + r.name() + " to " + events.size()
              + " events was lost; not sent again, they may have counted: " + e, e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while sending events", e);
        }
        preferred = (preferred + 1) % replicas.size();
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while sending events", e);
        }
      }
      throw new IllegalStateException("no replica took " + events.size() + " events for " + KEEP_TRYING.toSeconds()
          + " s; the last: " + last);
    }

    /** The events API keeps no marks: every batch it is sent stands alone. */
    @Override
    public Map<String, String> marks(String source) {
      return Map.of();
    }

    /** The events API's JSON for {@code events}. */
    static byte[] encode(List<SliEvent> events) {
      ObjectNode root = ApiClient.JSON.createObjectNode();
      var array = root.putArray("events");
      for (SliEvent e : events) {
        ObjectNode o = array.addObject();
        switch (e) {
          case SliEvent.Counts c -> {
            o.put("sli", c.sli().value()).put("time", c.time().toString())
                .put("good", c.counts().good()).put("total", c.counts().total());
            c.version().ifPresent(v -> o.put("version", v));
            if (!c.labels().isEmpty()) c.labels().forEach(o.putObject("labels")::put);
          }
          case SliEvent.Value v -> {
            o.put("sli", v.sli().value()).put("time", v.time().toString()).put("value", v.value())
                .put("count", v.count());
            v.version().ifPresent(ver -> o.put("version", ver));
            if (!v.labels().isEmpty()) v.labels().forEach(o.putObject("labels")::put);
          }
        }
      }
      return ApiClient.JSON.writeValueAsBytes(root);
    }
  }
}

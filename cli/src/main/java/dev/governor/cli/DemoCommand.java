package dev.governor.cli;

import dev.governor.server.GovernorServer;
import dev.governor.server.config.ServerConfig;
import dev.governor.slo.Catalog;
import dev.governor.basics.SliName;
import dev.governor.slo.Slo;
import dev.governor.basics.SloName;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code governor demo}: a server on 127.0.0.1 with the examples applied, some history and live
 * traffic with regular fast burns, so a newcomer sees budgets move and a page alert fire and resolve
 * without wiring anything. It ignores GOVERNOR_* variables and config files on purpose: the demo must
 * not pick up a production token or database from the environment.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
        "Run a self-contained demo: a server on 127.0.0.1 without a token, examples/demo/*.yaml and",
        "the examples/*.yaml fed by Governor events applied (those reading Prometheus are skipped),",
        "the error-budget policies of examples/policies, four weeks of deployments for the DORA page,",
        "days of backfilled history and live simulated traffic",
        "with a fast burn every --burn-every that fires a page alert. Open the printed URL for the",
        "web UI. Stop it with ctrl-C; the data stays in --data-dir."
    })
final class DemoCommand implements Callable<Integer> {

  private static final Duration STEP = Duration.ofSeconds(5);
  private static final String STATE_FILE = "demo-state.properties";

  @Spec
  CommandSpec spec;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "TCP port (default 8080; 0 picks a free one).")
  int port;

  @Option(names = "--data-dir", defaultValue = "data/demo", paramLabel = "DIR",
      description = "Where the demo's SQLite database lives (default ./data/demo). Delete it to start over.")
  Path dataDir;

  @Option(names = "--examples", defaultValue = "examples", paramLabel = "DIR",
      description = "Spec files to apply (default ./examples, else the copies bundled in the jar).")
  Path examples;

  @Option(names = "--backfill", defaultValue = "28d", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "History to write on first start (default 28d, the examples' window; 0s for none).")
  Duration backfill;

  @Option(names = "--burn-every", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Time between the starts of two fast burns (default 10m).")
  Duration burnEvery;

  // 4 of 10 minutes: the page rule's 5-minute window must see more than 5 quiet minutes between
  // two burns, or the alert never resolves.
  @Option(names = "--burn-for", defaultValue = "4m", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "How long each fast burn lasts (default 4m; 0s for none). Leave more than 5m "
          + "between burns, or the page alert has no time to resolve.")
  Duration burnFor;

  @Option(names = "--burn-slo", paramLabel = "NAME",
      description = "The SLO whose SLI burns (default: the Governor-fed SLO with the strictest target).")
  String burnSlo;

  @Option(names = "--escalate-after", defaultValue = "2m", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "How long a page waits for an acknowledgement before the team lead is paged too, in whole"
          + " minutes (default 2m).")
  Duration escalateAfter;

  @Option(names = "--db", paramLabel = "JDBC_URL",
      description = {"Run the demo on a cluster: two replicas (governor serve on PORT and PORT+1) on this",
          "PostgreSQL database, so that either can be killed during a burn. Without it the demo runs alone on SQLite."})
  String jdbcUrl;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!burnEvery.isPositive() || burnFor.isNegative() || burnFor.compareTo(burnEvery) >= 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--burn-for must be shorter than --burn-every, got " + DemoTraffic.human(burnFor)
              + " and " + DemoTraffic.human(burnEvery));
    }
    if (escalateAfter.compareTo(Duration.ofMinutes(1)) < 0 || escalateAfter.toSeconds() % 60 != 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--escalate-after must be whole minutes, at least 1m (an escalation policy's steps are), got "
              + DemoTraffic.human(escalateAfter));
    }
    Path data = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(data);
    } catch (IOException e) {
      throw new CliFailure("cannot create the data directory " + data + ": " + e.getMessage(), e);
    }
    if (jdbcUrl != null) {
      // A cluster's history lives in PostgreSQL; unless asked, a day of it is enough to start with.
      Duration history = spec.commandLine().getParseResult().hasMatchedOption("--backfill") ? backfill : Duration.ofDays(1);
      return new DemoCluster(jdbcUrl, port, data, examples, history, burnEvery, burnFor, Optional.ofNullable(burnSlo),
          escalateAfter, out).run();
    }
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("server.bind", "127.0.0.1");
    overrides.put("server.port", Integer.toString(port));
    overrides.put("storage.dataDir", data.toString());
    overrides.put("storage.jdbcUrl", "");
    overrides.put("auth.tokens", "");
    // A browser on the demo is signed in as admin; sign out to try the viewer, who only reads.
    overrides.put("auth.autoSignIn", DemoAccess.ADMIN);
    // The page alert fires about two thirds into a burn; with the default 30s group wait the page
    // would often arrive after a short burn ended. The demo has one alert per burn, nothing to group.
    overrides.put("incidents.groupWait", "10s");
    GovernorServer server = ServeCommand.start(ServerConfig.load(Optional.empty(), Map.of(), overrides), GovernorServer::start);
    Runnable stopTraffic = () -> {};
    DemoPager pager = DemoPager.start(out, java.time.InstantSource.system());
    DemoSite shop = null;
    try {
      shop = DemoSite.start(java.time.InstantSource.system());
      DemoAccess access = DemoAccess.setUp(server);
      ApiClient client = new ApiClient(server.baseUri(), Optional.of(access.token()));
      List<String> probes = applyProbes(client, out, shop);
      List<String> applied = applyExamples(server, client, out);
      List<String> policies = applyPolicies(client, out);
      List<String> capacity = applyCapacity(client, out);
      List<String> statusPage = applyExamples(client, out, DemoExamples.status(examples), "/api/v1/status/page");
      String statusUrl = server.baseUri().toString().replaceAll("/+$", "") + server.config().status().path();
      Optional<DemoStatusUpdates> publicUpdates = statusPage.isEmpty() ? Optional.empty()
          : Optional.of(new DemoStatusUpdates(client, out, statusUrl));
      publicUpdates.ifPresent(server.incidents()::addListener);
      DemoDeployments.Recorded deployed = DemoDeployments.record(client, LocalDate.now(ZoneOffset.UTC));
      Catalog catalog = server.evaluator().catalog();
      List<DemoTraffic.Feed> feeds = DemoTraffic.feedsOf(catalog);
      Optional<SliName> target = DemoTraffic.burnTarget(catalog, Optional.ofNullable(burnSlo).map(SloName::of));
      if (burnSlo != null && target.isEmpty()) {
        throw new CliFailure("--burn-slo " + burnSlo + ": no such SLO among the applied examples");
      }
      String serverFlag = port == 8080 ? "" : " --server " + server.baseUri().toString().replaceAll("/+$", "");
      Optional<String> service = target.flatMap(t -> catalog.slos().stream()
          .filter(s -> s.indicator().name().equals(t)).findFirst().map(s -> s.service().value()));
      Optional<String> onCallNow = service.flatMap(s -> DemoOnCall.apply(client, pager, s, escalateAfter));
      Optional<DemoIncidents> incidents = service.map(s -> new DemoIncidents(client, s, serverFlag, out));
      incidents.ifPresent(server.incidents()::addListener);
      Instant now = Instant.now();
      DemoTraffic traffic = new DemoTraffic(server.evaluator(), feeds, target,
          now.plus(Duration.ofMinutes(2)), burnEvery, burnFor, new Random(), out);

      Instant fedUntil = readFedUntil(data).orElse(Instant.MIN);
      Instant from = now.minus(backfill).isAfter(fedUntil) ? now.minus(backfill) : fedUntil;
      long backfilled = 0;
      if (!feeds.isEmpty() && from.isBefore(now.truncatedTo(ChronoUnit.MINUTES))) {
        out.println("writing history since " + from.truncatedTo(ChronoUnit.MINUTES) + " for "
            + feeds.size() + " SLIs ...");
        out.flush();
        backfilled = traffic.backfill(from, now.truncatedTo(ChronoUnit.MINUTES));
      }
      // On a first start only: last month's report and its trend need history the minutes no longer hold.
      if (!feeds.isEmpty() && fedUntil.equals(Instant.MIN) && backfill.isPositive()) {
        DemoReportHistory.write(server.buckets(), catalog, now, now.minus(backfill));
      }
      // After the history is written: applying a composite works its minutes out from its members' in one pass.
      List<String> composites = applyExamples(client, out, DemoExamples.composites(examples), "/api/v1/composites");
      List<String> adjustments = applyExamples(client, out, DemoExamples.adjustments(examples), "/api/v1/adjustments");
      // Last week's maintenance is in the history only when this run wrote it.
      dev.governor.basics.TimeRange maintenance = DemoTraffic.maintenanceLastWeek(now.truncatedTo(ChronoUnit.MINUTES));
      Optional<Slo> maintained = target.flatMap(t -> catalog.slos().stream()
          .filter(s -> s.indicator().name().equals(t)).findFirst());
      if (backfilled > 0 && !from.isAfter(maintenance.start()) && maintained.isPresent()) {
        adjustments.addAll(applyExamples(client, out, List.of(new SpecFiles.SpecFile("(demo) maintenance.yaml",
            maintenanceAdjustment(maintained.get(), maintenance))), "/api/v1/adjustments"));
      }
      // The forecasts ran when the signals were applied, before there was history; once more now.
      var outlooks = capacity.isEmpty() ? java.util.Map.<String, dev.governor.server.capacity.CapacityOutlook>of()
          : server.capacity().refresh();

      ScheduledExecutorService simulator = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "governor-demo-traffic");
        t.setDaemon(true);
        return t;
      });
      simulator.scheduleAtFixedRate(() -> {
        try {
          Instant at = Instant.now();
          traffic.step(at, STEP);
          incidents.ifPresent(i -> i.step(at, traffic));
          publicUpdates.ifPresent(DemoStatusUpdates::step);
          writeFedUntil(data, at);
        } catch (RuntimeException e) {
          // An exception would cancel the schedule silently; report it and keep the demo going.
          out.println("demo: simulated traffic failed: " + e);
          out.flush();
        }
      }, STEP.toMillis(), STEP.toMillis(), TimeUnit.MILLISECONDS);
      DemoSite site = shop;
      stopTraffic = () -> {
        site.close();
        simulator.shutdown();
        try {
          simulator.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        pager.close();
      };

      List<String> synthetic = new ArrayList<>();
      if (!probes.isEmpty()) {
        synthetic.add("  Probes " + String.join(", ", probes) + " check the demo shop at http://" + shop.address()
            + "/, which breaks for " + DemoTraffic.human(DemoSite.OUTAGE) + " every " + DemoTraffic.human(DemoSite.CYCLE)
            + " (next at " + shop.nextOutage().truncatedTo(ChronoUnit.SECONDS) + "): three failed runs open an incident;"
            + " " + server.baseUri().toString().replaceAll("/+$", "") + "/probes");
      }
      if (!composites.isEmpty()) {
        synthetic.add("  Composite SLO " + String.join(", ", composites) + ": a user journey over several SLOs, with its"
            + " own budget and alerts; " + server.baseUri().toString().replaceAll("/+$", "") + "/slos/" + composites.getFirst());
      }
      if (!adjustments.isEmpty()) {
        synthetic.add("  Budget adjustments " + String.join(", ", adjustments) + " leave maintenance out of the budgets"
            + maintained.filter(s -> adjustments.stream().anyMatch(a -> a.startsWith("maintenance-")))
                .map(s -> " (last week's is shaded on " + server.baseUri().toString().replaceAll("/+$", "") + "/slos/"
                    + s.name() + "?range=window)").orElse("")
            + "; " + server.baseUri().toString().replaceAll("/+$", "") + "/adjustments");
      }
      if (!statusPage.isEmpty()) {
        server.statusPage().refresh();
        synthetic.add("  Public status page (no sign-in, nothing internal on it): " + statusUrl
            + "; each shop outage posts a public update there");
      }
      banner(out, server, access, data, applied, policies, outlooks, deployed, feeds, target, backfilled,
          service.map(s -> paging(server, s, onCallNow, serverFlag)).orElse(List.of()), synthetic);
    } catch (RuntimeException e) {
      if (shop != null) shop.close();
      stopTraffic.run();
      pager.close();
      server.close();
      throw e;
    }
    ServerLifetime.runUntilShutdown(server, stopTraffic);
    return GovernorCommand.OK;
  }

  /**
   * Applies the example capacity signals that forecast an SLI's traffic, as `governor capacity
   * apply` does; those that read PromQL are left out, since the demo runs no Prometheus.
   */
  private List<String> applyCapacity(ApiClient client, PrintWriter out) {
    List<SpecFiles.SpecFile> fedByTheDemo = DemoExamples.capacity(examples).stream().filter(f -> {
      var parsed = dev.governor.ingest.capacity.CapacitySignalReader.parse(f.name(), f.text());
      return !(parsed.isValid() && parsed.documents().stream()
          .anyMatch(d -> d.signal().source() instanceof dev.governor.capacity.CapacitySignal.PromQuery));
    }).toList();
    return applyExamples(client, out, fedByTheDemo, "/api/v1/capacity/signals");
  }

  /** One capacity signal's outlook in a line: when it crosses its limit and how far the forecast is trusted. */
  static String capacityLine(dev.governor.server.capacity.CapacityOutlook o) {
    return switch (o.outcome()) {
      case dev.governor.server.capacity.CapacityOutlook.Forecasted f -> o.name() + " "
          + f.crossing().map(c -> "crosses its limit about " + c.at().toString().substring(0, 10) + " (between "
              + c.earliest().toString().substring(0, 10) + " and "
              + c.latest().map(l -> l.toString().substring(0, 10)).orElse("later") + ")")
              .orElse("does not cross its limit within 90 days")
          + String.format(java.util.Locale.ROOT, ", backtest error %.1f %% (MAPE) on the last week",
              f.backtestMape() * 100);
      case dev.governor.server.capacity.CapacityOutlook.Refused r -> o.name() + ": no forecast, " + r.reason();
      case dev.governor.server.capacity.CapacityOutlook.Failed f -> o.name() + ": " + f.reason();
    };
  }

  /**
   * Applies the example probes, as `governor probe apply` does, pointed at the demo shop wherever
   * it listens (the examples name its usual port).
   */
  private List<String> applyProbes(ApiClient client, PrintWriter out, DemoSite shop) {
    List<SpecFiles.SpecFile> files = DemoExamples.probes(examples).stream()
        .map(f -> new SpecFiles.SpecFile(f.name(), f.text().replace("127.0.0.1:" + DemoSite.PORT, shop.address())
            .replace("port: " + DemoSite.PORT, "port: " + shop.address().substring(shop.address().indexOf(':') + 1))))
        .toList();
    return applyExamples(client, out, files, "/api/v1/probes");
  }

  /**
   * A budget adjustment over last week's maintenance, named by its date so that a later run's
   * adjustment leaves an earlier one's in place.
   */
  static String maintenanceAdjustment(Slo slo, dev.governor.basics.TimeRange maintenance) {
    String day = maintenance.start().toString().substring(0, 10);
    return "apiVersion: governor.dev/v1\n"
        + "kind: BudgetAdjustment\n"
        + "metadata:\n"
        + "  name: maintenance-" + day + "\n"
        + "spec:\n"
        + "  reason: Planned database maintenance (CHG-2291); " + slo.service() + " served its maintenance page\n"
        + "  slos: [" + slo.name() + "]\n"
        + "  start: " + maintenance.start() + "\n"
        + "  duration: " + maintenance.length().toMinutes() + "m\n";
  }

  /** Applies the example policies through the HTTP API, as `governor policy apply` does. */
  private List<String> applyPolicies(ApiClient client, PrintWriter out) {
    return applyExamples(client, out, DemoExamples.policies(examples), "/api/v1/policies");
  }

  /** Posts each file to {@code route}; a refusal is printed and the demo goes on without it. */
  static List<String> applyExamples(ApiClient client, PrintWriter out, List<SpecFiles.SpecFile> files,
      String route) {
    List<String> applied = new ArrayList<>();
    for (SpecFiles.SpecFile f : files) {
      ApiResponse r = client.post(route + "?file=" + UrlPath.query(f.name()), "application/yaml", f.text());
      if (!r.ok()) {
        out.println("demo: could not apply " + f.name() + ":");
        Problems.describe(r, f.name()).forEach(l -> out.println("  " + l));
        continue;
      }
      for (JsonNode a : r.body().path("applied")) applied.add(Json.text(a, "name").orElse("?"));
    }
    return applied;
  }

  /** Applies each example through the HTTP API, the same path `governor slo apply` takes. */
  private List<String> applyExamples(GovernorServer server, ApiClient client, PrintWriter out) {
    List<SpecFiles.SpecFile> found = DemoExamples.find(examples);
    if (found.isEmpty()) {
      out.println("demo: no examples found (neither " + examples.toAbsolutePath()
          + " nor bundled ones); the server starts empty");
    }
    DemoExamples.Selection selection = DemoExamples.feedable(found);
    if (!selection.skipped().isEmpty()) {
      out.println("demo: skipped " + String.join(", ", selection.skipped()) + ": " + selection.reason());
    }
    List<SpecFiles.SpecFile> files = selection.feedable();
    List<String> applied = new ArrayList<>();
    for (SpecFiles.SpecFile f : files) {
      ApiResponse r = client.post("/api/v1/slos?file=" + UrlPath.query(f.name()), "application/yaml", f.text());
      if (!r.ok()) {
        out.println("demo: could not apply " + f.name() + ":");
        Problems.describe(r, f.name()).forEach(l -> out.println("  " + l));
        continue;
      }
      List<String> names = new ArrayList<>();
      for (JsonNode a : r.body().path("applied")) {
        names.add(Json.text(a, "kind").orElse("?") + " " + Json.text(a, "name").orElse("?"));
      }
      applied.add(f.name() + " (" + String.join(", ", names) + ")");
    }
    // A data directory from an older demo may still hold SLOs that no simulated traffic (or probe) feeds.
    for (Slo slo : server.evaluator().catalog().slos()) {
      if (!slo.indicator().isPushedToGovernor()
          && !slo.indicator().metric().sources().stream().allMatch(DemoExamples::isProbe)) {
        ApiResponse r = client.delete("/api/v1/slos/" + UrlPath.segment(slo.name().value()));
        out.println(r.ok()
            ? "demo: deleted SLO " + slo.name() + " left by an earlier demo: nothing feeds its SLI"
            : "demo: could not delete SLO " + slo.name() + " (HTTP " + r.status() + ")");
      }
    }
    return applied;
  }

  private void banner(PrintWriter out, GovernorServer server, DemoAccess access, Path data, List<String> applied, List<String> policies,
      java.util.Map<String, dev.governor.server.capacity.CapacityOutlook> capacity, DemoDeployments.Recorded deployed, List<DemoTraffic.Feed> feeds, Optional<SliName> target, long backfilled,
      List<String> paging, List<String> synthetic) {
    String url = server.baseUri().toString().replaceAll("/+$", "");
    String serverFlag = port == 8080 ? "" : " --server " + url;
    String sli = feeds.isEmpty() ? "checkout-availability" : feeds.getFirst().sli().value();
    out.println();
    out.println("Governor demo is running at " + url);
    out.println();
    out.println("  Open " + url + "/ in a browser: the SLO dashboard, budgets, burn rates and alerts.");
    out.println("  A browser is signed in as " + DemoAccess.ADMIN + " (admin) without a password, on 127.0.0.1 only."
        + " Sign out to try " + DemoAccess.VIEWER + ", who only reads:");
    out.println("    " + DemoAccess.VIEWER + " / " + access.viewerPassword() + "    " + DemoAccess.ADMIN + " / "
        + access.adminPassword() + "    (new passwords each start)");
    out.println("  Data: " + data + " (delete it to start over)");
    applied.forEach(a -> out.println("  Applied " + a));
    if (!policies.isEmpty()) {
      out.println("  Applied error-budget policies " + String.join(", ", policies) + " (the deploy gate judges by them)");
      out.println("  Services no policy names are judged by the default policy: blocked while an SLO is out of budget");
    }
    capacity.values().forEach(o -> out.println("  Capacity: " + capacityLine(o) + "; " + url + "/capacity"));
    synthetic.forEach(out::println);
    out.println("  Deployments of checkout, catalog and identity over the last " + DemoDeployments.DAYS + " days: "
        + deployed.created() + " recorded" + (deployed.existing() > 0 ? ", " + deployed.existing() + " there already" : "")
        + "; DORA metrics at " + url + "/dora");
    out.println("  SLO report of this month (last month's and the trend come from hourly history): " + url + "/reports/slo");
    if (backfilled > 0) {
      out.println("  Backfilled " + backfilled + " events of history");
    }
    if (!feeds.isEmpty()) {
      out.println("  Simulated traffic every " + DemoTraffic.human(STEP) + " for "
          + feeds.stream().map(f -> f.sli().value()).toList());
    }
    target.filter(t -> !burnFor.isZero()).ifPresent(t -> out.println("  A fast burn on " + t + " starts in 2m and every "
        + DemoTraffic.human(burnEvery) + ", lasts " + DemoTraffic.human(burnFor)
        + ": a page alert fires, then resolves"));
    if (!paging.isEmpty()) {
      out.println();
      paging.forEach(out::println);
    }
    out.println();
    out.println("Try (the token is the demo's admin service account, new each start):");
    out.println("  export GOVERNOR_TOKEN=" + access.token());
    out.println("  ./governor slo status" + serverFlag);
    out.println("  ./governor alerts" + serverFlag + " --state firing");
    out.println("  ./governor dora" + serverFlag);
    out.println("  ./governor report slo --period " + java.time.YearMonth.now(ZoneOffset.UTC).minusMonths(1) + serverFlag);
    out.println("  ./governor gate check --service checkout --environment production --preview" + serverFlag);
    out.println("  ./governor user" + serverFlag);
    out.println("  curl -s -H \"Authorization: Bearer $GOVERNOR_TOKEN\" " + url + "/api/v1/status");
    out.println("  curl -s -X POST " + url + "/api/v1/events -H \"Authorization: Bearer $GOVERNOR_TOKEN\" \\");
    out.println("    -H 'Content-Type: application/json' \\");
    out.println("    -d '{\"events\":[{\"sli\":\"" + sli + "\",\"good\":998,\"total\":1000}]}'");
    out.println();
    out.println("Stop with ctrl-C.");
    out.flush();
  }

  private List<String> paging(GovernorServer server, String service, Optional<String> onCallNow,
      String serverFlag) {
    String url = server.baseUri().toString().replaceAll("/+$", "");
    return List.of(
        "A fast burn pages the on-call person here (the PAGE lines), each with a one-click link that",
        "acknowledges as them; or press Acknowledge on " + url + "/incidents, or (with GOVERNOR_TOKEN):",
        "  ./governor incident ack <id> --by " + onCallNow.orElse("<you>") + serverFlag,
        "Escalation policy " + DemoOnCall.POLICY + " covers " + service + ": whoever is on call in schedule "
            + DemoOnCall.SCHEDULE + " (now " + onCallNow.orElse("nobody") + "), then " + DemoOnCall.LEAD + " after "
            + DemoTraffic.human(escalateAfter) + " if nobody acknowledged.",
        "A release of " + service + " goes live a minute before each burn; once the incident resolves, its",
        "postmortem draft names it as the suspect and shows what the burn cost the SLO's budget.");
  }

  /** Where the last run stopped feeding, so a restart fills the gap instead of doubling history. */
  private static Optional<Instant> readFedUntil(Path data) {
    Path file = data.resolve(STATE_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
      return Optional.ofNullable(p.getProperty("fedUntil")).map(Instant::parse);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void writeFedUntil(Path data, Instant at) {
    Properties p = new Properties();
    p.setProperty("fedUntil", at.toString());
    Path tmp = data.resolve(STATE_FILE + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp)) {
      p.store(w, "governor demo: simulated traffic was written up to this instant");
    } catch (IOException e) {
      return;
    }
    try {
      Files.move(tmp, data.resolve(STATE_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // Losing the marker only means the next start may backfill a little twice; not worth failing.
    }
  }
}

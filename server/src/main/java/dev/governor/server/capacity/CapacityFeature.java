package dev.governor.server.capacity;

import dev.governor.basics.Names;
import dev.governor.basics.SliName;
import dev.governor.capacity.CapacitySignal;
import dev.governor.capacity.StoredCapacitySignal;
import dev.governor.incident.SignalIntake;
import dev.governor.ingest.capacity.CapacitySignalReader;
import dev.governor.prometheus.promql.PrometheusClient;
import dev.governor.server.Feature;
import dev.governor.server.Wiring;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.RequestBodies;
import dev.governor.slo.SpecProblem;
import dev.governor.text.Durations;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capacity planning: {@code governor.dev/v1 CapacitySignal} documents applied over the API, their
 * forecasts worked out hourly (and after each change) on a thread of their own, read from
 * {@code /api/v1/capacity}; and any SLI's traffic forecast on request.
 */
public final class CapacityFeature implements Feature {

  private static final Logger log = LoggerFactory.getLogger(CapacityFeature.class);

  static final List<String> YAML = List.of("application/yaml", "application/x-yaml", "text/yaml");

  /** How often the forecasts are worked out again: hourly values change once an hour. */
  static final Duration REFRESH = Duration.ofHours(1);

  private final Wiring wiring;
  private final CapacityPlanner planner;
  private ScheduledExecutorService refreshes;

  public CapacityFeature(Wiring wiring, ForecastModel model, Supplier<SignalIntake> incidents) {
    this.wiring = wiring;
    this.planner = new CapacityPlanner(wiring.database().capacitySignals(), wiring.database().buckets(),
        wiring.evaluator()::catalog, wiring.clock(), model, new PrometheusClient(), System::getenv, incidents);
  }

  public CapacityPlanner planner() {
    return planner;
  }

  @Override
  public void install(JavalinConfig cfg) {
    cfg.routes.post("/api/v1/capacity/signals", this::apply);
    cfg.routes.get("/api/v1/capacity/signals", this::listSignals);
    cfg.routes.delete("/api/v1/capacity/signals/{name}", this::delete);
    cfg.routes.get("/api/v1/capacity", this::list);
    cfg.routes.get("/api/v1/capacity/slis/{sli}", this::sli);
    cfg.routes.get("/api/v1/capacity/{name}", this::one);
    dev.governor.server.ui.CapacityPage.register(cfg.routes, planner);
  }

  @Override
  public void start(Running running) {
    refreshes = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("governor-capacity").daemon().factory());
    refreshes.scheduleWithFixedDelay(this::refreshGuarded, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    if (refreshes == null) return;
    refreshes.shutdownNow();
    try {
      // The database closes after the features: a refresh must not be left reading from it.
      if (!refreshes.awaitTermination(10, TimeUnit.SECONDS)) log.warn("a capacity refresh did not stop within 10 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void refreshGuarded() {
    try {
      planner.refresh();
    } catch (RuntimeException e) {
      // The schedule must outlive one failure, or forecasts would silently stop ageing.
      log.error("working out the capacity forecasts failed; tried again in {}", Durations.format(REFRESH), e);
    }
  }

  /** After a change, at once on the planner's thread, not in the request. */
  private void refreshSoon() {
    if (refreshes != null) refreshes.execute(this::refreshGuarded);
  }

  // --- routes

  private void apply(Context ctx) {
    RequestBodies.requireMediaType(ctx, YAML);
    String file = Optional.ofNullable(ctx.queryParam("file")).filter(f -> !f.isBlank()).orElse("request.yaml");
    boolean dryRun = "true".equals(ctx.queryParam("dryRun"));
    CapacitySignalReader.Parsed parsed = CapacitySignalReader.parse(file,
        new String(wiring.bodies().read(ctx), StandardCharsets.UTF_8));
    if (!parsed.problems().isEmpty()) throw invalid(parsed.problems());
    if (parsed.documents().isEmpty()) {
      throw invalid(List.of(new SpecProblem(file, 1, "", 0, "the body holds no CapacitySignal document; nothing to apply")));
    }
    Map<String, String> before = new java.util.HashMap<>();
    for (StoredCapacitySignal stored : wiring.database().capacitySignals().all()) before.put(stored.name(), stored.source());
    List<StoredCapacitySignal> changed = new ArrayList<>();
    List<Map<String, String>> applied = new ArrayList<>();
    for (CapacitySignalReader.SignalDocument doc : parsed.documents()) {
      String name = doc.signal().name();
      String result = !before.containsKey(name) ? "created" : before.get(name).equals(doc.source()) ? "unchanged" : "updated";
      if (!result.equals("unchanged")) changed.add(new StoredCapacitySignal(name, doc.source(), wiring.clock().instant()));
      applied.add(Map.of("kind", CapacitySignalReader.KIND, "name", name, "result", result));
    }
    if (!dryRun && !changed.isEmpty()) {
      wiring.database().capacitySignals().apply(changed);
      refreshSoon();
    }
    ctx.json(Map.of("dryRun", dryRun, "applied", applied));
  }

  private static HttpProblem invalid(List<SpecProblem> problems) {
    return new HttpProblem.InvalidDocument(problems.size() + (problems.size() == 1 ? " problem" : " problems")
        + " in the capacity signals; nothing was applied. Fix them and apply again.", problems);
  }

  private void listSignals(Context ctx) {
    List<Map<String, String>> signals = new ArrayList<>();
    for (StoredCapacitySignal stored : wiring.database().capacitySignals().all()) {
      signals.add(Map.of("name", stored.name(), "source", stored.source(), "appliedAt", stored.appliedAt().toString()));
    }
    ctx.json(Map.of("signals", signals));
  }

  private void delete(Context ctx) {
    String name = ctx.pathParam("name");
    if (!Names.isValid(name) || !wiring.database().capacitySignals().delete(name)) {
      throw new HttpProblem.NotFound("there is no capacity signal named '" + bounded(name)
          + "'; GET /api/v1/capacity/signals lists them");
    }
    refreshSoon();
    ctx.status(204);
  }

  private void list(Context ctx) {
    Map<String, CapacityOutlook> outlooks = planner.outlooks();
    List<CapacityViews.Summary> summaries = new ArrayList<>();
    for (CapacitySignal signal : planner.signals()) {
      CapacityOutlook outlook = outlooks.get(signal.name());
      summaries.add(outlook == null ? CapacityViews.pending(signal) : CapacityViews.summary(outlook));
    }
    ctx.json(Map.of("signals", summaries));
  }

  private void one(Context ctx) {
    String name = ctx.pathParam("name");
    CapacityOutlook outlook = Names.isValid(name) ? planner.outlooks().get(name) : null;
    if (outlook == null) {
      boolean applied = Names.isValid(name) && planner.signals().stream().anyMatch(s -> s.name().equals(name));
      if (applied) {
        throw new HttpProblem.ServiceUnavailable("the forecast of " + name + " is being worked out; ask again in a few seconds");
      }
      throw new HttpProblem.NotFound("there is no capacity signal named '" + bounded(name)
          + "'; GET /api/v1/capacity lists them, and GET /api/v1/capacity/slis/{sli} forecasts an SLI's traffic");
    }
    ctx.json(CapacityViews.detail(outlook));
  }

  private void sli(Context ctx) {
    String sli = ctx.pathParam("sli");
    if (!Names.isValid(sli)) {
      throw HttpProblem.BadRequest.parameter("sli", "must be an SLI's name, got '" + bounded(sli) + "'", "checkout-availability");
    }
    boolean known = wiring.evaluator().catalog().slos().stream().anyMatch(s -> s.indicator().name().value().equals(sli));
    if (!known) {
      throw new HttpProblem.NotFound("no SLO measures an SLI named '" + bounded(sli) + "'; GET /api/v1/slos lists them");
    }
    ctx.json(CapacityViews.detail(planner.sliTraffic(SliName.of(sli))));
  }

  private static String bounded(String text) {
    return text.length() <= 100 ? text : text.substring(0, 100) + "…";
  }
}

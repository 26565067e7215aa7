package dev.governor.server.probes;

import dev.governor.basics.Names;
import dev.governor.ingest.probe.ProbeReader;
import dev.governor.probe.Probe;
import dev.governor.probe.ProbeResult;
import dev.governor.probe.ProbeResultStore;
import dev.governor.probe.StoredProbe;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.QueryParams;
import dev.governor.server.http.RequestBodies;
import dev.governor.slo.SpecProblem;
import dev.governor.text.Quoted;
import io.javalin.http.Context;
import io.javalin.config.RoutesConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/probes}: apply Probe documents (YAML, {@code ?dryRun=true} to only check them), list
 * probes with their latest run, one probe in full, its raw runs and its days.
 */
final class ProbeRoutes {

  static final List<String> YAML = List.of("application/yaml", "application/x-yaml", "text/yaml");
  /** The most runs one request returns: a day of a 10-second probe. */
  static final int MOST_RUNS = 10_000;

  private final ProbeCatalog catalog;
  private final ProbeResultStore results;
  private final ProbeResultPipeline pipeline;
  private final RequestBodies bodies;
  private final InstantSource clock;
  private final Runnable replan;

  ProbeRoutes(ProbeCatalog catalog, ProbeResultStore results, ProbeResultPipeline pipeline, RequestBodies bodies,
      InstantSource clock, Runnable replan) {
    this.catalog = catalog;
    this.results = results;
    this.pipeline = pipeline;
    this.bodies = bodies;
    this.clock = clock;
    this.replan = replan;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/probes", this::apply);
    routes.get("/api/v1/probes", this::list);
    routes.get("/api/v1/probes/{name}", this::one);
    routes.get("/api/v1/probes/{name}/results", this::runs);
    routes.get("/api/v1/probes/{name}/days", this::days);
    routes.delete("/api/v1/probes/{name}", this::delete);
  }

  private void apply(Context ctx) {
    RequestBodies.requireMediaType(ctx, YAML);
    String file = Optional.ofNullable(ctx.queryParam("file")).filter(f -> !f.isBlank()).orElse("request.yaml");
    boolean dryRun = "true".equals(ctx.queryParam("dryRun"));
    ProbeReader.Parsed parsed = ProbeReader.parse(file, new String(bodies.read(ctx), StandardCharsets.UTF_8));
    if (!parsed.problems().isEmpty()) throw invalid(parsed.problems());
    if (parsed.documents().isEmpty()) {
      throw invalid(List.of(new SpecProblem(file, 1, "", 0, "the body holds no Probe document; nothing to apply")));
    }
    Map<String, String> before = new HashMap<>();
    catalog.applied().forEach((name, applied) -> before.put(name, applied.stored().source()));
    List<StoredProbe> changed = new ArrayList<>();
    List<Map<String, String>> applied = new ArrayList<>();
    for (ProbeReader.ProbeDocument doc : parsed.documents()) {
      String name = doc.probe().name();
      String result = !before.containsKey(name) ? "created" : before.get(name).equals(doc.source()) ? "unchanged" : "updated";
      if (!result.equals("unchanged")) changed.add(new StoredProbe(name, doc.source(), clock.instant()));
      applied.add(Map.of("kind", ProbeReader.KIND, "name", name, "result", result));
    }
    if (!dryRun && !changed.isEmpty()) {
      catalog.apply(changed);
      for (ProbeReader.ProbeDocument doc : parsed.documents()) pipeline.resume(doc.probe());
      replan.run();
    }
    ctx.json(Map.of("dryRun", dryRun, "applied", applied));
  }

  private static HttpProblem invalid(List<SpecProblem> problems) {
    return new HttpProblem.InvalidDocument(problems.size() + (problems.size() == 1 ? " problem" : " problems")
        + " in the probes; nothing was applied. Fix them and apply again.", problems);
  }

  private void list(Context ctx) {
    List<ProbeViews.Summary> probes = new ArrayList<>();
    for (Probe probe : catalog.probes().values()) probes.add(summary(probe));
    ctx.json(Map.of("probes", probes));
  }

  ProbeViews.Summary summary(Probe probe) {
    Optional<ProbeResult> last = results.latest(probe.name(), 1).stream().findFirst();
    return ProbeViews.summary(probe, last, pipeline.failuresInARow(probe.name()), pipeline.feeds().slisOf(probe.name()));
  }

  private void one(Context ctx) {
    ProbeCatalog.Applied applied = applied(ctx);
    ctx.json(ProbeViews.detail(summary(applied.probe()), applied.probe(), applied.stored().appliedAt()));
  }

  private void runs(Context ctx) {
    Probe probe = applied(ctx).probe();
    int limit = QueryParams.limit(ctx, 100, MOST_RUNS);
    Optional<Instant> from = QueryParams.instant(ctx, "from");
    Optional<Instant> to = QueryParams.instant(ctx, "to");
    List<ProbeResult> runs;
    if (from.isEmpty() && to.isEmpty()) {
      runs = results.latest(probe.name(), limit);
    } else {
      Instant end = to.orElse(clock.instant());
      Instant start = from.orElse(end.minus(Duration.ofHours(1)));
      if (!start.isBefore(end)) {
        throw HttpProblem.BadRequest.parameter("from", "from must be before to, got from=" + start + " to=" + end,
            "from=2026-12-01T00:00:00Z");
      }
      List<ProbeResult> between = results.between(probe.name(), start, end);
      runs = between.subList(Math.max(0, between.size() - limit), between.size()).reversed();
    }
    ctx.json(Map.of("probe", probe.name(), "results", runs.stream().map(ProbeViews.Run::of).toList()));
  }

  private void days(Context ctx) {
    Probe probe = applied(ctx).probe();
    String text = Optional.ofNullable(ctx.queryParam("days")).orElse("90");
    int days;
    try {
      days = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      days = -1;
    }
    if (days < 1 || days > 400) {
      throw HttpProblem.BadRequest.parameter("days", "days must be a whole number from 1 to 400, got "
          + Quoted.bounded(text), "days=90");
    }
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate first = today.minusDays(days - 1L);
    var counts = results.daily(probe.name(), first, today, ZoneOffset.UTC);
    List<Map<String, Object>> out = new ArrayList<>();
    for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
      var c = counts.get(day);
      Map<String, Object> row = new java.util.LinkedHashMap<>();
      row.put("date", day.toString());
      row.put("runs", c == null ? 0 : c.runs());
      if (c != null) {
        row.put("up", c.up());
        row.put("degraded", c.degraded());
        row.put("down", c.down());
        row.put("uptime", c.uptime());
      }
      out.add(row);
    }
    ctx.json(Map.of("probe", probe.name(), "zone", "UTC", "days", out));
  }

  private void delete(Context ctx) {
    String name = ctx.pathParam("name");
    Optional<Probe> deleted = Names.isValid(name) ? catalog.delete(name) : Optional.empty();
    if (deleted.isEmpty()) throw notFound(name);
    pipeline.forget(deleted.get());
    replan.run();
    ctx.status(204);
  }

  private ProbeCatalog.Applied applied(Context ctx) {
    String name = ctx.pathParam("name");
    ProbeCatalog.Applied applied = Names.isValid(name) ? catalog.applied().get(name) : null;
    if (applied == null) throw notFound(name);
    return applied;
  }

  private static HttpProblem notFound(String name) {
    return new HttpProblem.NotFound("there is no probe named " + Quoted.bounded(name) + "; GET /api/v1/probes lists them");
  }
}

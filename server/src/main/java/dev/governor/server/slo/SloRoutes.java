package dev.governor.server.slo;

import dev.governor.ingest.openslo.ParsedSpecs;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.QueryParams;
import dev.governor.server.http.RequestBodies;
import dev.governor.slo.Evaluator;
import dev.governor.basics.Names;
import dev.governor.basics.SloName;
import dev.governor.slo.SloStatus;
import dev.governor.slo.SloTimeseries;
import dev.governor.slo.SpecProblem;
import dev.governor.text.Durations;
import dev.governor.text.Quoted;
import dev.governor.access.Role;
import dev.governor.server.access.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** SLOs as code: apply, list, read, delete, their status now or at an instant, and their history. */
public final class SloRoutes {

  private final SpecCatalog specs;
  private final Evaluator evaluator;
  private final RequestBodies bodies;
  private final InstantSource clock;

  public SloRoutes(SpecCatalog specs, Evaluator evaluator, RequestBodies bodies, InstantSource clock) {
    this.specs = specs;
    this.evaluator = evaluator;
    this.bodies = bodies;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/v1/slos", this::apply);
    routes.get("/api/v1/slos", this::list);
    routes.get("/api/v1/slos/{name}", this::get);
    routes.delete("/api/v1/slos/{name}", this::delete);
    routes.delete("/api/v1/openslo/{kind}/{name}", this::deleteResource);
    routes.get("/api/v1/slos/{name}/status", this::status);
    routes.get("/api/v1/slos/{name}/timeseries", this::timeseries);
    routes.get("/api/v1/slos/{name}/instances", this::instances);
    routes.get("/api/v1/status", this::statuses);
  }

  record AppliedView(String kind, String name, String result) {}

  /** {@code warnings}: what Governor read differently from what was written, such as a default it applied. */
  record ApplyResponse(boolean dryRun, List<AppliedView> applied, List<WarningView> warnings) {}

  record WarningView(String file, int document, String path, int line, String message) {
    static WarningView of(SpecProblem w) {
      return new WarningView(w.file(), w.document(), w.path(), w.line(), w.message());
    }
  }

  private void apply(Context ctx) {
    String mediaType = RequestBodies.requireMediaType(ctx, SpecBodies.ACCEPTED);
    boolean dryRun = flag(ctx, "dryRun");
    String file = Optional.ofNullable(ctx.queryParam("file"))
        .filter(f -> !f.isBlank())
        .orElse(SpecBodies.JSON.equals(mediaType) ? "request.json" : "request.yaml");
    ParsedSpecs parsed = SpecBodies.parse(mediaType, bodies.read(ctx), file);
    if (!parsed.problems().isEmpty()) {
      throw invalid(parsed.problems());
    }
    if (parsed.documents().isEmpty()) {
      throw invalid(List.of(new SpecProblem(
          file, 1, "", 0, "the body holds no OpenSLO document; nothing to apply")));
    }
    List<dev.governor.slo.ServiceName> services = servicesOf(parsed.documents());
    Requests.requireFor(ctx, Role.EDITOR, services, "apply these documents");
    Requests.auditDetail(ctx, parsed.documents().stream().map(d -> d.kind().openSloKind() + " " + d.name()).toList().toString()
        + (dryRun ? " (dry run)" : ""));
    switch (specs.apply(parsed.documents(), dryRun)) {
      case SpecCatalog.ApplyOutcome.Invalid invalid -> throw invalid(invalid.problems());
      case SpecCatalog.ApplyOutcome.Done done -> ctx.json(new ApplyResponse(dryRun, done.applied().stream()
          .map(a -> new AppliedView(a.kind().openSloKind(), a.name(), a.result().label()))
          .toList(), parsed.warnings().stream().map(WarningView::of).toList()));
    }
  }

  /**
   * The services the documents are about: an SLO's {@code spec.service} and a Service's name. An
   * editor of the team that owns them may apply them; documents of no service need a global editor.
   */
  static List<dev.governor.slo.ServiceName> servicesOf(List<dev.governor.ingest.openslo.ResourceDocument> documents) {
    java.util.Set<dev.governor.slo.ServiceName> services = new java.util.TreeSet<>();
    org.snakeyaml.engine.v2.api.Load yaml = new org.snakeyaml.engine.v2.api.Load(
        org.snakeyaml.engine.v2.api.LoadSettings.builder().build());
    for (dev.governor.ingest.openslo.ResourceDocument d : documents) {
      String name = switch (d.kind()) {
        case SERVICE -> d.name();
        case SLO -> yaml.loadFromString(d.source()) instanceof java.util.Map<?, ?> doc && doc.get("spec") instanceof java.util.Map<?, ?> spec
            && spec.get("service") instanceof String service ? service : null;
        default -> null;
      };
      if (name != null && dev.governor.basics.Names.isValid(name)) services.add(dev.governor.slo.ServiceName.of(name));
    }
    return List.copyOf(services);
  }

  private static HttpProblem invalid(List<SpecProblem> problems) {
    return new HttpProblem.InvalidDocument(
        problems.size() + (problems.size() == 1 ? " problem" : " problems")
            + " in the documents; nothing was applied. Fix them and apply again.",
        problems);
  }

  private void list(Context ctx) {
    ctx.json(new SloViews.SloList(evaluator.catalog().slos().stream()
        .map(slo -> SloViews.slo(slo, null))
        .toList()));
  }

  private void get(Context ctx) {
    SloName name = sloName(ctx);
    var slo = evaluator.catalog().slo(name).orElseThrow(() -> notFound(name.value()));
    ctx.json(SloViews.slo(slo, specs.sloSource(name).orElse(null)));
  }

  private void delete(Context ctx) {
    SloName name = sloName(ctx);
    evaluator.catalog().slo(name).ifPresent(slo -> Requests.requireFor(ctx, Role.EDITOR, List.of(slo.service()),
        "delete SLO " + name));
    switch (specs.deleteSlo(name)) {
      case SpecCatalog.DeleteOutcome.Deleted deleted -> ctx.status(204);
      case SpecCatalog.DeleteOutcome.Absent absent -> throw notFound(name.value());
      case SpecCatalog.DeleteOutcome.Unresolvable u -> throw new HttpProblem.Conflict(
          "the documents left after deleting SLO " + name + " do not resolve; nothing was deleted",
          u.problems());
    }
  }

  /** Any applied OpenSLO document by kind and name: what {@code governor apply --prune} deletes. */
  private void deleteResource(Context ctx) {
    String kindText = ctx.pathParam("kind");
    String name = ctx.pathParam("name");
    dev.governor.slo.ResourceKind kind = dev.governor.slo.ResourceKind.fromOpenSlo(kindText).orElseThrow(() ->
        HttpProblem.BadRequest.parameter("kind", "must be an OpenSLO kind (Service, SLO, SLI, DataSource, AlertPolicy,"
            + " AlertCondition or AlertNotificationTarget), got '" + kindText.substring(0, Math.min(kindText.length(), 60))
            + "'", "SLI"));
    String shown = name.substring(0, Math.min(name.length(), 100));
    switch (specs.delete(kind, name)) {
      case SpecCatalog.DeleteOutcome.Deleted deleted -> ctx.status(204);
      case SpecCatalog.DeleteOutcome.Absent absent -> throw new HttpProblem.NotFound("there is no " + kind.openSloKind()
          + " named '" + shown + "'; GET /api/v1/export lists every applied document");
      case SpecCatalog.DeleteOutcome.Unresolvable u -> throw new HttpProblem.Conflict("the documents left after deleting "
          + kind.openSloKind() + " " + shown + " do not resolve (something still names it); nothing was deleted",
          u.problems());
    }
  }

  private void status(Context ctx) {
    SloName name = sloName(ctx);
    Optional<Instant> at = at(ctx);
    Optional<SloStatus> status = at.isPresent()
        ? evaluator.statusAt(name, at.get())
        : evaluator.status(name);
    SloStatus found = status.orElseThrow(() -> notFound(name.value()));
    ctx.json(SloViews.status(found, at.isPresent() ? null : SloViews.group(evaluator, found.slo())));
  }

  /** A grouped SLO's instances, the least budget left first: the drill-down of one row. */
  private void instances(Context ctx) {
    SloName name = sloName(ctx);
    dev.governor.slo.Slo slo = evaluator.catalog().slo(name).orElseThrow(() -> notFound(name.value()));
    if (!slo.isGrouped()) {
      throw new HttpProblem.NotFound("SLO '" + name + "' does not group (it has no groupBy), so it has no instances");
    }
    var count = evaluator.instanceCount(name).orElseThrow();
    List<SloViews.StatusView> all = evaluator.instanceStatuses(name).stream().map(SloViews::status).toList();
    java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("slo", name.value());
    body.put("groupBy", slo.groupBy());
    body.put("instanceLimit", count.limit());
    body.put("refusedEvents", count.refusedEvents());
    body.put("refusedLabels", count.refusedSamples());
    body.put("instances", all);
    ctx.json(body);
  }

  /** Steps a chart reads well at: a few hundred points whatever the range. */
  private static final List<Duration> NICE_STEPS = Stream.of(1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440)
      .map(Duration::ofMinutes).toList();
  static final int AUTO_POINTS = 240;

  private void timeseries(Context ctx) {
    SloName name = sloName(ctx);
    Instant now = clock.instant();
    Instant to = instant(ctx, "to").orElse(now);
    // A chart that asks for more history than Governor keeps gets what there is, not an error: the
    // UI's "7 days" must draw when the longest SLO window (and so retention) is shorter.
    Instant oldest = oldestKept(now);
    Instant from = parsedInstant(ctx, "from").orElse(to.minus(Duration.ofDays(1)));
    if (from.isBefore(oldest)) from = oldest;
    if (!from.isBefore(to)) {
      throw HttpProblem.BadRequest.parameter("from",
          "from must lie before to, got from=" + from + " to=" + to, "from=" + to.minus(Duration.ofHours(6)));
    }
    Duration step = step(ctx, Duration.between(from, to));
    long points = Math.ceilDiv(Duration.between(from, to).toMinutes(), step.toMinutes());
    if (points > Evaluator.MAX_TIMESERIES_POINTS) {
      throw HttpProblem.BadRequest.parameter("step", "step " + Durations.format(step) + " makes " + points
          + " points between from and to; at most " + Evaluator.MAX_TIMESERIES_POINTS + " are served,"
          + " use a longer step", "step=" + Durations.format(autoStep(Duration.between(from, to))));
    }
    SloTimeseries series = evaluator.timeseries(name, from, to, step).orElseThrow(() -> notFound(name.value()));
    ctx.json(SloViews.timeseries(series, evaluator.exclusionsOf(series.slo())));
  }

  /** The smallest nice step that keeps the chart under {@link #AUTO_POINTS} points. */
  static Duration autoStep(Duration range) {
    for (Duration step : NICE_STEPS) {
      if (range.toMinutes() <= step.toMinutes() * AUTO_POINTS) return step;
    }
    return Duration.ofMinutes(Math.ceilDiv(range.toMinutes(), AUTO_POINTS));
  }

  private static Duration step(Context ctx, Duration range) {
    String text = ctx.queryParam("step");
    if (text == null || text.isEmpty()) return autoStep(range);
    Duration step;
    try {
      step = Durations.parse(text, "step");
    } catch (IllegalArgumentException e) {
      throw HttpProblem.BadRequest.parameter("step", e.getMessage(), "step=5m");
    }
    if (step.toMinutes() < 1 || step.toMillisPart() != 0 || step.toSecondsPart() != 0) {
      throw HttpProblem.BadRequest.parameter("step",
          "step must be whole minutes, such as 5m, 1h30m or 1d, got " + Quoted.string(text), "step=5m");
    }
    return step;
  }

  private void statuses(Context ctx) {
    ctx.json(new SloViews.StatusList(evaluator.statuses().stream()
        .map(s -> SloViews.status(s, SloViews.group(evaluator, s.slo()))).toList()));
  }

  /** An unknown name and a name that could never exist are the same to the client: not found. */
  private static SloName sloName(Context ctx) {
    String name = ctx.pathParam("name");
    if (!Names.isValid(name)) throw notFound(name);
    return new SloName(name);
  }

  private static HttpProblem notFound(String name) {
    return new HttpProblem.NotFound("there is no SLO named '" + name + "'; GET /api/v1/slos lists them");
  }

  private Optional<Instant> at(Context ctx) {
    return instant(ctx, "at");
  }

  /**
   * An RFC 3339 query parameter that must lie between the oldest kept history and now, or empty
   * when the parameter is absent.
   */
  private Optional<Instant> instant(Context ctx, String parameter) {
    Optional<Instant> parsed = parsedInstant(ctx, parameter);
    if (parsed.isEmpty()) return parsed;
    Instant at = parsed.get();
    Instant oldest = oldestKept(clock.instant());
    if (at.isBefore(oldest)) {
      throw HttpProblem.BadRequest.parameter(parameter,
          parameter + " lies before " + oldest + ", the oldest instant whose history Governor keeps (the longest"
              + " SLO window plus retention.margin, back from now), got " + at, parameter + "=" + oldest);
    }
    return parsed;
  }

  /**
   * The oldest instant whose history Governor keeps: older history is gone (retention drops it),
   * so an answer about it would be a made-up "no data"; and far enough back (year -999999999) the
   * store's epoch milliseconds overflow. Rounded up to a whole second, so it can be quoted back and
   * pasted as it is.
   */
  private Instant oldestKept(Instant now) {
    Instant kept = now.minus(evaluator.retention());
    Instant oldest = kept.truncatedTo(ChronoUnit.SECONDS);
    return oldest.isBefore(kept) ? oldest.plusSeconds(1) : oldest;
  }

  /** An RFC 3339 query parameter that is not in the future, or empty when it is absent. */
  private Optional<Instant> parsedInstant(Context ctx, String parameter) {
    Optional<Instant> at = QueryParams.instant(ctx, parameter);
    if (at.isPresent() && at.get().isAfter(clock.instant())) {
      throw HttpProblem.BadRequest.parameter(parameter, parameter + " lies in the future (" + at.get()
          + "); the status of the future is not known yet", parameter + "=2026-03-02T10:00:00Z");
    }
    return at;
  }

  private static boolean flag(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) return false;
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw HttpProblem.BadRequest.parameter(
          name, name + " must be true or false, got '" + value + "'", name + "=true");
    };
  }
}

package dev.governor.server.verification;

import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentId;
import dev.governor.delivery.DeploymentOutcome;
import dev.governor.delivery.DeploymentQuery;
import dev.governor.delivery.DeploymentStore;
import dev.governor.delivery.gate.AuditEntry;
import dev.governor.delivery.gate.AuditTrail;
import dev.governor.delivery.verification.HookCall;
import dev.governor.delivery.verification.Judge;
import dev.governor.delivery.verification.ReleaseVerification;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.Json;
import dev.governor.server.http.RequestBodies;
import dev.governor.sli.BucketStore;
import dev.governor.sli.SeriesKey;
import dev.governor.slo.Catalog;
import dev.governor.slo.Evaluator;
import dev.governor.basics.Minutes;
import dev.governor.slo.Objective;
import dev.governor.slo.Sli;
import dev.governor.basics.SliName;
import dev.governor.slo.Slo;
import dev.governor.text.Durations;
import dev.governor.text.Quoted;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/deployments/{id}/verification}: judges a deployment by its SLOs' per-minute
 * error ratios, records the verdict in the audit trail and, on fail, asks the rollback hook for a
 * rollback. The baseline is either the same length of time before the deploy ({@code "before"}),
 * or, for a canary ({@code "canary"}), the baseline version serving beside it over the same
 * minutes: the events that named the canary's version against those that named the baseline's (see
 * {@link SeriesKey}).
 *
 * <p>Too little data is not an error: the answer is {@code marginal} with score 0 and each metric
 * saying what it lacked, so a pipeline polling after a deploy can simply ask again later.
 */
public final class VerificationRoutes {

  static final Duration DEFAULT_WINDOW = Duration.ofMinutes(30);
  static final Duration MAX_WINDOW = Duration.ofDays(1);
  /** How many earlier deployments to look through for the baseline version of a canary. */
  static final int PREVIOUS_LOOKUP = 100;

  private final DeploymentStore deployments;
  private final Evaluator evaluator;
  private final BucketStore buckets;
  private final AuditTrail audit;
  private final RollbackHook hook;
  private final RequestBodies bodies;
  private final InstantSource clock;

  public VerificationRoutes(DeploymentStore deployments, Evaluator evaluator, BucketStore buckets, AuditTrail audit,
      RollbackHook hook, RequestBodies bodies, InstantSource clock) {
    this.deployments = deployments;
    this.evaluator = evaluator;
    this.buckets = buckets;
    this.audit = audit;
    this.hook = hook;
    this.bodies = bodies;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/v1/deployments/{id}/verification", this::verify);
  }

  /** The baseline version is empty for a before/after comparison. */
  private record Request(ReleaseVerification.Comparison comparison, Optional<String> baselineVersion, Duration window,
      List<SliName> extra, Optional<String> actor) {}

  private void verify(Context ctx) {
    DeploymentId id;
    try {
      id = DeploymentId.of(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw new HttpProblem.BadRequest(e.getMessage());
    }
    Deployment deployment = deployments.get(id).orElseThrow(() -> new HttpProblem.NotFound(
        "no deployment has the id '" + id + "'; record it with POST /api/v1/deployments"));
    Catalog catalog = evaluator.catalog();
    Request request = request(ctx, catalog, deployment);
    Instant now = clock.instant();

    // Whole minutes: the candidate runs from the deploy's minute until the window or now ends.
    Instant start = Minutes.floor(deployment.startedAt());
    Instant end = Minutes.floor(now);
    Instant windowEnd = start.plus(request.window());
    if (windowEnd.isBefore(end)) end = windowEnd;
    if (end.isBefore(start)) end = start;
    Duration length = Duration.between(start, end);
    boolean canary = request.comparison() == ReleaseVerification.Comparison.CANARY;
    // A canary's baseline serves over the same minutes; otherwise the baseline is the time before.
    Instant baselineStart = canary ? start : start.minus(length);
    Instant baselineEnd = canary ? end : start;
    Optional<String> canaryVersion = canary ? Optional.of(deployment.version()) : Optional.empty();

    List<ReleaseVerification.Series> series = new ArrayList<>();
    Set<SeriesKey> seen = new LinkedHashSet<>();
    for (Slo slo : catalog.slos()) {
      if (!slo.service().equals(deployment.service())) continue;
      for (Objective o : slo.objectives()) {
        SeriesKey key = slo.seriesOf(o);
        seen.add(key);
        series.add(new ReleaseVerification.Series(slo.name().value() + "/" + o.name(),
            buckets.range(versioned(key, request.baselineVersion()), baselineStart, baselineEnd),
            buckets.range(versioned(key, canaryVersion), start, end),
            Optional.of(o.errorBudget().toDouble())));
      }
    }
    for (SliName sli : request.extra()) {
      for (SeriesKey key : seriesOf(catalog, sli)) {
        if (!seen.add(key)) continue;
        series.add(new ReleaseVerification.Series(key.id(),
            buckets.range(versioned(key, request.baselineVersion()), baselineStart, baselineEnd),
            buckets.range(versioned(key, canaryVersion), start, end), Optional.empty()));
      }
    }
    Judge.Result result = ReleaseVerification.verify(series, request.comparison(), Judge.Settings.DEFAULTS);
    List<String> reasons = new ArrayList<>(result.metrics().stream().map(Judge.MetricResult::reason).toList());
    if (series.isEmpty()) {
      reasons.add("no SLO covers service " + deployment.service() + "; nothing to judge");
    } else if (result.metrics().stream().allMatch(m -> m.classification() == Judge.Classification.NO_DATA)) {
      reasons.add(canary
          ? "not enough data: the canary and the baseline each need at least " + ReleaseVerification.MIN_MINUTES
              + " minutes with events that name their version (\"version\": \"" + deployment.version() + "\" and \""
              + request.baselineVersion().orElseThrow() + "\"); ask again later"
          : "not enough data: each side needs at least " + ReleaseVerification.MIN_MINUTES
              + " minutes with events; ask again later");
    }
    String verdict = result.verdict().label();
    AuditEntry recorded = audit.record(new AuditEntry(0, now, AuditEntry.Action.VERIFICATION, id.value(),
        Optional.of(deployment.environment()), Optional.of(deployment.version()), verdict, request.actor(),
        request.baselineVersion().map(v -> "canary against baseline version " + v), String.join("\n", reasons)));
    Optional<HookCall> rollback = result.verdict() == Judge.Verdict.FAIL
        ? hook.request(deployment, verdict, result.score(), reasons, request.actor())
        : Optional.empty();

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("deployment", id.value());
    json.put("service", deployment.service().value());
    json.put("environment", deployment.environment());
    json.put("version", deployment.version());
    json.put("verdict", verdict);
    json.put("score", result.score());
    Map<String, Object> baseline = new LinkedHashMap<>();
    baseline.put("kind", canary ? "canary" : "before");
    request.baselineVersion().ifPresent(v -> baseline.put("version", v));
    baseline.put("from", baselineStart.toString());
    baseline.put("to", baselineEnd.toString());
    json.put("baseline", baseline);
    Map<String, Object> candidate = new LinkedHashMap<>();
    candidate.put("version", deployment.version());
    candidate.put("from", start.toString());
    candidate.put("to", end.toString());
    json.put("candidate", candidate);
    json.put("metrics", result.metrics().stream().map(VerificationRoutes::metric).toList());
    json.put("reasons", reasons);
    Map<String, Object> rb = new LinkedHashMap<>();
    rb.put("requested", rollback.isPresent());
    rb.put("hookConfigured", hook.configured());
    rb.put("idempotencyKey", rollback.map(RollbackHook::idempotencyKey).orElse(null));
    json.put("rollback", rb);
    json.put("auditId", recorded.id());
    ctx.json(json);
  }

  private static Map<String, Object> metric(Judge.MetricResult m) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("metric", m.metric());
    json.put("classification", m.classification().name().toLowerCase(java.util.Locale.ROOT));
    json.put("passed", m.passed());
    json.put("critical", m.critical());
    json.put("pValue", m.pValue().orElse(null));
    json.put("effectSize", m.effectSize().filter(Double::isFinite).orElse(null));
    json.put("baselineMean", finite(m.baselineMean()));
    json.put("candidateMean", finite(m.candidateMean()));
    json.put("reason", m.reason());
    return json;
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static SeriesKey versioned(SeriesKey key, Optional<String> version) {
    return version.map(key::ofVersion).orElse(key);
  }

  /** The series of an extra SLI: those its SLOs' objectives use, or its only series for a ratio SLI. */
  private static List<SeriesKey> seriesOf(Catalog catalog, SliName sli) {
    List<SeriesKey> keys = new ArrayList<>();
    for (Slo slo : catalog.slos()) {
      if (!slo.indicator().name().equals(sli)) continue;
      for (Objective o : slo.objectives()) if (!keys.contains(slo.seriesOf(o))) keys.add(slo.seriesOf(o));
    }
    if (keys.isEmpty()) keys.add(SeriesKey.of(sli));
    return keys;
  }

  private Request request(Context ctx, Catalog catalog, Deployment deployment) {
    byte[] raw = bodies.read(ctx);
    if (raw.length == 0) {
      return new Request(ReleaseVerification.Comparison.BEFORE, Optional.empty(), DEFAULT_WINDOW, List.of(),
          Optional.empty());
    }
    RequestBodies.requireMediaType(ctx, List.of("application/json"));
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(raw);
    } catch (JacksonException e) {
      throw new HttpProblem.BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
    }
    if (body == null || !body.isObject()) throw new HttpProblem.BadRequest("the body must be a JSON object");
    for (String field : body.propertyNames()) {
      if (!FIELDS.contains(field)) {
        throw new HttpProblem.BadRequest("unknown field '" + field + "'; a verification request has " + FIELDS);
      }
    }
    String baseline = text(body, "baseline").orElse("before");
    ReleaseVerification.Comparison comparison = switch (baseline) {
      case "before" -> ReleaseVerification.Comparison.BEFORE;
      case "canary" -> ReleaseVerification.Comparison.CANARY;
      default -> throw new HttpProblem.BadRequest("baseline must be \"before\" (the same length of time before the"
          + " deploy) or \"canary\" (the baseline version serving beside the canary), got '" + baseline + "'");
    };
    Optional<String> baselineVersion = text(body, "baselineVersion");
    if (comparison == ReleaseVerification.Comparison.BEFORE && baselineVersion.isPresent()) {
      throw new HttpProblem.BadRequest("baselineVersion is only for \"baseline\": \"canary\"; a before/after"
          + " comparison has no baseline version");
    }
    if (comparison == ReleaseVerification.Comparison.CANARY) {
      baselineVersion = Optional.of(baselineVersion(deployment, baselineVersion));
    }
    Duration window = DEFAULT_WINDOW;
    if (body.hasNonNull("window")) {
      String text = body.path("window").asString("");
      try {
        window = Durations.parse(text, "window");
      } catch (IllegalArgumentException e) {
        throw new HttpProblem.BadRequest(e.getMessage());
      }
      if (window.isZero() || window.compareTo(MAX_WINDOW) > 0 || window.toSecondsPart() != 0
          || window.toMillisPart() != 0) {
        throw new HttpProblem.BadRequest("window must be whole minutes from 1m to 1d, got " + Quoted.string(text));
      }
    }
    List<SliName> extra = new ArrayList<>();
    JsonNode metrics = body.path("metrics");
    if (!metrics.isMissingNode() && !metrics.isNull()) {
      if (!metrics.isArray()) throw new HttpProblem.BadRequest("metrics must be a list of SLI names");
      Map<SliName, Sli> known = catalog.indicators();
      for (JsonNode m : metrics) {
        String name = m.asString("");
        SliName sli = known.keySet().stream().filter(k -> k.value().equals(name)).findFirst()
            .orElseThrow(() -> new HttpProblem.BadRequest("metrics names '" + name + "', which is no applied SLI; known: "
                + known.keySet().stream().map(SliName::value).sorted().toList()));
        extra.add(sli);
      }
    }
    Optional<String> actor = text(body, "actor");
    return new Request(comparison, baselineVersion, window, extra, actor);
  }

  static final List<String> FIELDS = List.of("baseline", "baselineVersion", "window", "metrics", "actor");

  private static Optional<String> text(JsonNode body, String field) {
    JsonNode value = body.path(field);
    if (value.isMissingNode() || value.isNull()) return Optional.empty();
    if (!value.isString()) throw new HttpProblem.BadRequest(field + " must be a string, got " + value);
    return Optional.of(value.asString().strip()).filter(v -> !v.isEmpty());
  }

  /**
   * The version the canary is compared with: the one asked for, or the version of the latest
   * successful deployment of the same service and environment before the canary's, which is what
   * still serves the rest of the traffic. Both must be versions that events can name.
   */
  private String baselineVersion(Deployment canary, Optional<String> asked) {
    if (!SeriesKey.isValidVersion(canary.version())) {
      throw new HttpProblem.BadRequest("the canary's version '" + canary.version() + "' cannot be named by events"
          + " (1-128 letters, digits, '.', '_', '+', ':', '/' or '-'), so no canary series can exist; record the"
          + " deployment with such a version to verify it as a canary");
    }
    String version = asked.orElseGet(() -> deployments.list(
            DeploymentQuery.of(canary.service(), canary.environment(), PREVIOUS_LOOKUP)).stream()
        .filter(d -> d.outcome() == DeploymentOutcome.SUCCEEDED && d.startedAt().isBefore(canary.startedAt())
            && !d.version().equals(canary.version()))
        .findFirst()
        .map(Deployment::version)
        .orElseThrow(() -> new HttpProblem.BadRequest("no successful deployment of " + canary.service() + " to "
            + canary.environment() + " before this one tells the baseline version; name it, e.g."
            + " \"baselineVersion\": \"1.4.1\"")));
    if (!SeriesKey.isValidVersion(version)) {
      throw new HttpProblem.BadRequest("baselineVersion '" + version + "' cannot be named by events: 1-128 letters,"
          + " digits, '.', '_', '+', ':', '/' or '-', starting with a letter or digit");
    }
    if (version.equals(canary.version())) {
      throw new HttpProblem.BadRequest("baselineVersion '" + version + "' is the canary's own version; name the"
          + " version that serves beside it");
    }
    return version;
  }
}

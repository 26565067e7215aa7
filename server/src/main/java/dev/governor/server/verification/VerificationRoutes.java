package dev.governor.server.verification;

import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentId;
import dev.governor.delivery.DeploymentStore;
import dev.governor.delivery.gate.AuditEntry;
import dev.governor.delivery.gate.AuditTrail;
import dev.governor.delivery.verification.HookCall;
import dev.governor.delivery.verification.Judge;
import dev.governor.delivery.verification.ReleaseVerification;
import dev.governor.ingest.openslo.Durations;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.Json;
import dev.governor.server.http.RequestBodies;
import dev.governor.sli.BucketStore;
import dev.governor.sli.SeriesKey;
import dev.governor.slo.Catalog;
import dev.governor.slo.Evaluator;
import dev.governor.slo.Minutes;
import dev.governor.slo.Objective;
import dev.governor.slo.Sli;
import dev.governor.slo.SliName;
import dev.governor.slo.Slo;
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
 * error ratios after its start against the same length of time before it (the only baseline
 * Governor has: SLIs carry no canary/baseline split), records the verdict in the audit trail and,
 * on fail, asks the rollback hook for a rollback.
 *
 * <p>Too little data is not an error: the answer is {@code marginal} with score 0 and each metric
 * saying what it lacked, so a pipeline polling after a deploy can simply ask again later.
 */
public final class VerificationRoutes {

  static final Duration DEFAULT_WINDOW = Duration.ofMinutes(30);
  static final Duration MAX_WINDOW = Duration.ofDays(1);

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

  private record Request(Duration window, List<SliName> extra, Optional<String> actor) {}

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
    Request request = request(ctx, catalog);
    Instant now = clock.instant();

    // Whole minutes: the candidate runs from the deploy's minute until the window or now ends.
    Instant start = Minutes.floor(deployment.startedAt());
    Instant end = Minutes.floor(now);
    Instant windowEnd = start.plus(request.window());
    if (windowEnd.isBefore(end)) end = windowEnd;
    if (end.isBefore(start)) end = start;
    Duration length = Duration.between(start, end);
    Instant baselineStart = start.minus(length);

    List<ReleaseVerification.Series> series = new ArrayList<>();
    Set<SeriesKey> seen = new LinkedHashSet<>();
    for (Slo slo : catalog.slos()) {
      if (!slo.service().equals(deployment.service())) continue;
      for (Objective o : slo.objectives()) {
        SeriesKey key = slo.seriesOf(o);
        seen.add(key);
        series.add(new ReleaseVerification.Series(slo.name().value() + "/" + o.name(),
            buckets.range(key, baselineStart, start), buckets.range(key, start, end),
            Optional.of(o.errorBudget().toDouble())));
      }
    }
    for (SliName sli : request.extra()) {
      for (SeriesKey key : seriesOf(catalog, sli)) {
        if (!seen.add(key)) continue;
        series.add(new ReleaseVerification.Series(key.id(), buckets.range(key, baselineStart, start),
            buckets.range(key, start, end), Optional.empty()));
      }
    }
    Judge.Result result = ReleaseVerification.verify(series, Judge.Settings.DEFAULTS);
    List<String> reasons = new ArrayList<>(result.metrics().stream().map(Judge.MetricResult::reason).toList());
    if (series.isEmpty()) {
      reasons.add("no SLO covers service " + deployment.service() + "; nothing to judge");
    } else if (result.metrics().stream().allMatch(m -> m.classification() == Judge.Classification.NO_DATA)) {
      reasons.add("not enough data: each side needs at least " + ReleaseVerification.MIN_MINUTES
          + " minutes with events; ask again later");
    }
    String verdict = result.verdict().label();
    AuditEntry recorded = audit.record(new AuditEntry(0, now, AuditEntry.Action.VERIFICATION, id.value(),
        Optional.of(deployment.environment()), Optional.of(deployment.version()), verdict, request.actor(),
        Optional.empty(), String.join("\n", reasons)));
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
    json.put("baseline", Map.of("kind", "before", "from", baselineStart.toString(), "to", start.toString()));
    json.put("candidate", Map.of("from", start.toString(), "to", end.toString()));
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

  private Request request(Context ctx, Catalog catalog) {
    byte[] raw = bodies.read(ctx);
    if (raw.length == 0) return new Request(DEFAULT_WINDOW, List.of(), Optional.empty());
    RequestBodies.requireMediaType(ctx, List.of("application/json"));
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(raw);
    } catch (JacksonException e) {
      throw new HttpProblem.BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
    }
    if (body == null || !body.isObject()) throw new HttpProblem.BadRequest("the body must be a JSON object");
    String baseline = body.path("baseline").asString("before");
    if (!baseline.equals("before")) {
      throw new HttpProblem.BadRequest("baseline '" + baseline + "' is not supported: Governor's SLIs carry no"
          + " canary/baseline split, so a deploy is compared with the same length of time before it; use \"before\"");
    }
    Duration window = DEFAULT_WINDOW;
    if (body.hasNonNull("window")) {
      String text = body.path("window").asString("");
      try {
        window = Durations.parseFixed(text, "window");
      } catch (IllegalArgumentException e) {
        throw new HttpProblem.BadRequest("window must be a duration such as 30m or 1h, got '" + text + "': " + e.getMessage());
      }
      if (window.isZero() || window.isNegative() || window.compareTo(MAX_WINDOW) > 0 || window.toSecondsPart() != 0
          || window.toMillisPart() != 0) {
        throw new HttpProblem.BadRequest("window must be whole minutes from 1m to 1d, got '" + text + "'");
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
    Optional<String> actor = Optional.ofNullable(body.path("actor").asString(null)).filter(a -> !a.isBlank());
    return new Request(window, extra, actor);
  }
}

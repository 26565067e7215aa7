package dev.governor.server.delivery;

import dev.governor.delivery.Change;
import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentId;
import dev.governor.delivery.DeploymentOutcome;
import dev.governor.delivery.DeploymentQuery;
import dev.governor.delivery.RecordResult;
import dev.governor.server.http.HttpProblem;
import dev.governor.text.Quoted;
import dev.governor.server.http.Json;
import dev.governor.server.http.QueryParams;
import dev.governor.server.http.RequestBodies;
import dev.governor.basics.Names;
import dev.governor.slo.ServiceName;
import dev.governor.basics.TimeRange;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/deployments}: record a deployment (idempotent by id), list and read them, and set
 * their outcome.
 */
public final class DeploymentRoutes {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final Deployments deployments;
  private final RequestBodies bodies;
  private final InstantSource clock;

  public DeploymentRoutes(Deployments deployments, RequestBodies bodies, InstantSource clock) {
    this.deployments = deployments;
    this.bodies = bodies;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/v1/deployments", this::record);
    routes.get("/api/v1/deployments", this::list);
    routes.get("/api/v1/deployments/{id}", this::get);
    routes.patch("/api/v1/deployments/{id}/outcome", this::outcome);
    routes.post("/api/v1/deployments/{id}/outcome", this::outcome);
  }

  private void record(Context ctx) {
    JsonNode body = body(ctx);
    Deployment deployment = parse(body);
    dev.governor.server.access.Requests.requireFor(ctx, dev.governor.access.Role.EDITOR, List.of(deployment.service()),
        "record a deployment of " + deployment.service());
    RecordResult result = deployments.record(deployment);
    ctx.status(result instanceof RecordResult.Recorded ? 201 : 200);
    ctx.header("Location", "/api/v1/deployments/" + deployment.id());
    ctx.json(view(result.deployment()));
  }

  private void list(Context ctx) {
    Set<ServiceName> services = Optional.ofNullable(ctx.queryParam("service")).filter(s -> !s.isEmpty())
        .map(s -> Set.of(serviceName(s))).orElse(Set.of());
    Optional<String> environment = Optional.ofNullable(ctx.queryParam("environment")).filter(s -> !s.isEmpty());
    Optional<Instant> from = QueryParams.storableInstant(ctx, "from");
    Optional<Instant> to = QueryParams.storableInstant(ctx, "to");
    Optional<TimeRange> range = from.isEmpty() && to.isEmpty() ? Optional.empty()
        : Optional.of(DoraRoutes.range(from.orElse(Instant.EPOCH), to.orElse(clock.instant().plusSeconds(1))));
    var query = new DeploymentQuery(services, environment, range, limit(ctx));
    ctx.json(Map.of("deployments", deployments.store().list(query).stream().map(DeploymentRoutes::view).toList()));
  }

  private void get(Context ctx) {
    ctx.json(view(deployments.store().get(id(ctx)).orElseThrow(() -> notFound(ctx))));
  }

  private void outcome(Context ctx) {
    JsonNode body = body(ctx);
    DeploymentOutcome outcome = outcome(JsonFields.text(body, "outcome", "succeeded"));
    Optional<Instant> at = JsonFields.optionalInstant(body, "finishedAt");
    DeploymentId id = id(ctx);
    Optional<Deployment> updated;
    JsonNode failedAfterSuccess = body.path("failedAfterSuccess");
    if (!failedAfterSuccess.isMissingNode() && !failedAfterSuccess.isNull() && !failedAfterSuccess.isBoolean()) {
      throw new HttpProblem.BadRequest("the field 'failedAfterSuccess' must be true or false, got "
          + Quoted.bounded(failedAfterSuccess.toString()));
    }
    if (failedAfterSuccess.asBoolean(false)) {
      updated = deployments.store().markFailedAfterSuccess(id, at.orElseGet(clock::instant));
    } else {
      updated = deployments.updateOutcome(id, outcome, outcome.isFinished() ? at.or(() -> Optional.of(clock.instant())) : at);
    }
    ctx.json(view(updated.orElseThrow(() -> notFound(ctx))));
  }

  private static HttpProblem notFound(Context ctx) {
    return new HttpProblem.NotFound("no deployment has the id '" + ctx.pathParam("id") + "'; record it with POST /api/v1/deployments");
  }

  private static DeploymentId id(Context ctx) {
    try {
      return DeploymentId.of(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw new HttpProblem.BadRequest(e.getMessage());
    }
  }

  private JsonNode body(Context ctx) {
    return body(ctx, bodies);
  }

  static JsonNode body(Context ctx, RequestBodies bodies) {
    RequestBodies.requireMediaType(ctx, List.of("application/json"));
    byte[] bytes = bodies.read(ctx);
    try {
      JsonNode node = Json.MAPPER.readTree(bytes);
      if (node == null || !node.isObject()) throw new HttpProblem.BadRequest("the body must be a JSON object");
      return node;
    } catch (JacksonException e) {
      throw new HttpProblem.BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** The deployment a POST body describes; any invalid value is a 400 naming it. */
  Deployment parse(JsonNode body) {
    try {
      Instant startedAt = JsonFields.optionalInstant(body, "startedAt").orElseGet(clock::instant);
      DeploymentOutcome outcome = JsonFields.optionalText(body, "outcome").map(DeploymentRoutes::outcome)
          .orElse(DeploymentOutcome.SUCCEEDED);
      Optional<Instant> finishedAt = JsonFields.optionalInstant(body, "finishedAt")
          .or(() -> outcome.isFinished() ? Optional.of(startedAt) : Optional.empty());
      String commit = JsonFields.text(body, "commit", "3f2a9c1");
      List<Change> changes = new ArrayList<>();
      JsonNode list = body.path("changes");
      if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
        throw new HttpProblem.BadRequest("the field 'changes' must be a list of commits and pull requests");
      }
      for (JsonNode change : list) changes.add(change(change));
      Deployment deployment = new Deployment(
          DeploymentId.of(JsonFields.text(body, "id", "checkout-prod-1842")),
          serviceName(JsonFields.text(body, "service", "checkout")),
          JsonFields.text(body, "environment", "production"),
          JsonFields.text(body, "version", "1.4.2"),
          commit, changes, startedAt, finishedAt, outcome, Optional.empty(), Optional.empty(), List.of(),
          JsonFields.optionalText(body, "trigger").orElse("api"),
          stringMap(body, "links"), stringMap(body, "labels"));
      return deployment;
    } catch (IllegalArgumentException e) {
      throw new HttpProblem.BadRequest(e.getMessage());
    }
  }

  private static Change change(JsonNode node) {
    if (node.has("pullRequest")) {
      Instant opened = JsonFields.instant(node, "openedAt");
      JsonNode number = node.path("pullRequest");
      if (!number.canConvertToExactIntegral() || !number.canConvertToLong() || number.asLong() < 1) {
        throw new HttpProblem.BadRequest("the field 'pullRequest' of a change must be the pull request's number,"
            + " a whole number such as 42, got " + Quoted.bounded(number.toString()));
      }
      return new Change.PullRequest(number.asLong(), opened,
          JsonFields.optionalInstant(node, "mergedAt"), JsonFields.optionalInstant(node, "firstCommitAt"));
    }
    Instant committed = JsonFields.instant(node, "committedAt");
    return new Change.Commit(JsonFields.text(node, "commit", "3f2a9c1"),
        JsonFields.optionalInstant(node, "authoredAt").orElse(committed), committed);
  }

  private static Map<String, String> stringMap(JsonNode body, String field) {
    JsonNode node = body.path(field);
    if (node.isMissingNode() || node.isNull()) return Map.of();
    if (!node.isObject()) throw new HttpProblem.BadRequest("the field '" + field + "' must be an object of strings");
    Map<String, String> map = new LinkedHashMap<>();
    for (var entry : node.properties()) {
      if (!entry.getValue().isString() && !entry.getValue().isNumber() && !entry.getValue().isBoolean()) {
        throw new HttpProblem.BadRequest("the field '" + field + "." + Quoted.bounded(entry.getKey())
            + "' must be a string, got " + Quoted.bounded(entry.getValue().toString()));
      }
      map.put(entry.getKey(), entry.getValue().asString());
    }
    return map;
  }

  static DeploymentOutcome outcome(String text) {
    try {
      return DeploymentOutcome.fromWire(text);
    } catch (IllegalArgumentException e) {
      throw new HttpProblem.BadRequest(e.getMessage());
    }
  }

  static ServiceName serviceName(String text) {
    if (!Names.isValid(text)) {
      throw HttpProblem.BadRequest.parameter("service",
          "'" + text + "' is not a service name (lowercase letters, digits, '-', '_', '.')", "service=checkout");
    }
    return ServiceName.of(text);
  }

  private static int limit(Context ctx) {
    return QueryParams.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
  }

  static Map<String, Object> view(Deployment d) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", d.id().value());
    json.put("service", d.service().value());
    json.put("environment", d.environment());
    json.put("version", d.version());
    json.put("commit", d.commitSha());
    json.put("outcome", d.outcome().wireName());
    json.put("startedAt", d.startedAt().toString());
    json.put("finishedAt", d.finishedAt().map(Instant::toString).orElse(null));
    json.put("failedAfterSuccessAt", d.failedAfterSuccessAt().map(Instant::toString).orElse(null));
    json.put("rolledBackAt", d.rolledBackAt().map(Instant::toString).orElse(null));
    json.put("incidents", d.incidentIds());
    json.put("trigger", d.trigger());
    json.put("links", d.links());
    json.put("labels", d.labels());
    List<Map<String, Object>> changes = new ArrayList<>();
    for (Change change : d.changes()) {
      Map<String, Object> c = new LinkedHashMap<>();
      switch (change) {
        case Change.Commit commit -> {
          c.put("commit", commit.sha());
          c.put("authoredAt", commit.authoredAt().toString());
          c.put("committedAt", commit.committedAt().toString());
        }
        case Change.PullRequest pr -> {
          c.put("pullRequest", pr.number());
          c.put("openedAt", pr.openedAt().toString());
          c.put("mergedAt", pr.mergedAt().map(Instant::toString).orElse(null));
          c.put("firstCommitAt", pr.firstCommitAt().map(Instant::toString).orElse(null));
        }
      }
      changes.add(c);
    }
    json.put("changes", changes);
    return json;
  }
}

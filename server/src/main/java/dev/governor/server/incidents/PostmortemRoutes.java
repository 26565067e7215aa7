package dev.governor.server.incidents;

import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentId;
import dev.governor.incident.IncidentDetail;
import dev.governor.incident.IncidentEngine;
import dev.governor.incident.IncidentId;
import dev.governor.postmortem.DeploymentLinks;
import dev.governor.postmortem.Postmortem;
import dev.governor.postmortem.PostmortemDrafts;
import dev.governor.postmortem.PostmortemWriter;
import dev.governor.postmortem.SloImpact;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.Json;
import dev.governor.server.http.RequestBodies;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An incident's postmortem draft, and the deployments linked to it as its cause.
 *
 * <ul>
 *   <li>{@code GET /api/v1/incidents/{id}/postmortem}: the draft in Markdown, or with
 *       {@code Accept: application/json} the Markdown and the numbers it was written from.
 *   <li>{@code GET /api/v1/incidents/{id}/deployments}: the deployments linked to it.
 *   <li>{@code POST /api/v1/incidents/{id}/deployments} {@code {"deployment", "by"}}: link one.
 *   <li>{@code DELETE /api/v1/incidents/{id}/deployments/{deployment}?by=}: unlink one.
 * </ul>
 */
public final class PostmortemRoutes {

  public static final String MARKDOWN = "text/markdown; charset=utf-8";

  private final IncidentEngine incidents;
  private final DeploymentLinks links;
  private final PostmortemDrafts drafts;
  private final RequestBodies bodies;

  public PostmortemRoutes(IncidentEngine incidents, DeploymentLinks links, PostmortemDrafts drafts,
      RequestBodies bodies) {
    this.incidents = incidents;
    this.links = links;
    this.drafts = drafts;
    this.bodies = bodies;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/v1/incidents/{id}/postmortem", this::postmortem);
    routes.get("/api/v1/incidents/{id}/deployments", this::linked);
    routes.post("/api/v1/incidents/{id}/deployments", this::link);
    routes.delete("/api/v1/incidents/{id}/deployments/{deployment}", this::unlink);
  }

  private void postmortem(Context ctx) {
    IncidentId id = id(ctx);
    Postmortem draft = drafts.draft(id).orElseThrow(() -> notFound(id));
    String markdown = PostmortemWriter.markdown(draft);
    String accept = ctx.header("Accept");
    if (accept != null && accept.contains("application/json")) {
      ctx.json(json(draft, markdown));
    } else {
      ctx.contentType(MARKDOWN).result(markdown);
    }
  }

  private void linked(Context ctx) {
    IncidentId id = id(ctx);
    IncidentDetail detail = incidents.get(id).orElseThrow(() -> notFound(id));
    ctx.json(Map.of("deployments", links.linkedTo(detail).stream().map(PostmortemRoutes::deployment).toList()));
  }

  private void link(Context ctx) {
    IncidentId id = id(ctx);
    JsonNode body = Bodies.object(ctx, bodies);
    String text = Bodies.text(body, "deployment", "the id of the deployment that caused the incident", "deploy-123");
    DeploymentId deployment;
    try {
      deployment = DeploymentId.of(text);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.BadRequest.field("deployment", "the field 'deployment' is a deployment id: " + e.getMessage(),
          "deploy-123");
    }
    String by = by(Bodies.text(body, "by", "who links it; the timeline records it", "alice"), "by");
    answer(ctx, links.link(id, deployment, by));
  }

  private void unlink(Context ctx) {
    IncidentId id = id(ctx);
    String text = ctx.pathParam("deployment");
    DeploymentId deployment;
    try {
      deployment = DeploymentId.of(text);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.BadRequest.parameter("deployment", e.getMessage(), "deploy-123");
    }
    String by = ctx.queryParam("by");
    if (by == null || by.isBlank()) {
      throw HttpProblem.BadRequest.parameter("by", "by names who unlinks it, for the timeline; add ?by=<your name>",
          "by=alice");
    }
    answer(ctx, links.unlink(id, deployment, by(by.strip(), "by")));
  }

  private static void answer(Context ctx, DeploymentLinks.Outcome outcome) {
    switch (outcome) {
      case DeploymentLinks.Outcome.Done done -> {
        Map<String, Object> json = deployment(done.deployment());
        json.put("changed", done.changed());
        ctx.json(json);
      }
      case DeploymentLinks.Outcome.NoIncident none -> throw notFound(none.id());
      case DeploymentLinks.Outcome.NoDeployment none -> throw new HttpProblem.NotFound(
          "no deployment " + none.id() + "; GET /api/v1/deployments lists them");
    }
  }

  private static String by(String text, String field) {
    if (text.length() > 200) {
      throw HttpProblem.BadRequest.field(field, "the field '" + field + "' names a person in at most 200 characters,"
          + " got " + text.length(), "alice");
    }
    return text;
  }

  private static IncidentId id(Context ctx) {
    String text = ctx.pathParam("id");
    try {
      return IncidentId.parse(text);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.BadRequest.parameter("id", "an incident id is a number such as 42, got '" + text + "'", "42");
    }
  }

  private static HttpProblem notFound(IncidentId id) {
    return new HttpProblem.NotFound("no incident " + id + "; GET /api/v1/incidents lists them");
  }

  static Map<String, Object> json(Postmortem p, String markdown) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("incident", Long.parseLong(p.incident().substring(1)));
    json.put("title", p.title());
    json.put("severity", p.severity());
    json.put("services", p.services().stream().sorted().toList());
    json.put("openedAt", p.openedAt().toString());
    json.put("acknowledgedAt", p.acknowledgedAt().map(Instant::toString).orElse(null));
    json.put("resolvedAt", p.resolvedAt().map(Instant::toString).orElse(null));
    json.put("durationSeconds", p.duration().toSeconds());
    json.put("commander", p.commander().orElse(null));
    json.put("usersAffected", p.usersAffected().orElse(null));
    json.put("impacts", p.impacts().stream().map(PostmortemRoutes::impact).toList());
    json.put("suspect", p.suspect().map(PostmortemRoutes::deployment).orElse(null));
    json.put("timeline", p.timeline().stream().map(e -> Map.of(
        "at", e.at().toString(), "actor", e.actor(), "what", e.what())).toList());
    json.put("draftedAt", p.draftedAt().toString());
    json.put("markdown", markdown);
    return json;
  }

  private static Map<String, Object> impact(SloImpact i) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("slo", i.slo());
    json.put("objective", i.objective());
    json.put("target", i.target().toBigDecimal().toPlainString());
    json.put("goodDuringIncident", i.duringIncident().good());
    json.put("totalDuringIncident", i.duringIncident().total());
    json.put("badDuringIncident", i.badEvents());
    json.put("goodInWindow", i.window().good());
    json.put("totalInWindow", i.window().total());
    json.put("budgetConsumed", Json.finite(i.budgetConsumed()));
    json.put("budgetRemainingNow", Json.finite(i.remainingNow()));
    return json;
  }

  static Map<String, Object> deployment(Deployment d) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", d.id().value());
    json.put("service", d.service().value());
    json.put("environment", d.environment());
    json.put("version", d.version());
    json.put("commit", d.commitSha());
    json.put("outcome", d.outcome().wireName());
    json.put("liveAt", d.liveAt().toString());
    json.put("incidents", List.copyOf(d.incidentIds()));
    return json;
  }
}

package dev.governor.server.incidents;

import dev.governor.incident.Incident;
import dev.governor.incident.IncidentAlert;
import dev.governor.incident.IncidentDetail;
import dev.governor.incident.IncidentEngine;
import dev.governor.incident.IncidentId;
import dev.governor.incident.IncidentOutcome;
import dev.governor.incident.IncidentQuery;
import dev.governor.incident.IncidentState;
import dev.governor.incident.IncidentStats;
import dev.governor.incident.SignalLink;
import dev.governor.incident.TimelineEntry;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.QueryParams;
import dev.governor.server.http.RequestBodies;
import dev.governor.slo.Catalog;
import dev.governor.basics.Names;
import dev.governor.basics.TimeRange;
import dev.governor.access.Role;
import dev.governor.server.access.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/incidents}: list and read incidents with their alerts and timeline, acknowledge,
 * resolve, reopen, add notes and assign roles, and the time to acknowledge and resolve.
 *
 * <p>Every change names who makes it ({@code by} in the body): the timeline records people, not
 * tokens. A refused change (acknowledging a resolved incident) is a 409 that says why.
 */
public final class IncidentRoutes {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  /** The stats period when none is given: the last 30 days, as for DORA. */
  static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

  private final IncidentEngine engine;
  private final Supplier<Catalog> catalog;
  private final RequestBodies bodies;
  private final InstantSource clock;

  public IncidentRoutes(IncidentEngine engine, Supplier<Catalog> catalog, RequestBodies bodies, InstantSource clock) {
    this.engine = engine;
    this.catalog = catalog;
    this.bodies = bodies;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/v1/incidents", this::list);
    routes.get("/api/v1/incidents/stats", this::stats);
    routes.get("/api/v1/incidents/{id}", this::get);
    routes.post("/api/v1/incidents/{id}/acknowledge", this::acknowledge);
    routes.post("/api/v1/incidents/{id}/resolve", this::resolve);
    routes.post("/api/v1/incidents/{id}/reopen", this::reopen);
    routes.post("/api/v1/incidents/{id}/notes", this::note);
    routes.post("/api/v1/incidents/{id}/roles", this::role);
  }

  // ----- reads

  private void list(Context ctx) {
    Set<IncidentState> states = switch (Optional.ofNullable(ctx.queryParam("state")).orElse("").toLowerCase(Locale.ROOT)) {
      case "" -> Set.of();
      case "open" -> Set.of(IncidentState.TRIGGERED, IncidentState.ACKNOWLEDGED);
      case "triggered" -> Set.of(IncidentState.TRIGGERED);
      case "acknowledged" -> Set.of(IncidentState.ACKNOWLEDGED);
      case "resolved" -> Set.of(IncidentState.RESOLVED);
      default -> throw HttpProblem.BadRequest.parameter("state", "state must be open, triggered, acknowledged or"
          + " resolved, got '" + ctx.queryParam("state") + "'", "state=open");
    };
    Optional<String> service = Optional.ofNullable(ctx.queryParam("service")).map(String::strip).filter(s -> !s.isEmpty());
    List<Map<String, Object>> incidents = engine.list(new IncidentQuery(states, service, Optional.empty(), limit(ctx)))
        .stream().map(IncidentRoutes::view).toList();
    ctx.json(Map.of("incidents", incidents));
  }

  private void get(Context ctx) {
    IncidentId id = id(ctx);
    IncidentDetail detail = engine.get(id).orElseThrow(() -> notFound(id));
    Map<String, Object> json = view(detail.incident());
    json.put("alerts", detail.alerts().stream().map(IncidentRoutes::alertView).toList());
    json.put("timeline", detail.timeline().stream().map(IncidentRoutes::entryView).toList());
    ctx.json(json);
  }

  private void stats(Context ctx) {
    Instant to = QueryParams.storableInstant(ctx, "to").orElseGet(clock::instant);
    Instant from = QueryParams.storableInstant(ctx, "from").orElse(to.minus(DEFAULT_PERIOD));
    if (!to.isAfter(from)) {
      throw HttpProblem.BadRequest.parameter("from", "from (" + from + ") must be before to (" + to + ")",
          "from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z");
    }
    Map<String, String> teams = new LinkedHashMap<>();
    catalog.get().services().forEach(s -> {
      String team = s.labels().get("team");
      if (team != null && !team.isBlank()) teams.put(s.name().value(), team);
    });
    Function<String, Optional<String>> teamOf = service -> Optional.ofNullable(teams.get(service));
    IncidentStats stats = engine.stats(new TimeRange(from, to), teamOf);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("from", from.toString());
    json.put("to", to.toString());
    json.put("overall", medians(stats.overall()));
    json.put("byService", stats.byService().stream().map(IncidentRoutes::medians).toList());
    json.put("byTeam", stats.byTeam().stream().map(IncidentRoutes::medians).toList());
    json.put("incidents", stats.incidents().stream().map(t -> {
      Map<String, Object> i = new LinkedHashMap<>();
      i.put("id", t.id().number());
      i.put("title", t.title());
      i.put("state", t.state().label());
      i.put("services", t.services());
      i.put("teams", t.teams());
      i.put("openedAt", t.openedAt().toString());
      i.put("timeToAcknowledgeSeconds", seconds(t.timeToAcknowledge()));
      i.put("timeToResolveSeconds", seconds(t.timeToResolve()));
      return i;
    }).toList());
    ctx.json(json);
  }

  // ----- changes

  private void acknowledge(Context ctx) {
    IncidentId id = id(ctx);
    mayRespond(ctx, id, "acknowledge");
    JsonNode body = Bodies.object(ctx, bodies);
    answer(ctx, engine.acknowledge(id, by(ctx, body)));
  }

  private void resolve(Context ctx) {
    IncidentId id = id(ctx);
    mayRespond(ctx, id, "resolve");
    JsonNode body = Bodies.object(ctx, bodies);
    answer(ctx, engine.resolve(id, by(ctx, body)));
  }

  private void reopen(Context ctx) {
    IncidentId id = id(ctx);
    mayRespond(ctx, id, "reopen");
    JsonNode body = Bodies.object(ctx, bodies);
    String by = by(ctx, body);
    String reason = limited(Bodies.text(body, "reason", "why it is reopened", "customers still see errors"), "reason");
    answer(ctx, engine.reopen(id, by, reason));
  }

  private void note(Context ctx) {
    IncidentId id = id(ctx);
    mayRespond(ctx, id, "add a note to");
    JsonNode body = Bodies.object(ctx, bodies);
    String by = by(ctx, body);
    String text = limited(Bodies.text(body, "text", "the note", "rolled back 1.4.2"), "text");
    IncidentOutcome outcome = engine.note(id, by, text);
    if (outcome instanceof IncidentOutcome.Applied) ctx.status(201);
    answer(ctx, outcome);
  }

  private void role(Context ctx) {
    IncidentId id = id(ctx);
    mayRespond(ctx, id, "give a role in");
    JsonNode body = Bodies.object(ctx, bodies);
    String by = by(ctx, body);
    String role = Bodies.text(body, "role", "the role to give, such as commander, communications or scribe", "commander");
    if (!Names.isValid(role)) {
      throw HttpProblem.BadRequest.field("role", "the field 'role' must be lowercase letters, digits, '-', '_', '.'"
          + " such as commander, got '" + role + "'", "commander");
    }
    String person = limited(Bodies.text(body, "person", "who takes the role", "alice"), "person");
    answer(ctx, engine.assignRole(id, role, person, by));
  }

  /**
   * Who acts: a signed-in person is named by their session, whatever the body says; a service
   * account or an open server names the person in {@code by}, as scripts always have.
   */
  private static String by(Context ctx, JsonNode body) {
    if (Requests.isPerson(ctx)) return Requests.actor(ctx, Optional.empty());
    return limited(Bodies.text(body, "by", "who acts; the timeline records it", "alice"), "by");
  }

  /** A responder of the team that owns one of the incident's services, or a global responder. */
  private void mayRespond(Context ctx, IncidentId id, String what) {
    IncidentDetail detail = engine.get(id).orElseThrow(() -> notFound(id));
    List<dev.governor.slo.ServiceName> services = detail.incident().services().stream().filter(Names::isValid)
        .map(dev.governor.slo.ServiceName::of).toList();
    Requests.requireFor(ctx, Role.RESPONDER, services, what + " incident #" + id.number());
  }

  private static String limited(String text, String field) {
    if (text.length() > TimelineEntry.MAX_TEXT) {
      throw HttpProblem.BadRequest.field(field, "the field '" + field + "' holds at most " + TimelineEntry.MAX_TEXT
          + " characters, got " + text.length() + "; put long documents in a link", "…");
    }
    return text;
  }

  private static void answer(Context ctx, IncidentOutcome outcome) {
    switch (outcome) {
      case IncidentOutcome.Applied applied -> {
        Map<String, Object> json = view(applied.incident());
        json.put("changed", applied.changed());
        ctx.json(json);
      }
      case IncidentOutcome.NotFound notFound -> throw notFound(notFound.id());
      case IncidentOutcome.Refused refused -> throw new HttpProblem.Conflict(refused.reason(), List.of());
    }
  }

  // ----- parameters

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

  private static int limit(Context ctx) {
    return QueryParams.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
  }


  // ----- views

  static Map<String, Object> view(Incident i) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", i.id().number());
    json.put("title", i.title());
    json.put("state", i.state().label());
    json.put("severity", i.severity().label());
    json.put("services", i.services());
    json.put("slos", i.slos());
    json.put("labels", new java.util.TreeMap<>(i.labels()));
    json.put("groupKey", i.groupKey());
    json.put("openedAt", i.openedAt().toString());
    json.put("notifyAfter", i.notifyAfter().toString());
    json.put("acknowledgedAt", i.acknowledgedAt().map(Instant::toString).orElse(null));
    json.put("acknowledgedBy", i.acknowledgedBy().orElse(null));
    json.put("resolvedAt", i.resolvedAt().map(Instant::toString).orElse(null));
    json.put("resolvedBy", i.resolvedBy().orElse(null));
    json.put("roles", i.sortedRoles());
    json.put("reopenCount", i.reopenCount());
    json.put("timeToAcknowledgeSeconds", seconds(i.timeToAcknowledge()));
    json.put("timeToResolveSeconds", seconds(i.timeToResolve()));
    return json;
  }

  static Map<String, Object> alertView(IncidentAlert a) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", a.id());
    json.put("integration", a.integration());
    json.put("dedupKey", a.dedupKey());
    json.put("source", a.source().name().toLowerCase(Locale.ROOT));
    json.put("incident", a.incident().map(IncidentId::number).orElse(null));
    json.put("state", a.state().label());
    json.put("suppression", a.suppression().map(s -> s.kind().label()).orElse(null));
    json.put("suppressedBy", a.suppression().map(s -> s.by()).orElse(null));
    json.put("summary", a.summary());
    json.put("severity", a.severity().label());
    json.put("labels", new java.util.TreeMap<>(a.labels()));
    json.put("details", new java.util.TreeMap<>(a.details()));
    List<Map<String, Object>> links = new ArrayList<>();
    for (SignalLink link : a.links()) {
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("href", link.href().toString());
      l.put("text", link.text());
      l.put("image", link.image());
      links.add(l);
    }
    json.put("links", links);
    json.put("startedAt", a.startedAt().toString());
    json.put("firstSeen", a.firstSeen().toString());
    json.put("lastSeen", a.lastSeen().toString());
    json.put("resolvedAt", a.resolvedAt().map(Instant::toString).orElse(null));
    return json;
  }

  static Map<String, Object> entryView(TimelineEntry e) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("at", e.at().toString());
    json.put("kind", e.kind().label());
    json.put("actor", e.actor());
    json.put("text", e.text());
    json.put("detail", new java.util.TreeMap<>(e.detail()));
    return json;
  }

  private static Map<String, Object> medians(IncidentStats.Medians m) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", m.name());
    json.put("incidents", m.incidents());
    json.put("acknowledged", m.acknowledged());
    json.put("medianTimeToAcknowledgeSeconds", seconds(m.timeToAcknowledge()));
    json.put("resolved", m.resolved());
    json.put("medianTimeToResolveSeconds", seconds(m.timeToResolve()));
    return json;
  }

  /** Whole seconds, as DORA's durations are, or null. */
  private static Long seconds(Optional<Duration> d) {
    return d.map(Duration::toSeconds).orElse(null);
  }
}

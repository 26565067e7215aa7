package dev.governor.server.status;

import dev.governor.basics.Names;
import dev.governor.incident.IncidentEngine;
import dev.governor.incident.IncidentId;
import dev.governor.ingest.status.StatusPageReader;
import dev.governor.notify.Channel;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.RequestBodies;
import dev.governor.server.incidents.Bodies;
import dev.governor.slo.SpecProblem;
import dev.governor.status.ComponentOverride;
import dev.governor.status.ComponentState;
import dev.governor.status.Maintenance;
import dev.governor.status.StatusEvent;
import dev.governor.status.StatusPage;
import dev.governor.status.StatusStore;
import dev.governor.status.StatusSubscriber;
import dev.governor.status.StatusUpdate;
import dev.governor.text.Quoted;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The status page's API, for responders and admins: the page document, public incident updates,
 * scheduled maintenance, manual overrides and subscribers. Every change is stored first; then the
 * page is rebuilt and subscribers are told.
 */
final class StatusRoutes {

  private final StatusStore store;
  private final Supplier<IncidentEngine> incidents;
  private final RequestBodies bodies;
  private final InstantSource clock;
  private final Supplier<Optional<StatusPage>> page;
  private final Runnable pageApplied;
  private final Consumer<List<StatusEvent>> changed;

  StatusRoutes(StatusStore store, Supplier<IncidentEngine> incidents, RequestBodies bodies, InstantSource clock,
      Supplier<Optional<StatusPage>> page, Runnable pageApplied, Consumer<List<StatusEvent>> changed) {
    this.store = store;
    this.incidents = incidents;
    this.bodies = bodies;
    this.clock = clock;
    this.page = page;
    this.pageApplied = pageApplied;
    this.changed = changed;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/status/page", this::apply);
    routes.get("/api/v1/status/page", this::getPage);
    routes.delete("/api/v1/status/page", this::deletePage);
    routes.put("/api/v1/status/components/{key}/override", this::override);
    routes.delete("/api/v1/status/components/{key}/override", this::clearOverride);
    routes.get("/api/v1/status/overrides", ctx -> ctx.json(Map.of("overrides", store.overrides())));
    routes.post("/api/v1/incidents/{id}/status-updates", this::update);
    routes.get("/api/v1/incidents/{id}/status-updates", this::updates);
    routes.post("/api/v1/status/maintenances", this::schedule);
    routes.get("/api/v1/status/maintenances", ctx -> ctx.json(Map.of("maintenances",
        store.maintenances(clock.instant().minus(java.time.Duration.ofDays(1))))));
    routes.delete("/api/v1/status/maintenances/{id}", this::cancel);
    routes.post("/api/v1/status/subscribers", this::subscribe);
    routes.get("/api/v1/status/subscribers", this::subscribers);
    routes.delete("/api/v1/status/subscribers/{id}", this::unsubscribe);
  }

  // ----- the page document

  private void apply(Context ctx) {
    RequestBodies.requireMediaType(ctx, StatusFeature.YAML);
    String file = Optional.ofNullable(ctx.queryParam("file")).filter(f -> !f.isBlank()).orElse("request.yaml");
    boolean dryRun = "true".equals(ctx.queryParam("dryRun"));
    StatusPageReader.Parsed parsed = StatusPageReader.parse(file, new String(bodies.read(ctx), StandardCharsets.UTF_8));
    List<SpecProblem> problems = new ArrayList<>(parsed.problems());
    if (problems.isEmpty() && parsed.documents().isEmpty()) {
      problems.add(new SpecProblem(file, 1, "", 0, "the body holds no StatusPage document; nothing to apply"));
    }
    if (!problems.isEmpty()) {
      throw new HttpProblem.InvalidDocument(problems.size() + (problems.size() == 1 ? " problem" : " problems")
          + " in the status page; nothing was applied. Fix them and apply again.", problems);
    }
    StatusPageReader.PageDocument doc = parsed.documents().getFirst();
    Optional<StatusStore.StoredPage> before = store.page();
    String result = before.isEmpty() || !before.get().name().equals(doc.page().name()) ? "created"
        : before.get().source().equals(doc.source()) ? "unchanged" : "updated";
    if (!dryRun && !result.equals("unchanged")) {
      store.savePage(new StatusStore.StoredPage(doc.page().name(), doc.source(), clock.instant()));
      pageApplied.run();
    }
    ctx.json(Map.of("dryRun", dryRun, "applied", List.of(Map.of("kind", StatusPageReader.KIND, "name",
        doc.page().name(), "result", result))));
  }

  private void getPage(Context ctx) {
    StatusStore.StoredPage stored = store.page().orElseThrow(StatusRoutes::noPage);
    ctx.json(Map.of("name", stored.name(), "source", stored.source(), "appliedAt", stored.appliedAt().toString()));
  }

  private void deletePage(Context ctx) {
    if (!store.deletePage()) throw noPage();
    pageApplied.run();
    ctx.status(204);
  }

  private static HttpProblem noPage() {
    return new HttpProblem.NotFound("no status page is applied; POST a StatusPage document to /api/v1/status/page");
  }

  // ----- overrides

  private void override(Context ctx) {
    String key = component(ctx.pathParam("key"));
    JsonNode body = Bodies.object(ctx, bodies);
    ComponentState state = state(Bodies.text(body, "state", "the state to show", "major_outage"), "state");
    String reason = Bodies.text(body, "reason", "why, for the people who read the API", "our DNS provider is down");
    Optional<Instant> until = Bodies.optionalInstant(body, "until");
    Instant now = clock.instant();
    if (until.isPresent() && !until.get().isAfter(now)) {
      throw HttpProblem.BadRequest.field("until", "until must be in the future, got " + until.get(), "2026-12-06T09:00:00Z");
    }
    ComponentOverride override;
    try {
      override = new ComponentOverride(key, state, reason, now, until);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.BadRequest.field("reason", e.getMessage(), "our DNS provider is down");
    }
    store.setOverride(override);
    changed.accept(List.of());
    ctx.json(override);
  }

  private void clearOverride(Context ctx) {
    String key = component(ctx.pathParam("key"));
    if (!store.clearOverride(key)) {
      throw new HttpProblem.NotFound("component " + key + " has no override; PUT one first");
    }
    changed.accept(List.of());
    ctx.status(204);
  }

  // ----- public incident updates

  private void update(Context ctx) {
    IncidentId id = incident(ctx);
    JsonNode body = Bodies.object(ctx, bodies);
    StatusUpdate.Phase phase = phase(Bodies.text(body, "status", "where the incident stands", "investigating"));
    String message = Bodies.text(body, "message", "what the public is told", "We are looking into slow checkouts.");
    Optional<String> title = Bodies.optionalText(body, "title", "Slow checkout");
    List<String> components = new ArrayList<>();
    for (JsonNode c : Bodies.array(body, "components", "[\"checkout\"]")) {
      if (!c.isString()) throw HttpProblem.BadRequest.field("components", "components holds component keys", "[\"checkout\"]");
      components.add(componentField(c.asString(), "components"));
    }
    Optional<ComponentState> impact = Bodies.optionalText(body, "impact", "partial_outage").map(s -> state(s, "impact"));
    List<StatusUpdate> before = store.updatesOf(id);
    if (before.isEmpty() && title.isEmpty()) {
      throw HttpProblem.BadRequest.field("title", "the first public update of an incident needs a title: what the public"
          + " reads, never the internal one", "Slow checkout");
    }
    StatusUpdate update;
    try {
      update = new StatusUpdate(0, id, clock.instant(), phase, title, message, components, impact);
    } catch (IllegalArgumentException e) {
      throw new HttpProblem.BadRequest(e.getMessage());
    }
    String publicTitle = title.orElseGet(() -> before.reversed().stream().map(StatusUpdate::title)
        .flatMap(Optional::stream).findFirst().orElse("Incident"));
    StatusEvent event = new StatusEvent(0, update.at(), "incident", Long.toString(id.number()),
        phase.words() + ": " + publicTitle, message);
    StatusUpdate stored = store.addUpdate(update, event);
    changed.accept(store.events(1));
    ctx.status(201).json(view(stored));
  }

  private void updates(Context ctx) {
    IncidentId id = incident(ctx);
    ctx.json(Map.of("incident", id.number(), "updates", store.updatesOf(id).stream().map(StatusRoutes::view).toList()));
  }

  private static Map<String, Object> view(StatusUpdate u) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", u.id());
    out.put("incident", u.incident().number());
    out.put("at", u.at().toString());
    out.put("status", u.phase().label());
    u.title().ifPresent(t -> out.put("title", t));
    out.put("message", u.message());
    out.put("components", u.components());
    u.impact().ifPresent(i -> out.put("impact", i.label()));
    return out;
  }

  // ----- maintenance

  private void schedule(Context ctx) {
    JsonNode body = Bodies.object(ctx, bodies);
    String title = Bodies.text(body, "title", "what the public reads", "Database upgrade");
    String message = Bodies.optionalText(body, "message", "Checkout may be slow for a few minutes.").orElse("");
    Instant start = Bodies.optionalInstant(body, "start").orElseThrow(() ->
        HttpProblem.BadRequest.field("start", "the field 'start' is required: an RFC 3339 time", "2026-12-06T02:00:00Z"));
    Instant end = Bodies.optionalInstant(body, "end").orElseThrow(() ->
        HttpProblem.BadRequest.field("end", "the field 'end' is required: an RFC 3339 time", "2026-12-06T03:00:00Z"));
    List<String> components = new ArrayList<>();
    for (JsonNode c : Bodies.array(body, "components", "[\"checkout\"]")) {
      if (!c.isString()) throw HttpProblem.BadRequest.field("components", "components holds component keys", "[\"checkout\"]");
      components.add(componentField(c.asString(), "components"));
    }
    if (end.isBefore(clock.instant())) {
      throw HttpProblem.BadRequest.field("end", "end is in the past, got " + end, "2026-12-06T03:00:00Z");
    }
    Maintenance maintenance;
    try {
      maintenance = new Maintenance(0, title, message, components, start, end, false);
    } catch (IllegalArgumentException e) {
      throw new HttpProblem.BadRequest(e.getMessage());
    }
    Maintenance stored = store.addMaintenance(maintenance, new StatusEvent(0, clock.instant(), "maintenance", "",
        "Scheduled: " + title, "From " + start + " to " + end + (message.isEmpty() ? "" : ". " + message)));
    changed.accept(store.events(1));
    ctx.status(201).json(stored);
  }

  private void cancel(Context ctx) {
    long id = number(ctx.pathParam("id"), "id");
    Optional<Maintenance> found = store.maintenances(Instant.EPOCH).stream().filter(m -> m.id() == id).findFirst();
    if (found.isEmpty() || !store.cancelMaintenance(id, new StatusEvent(0, clock.instant(), "maintenance",
        Long.toString(id), "Cancelled: " + found.get().title(), "The maintenance is cancelled."))) {
      throw new HttpProblem.NotFound("there is no maintenance " + id + " to cancel; GET /api/v1/status/maintenances lists them");
    }
    changed.accept(store.events(1));
    ctx.status(204);
  }

  // ----- subscribers

  private void subscribe(Context ctx) {
    JsonNode body = Bodies.object(ctx, bodies);
    Optional<String> webhook = Bodies.optionalText(body, "webhook", "https://hooks.example.com/status");
    Optional<String> email = Bodies.optionalText(body, "email", "ops@example.com");
    if (webhook.isPresent() == email.isPresent()) {
      throw HttpProblem.BadRequest.field("webhook", "give exactly one of webhook (a URL) or email (an address)",
          "https://hooks.example.com/status");
    }
    Channel channel;
    try {
      channel = webhook.isPresent()
          ? new Channel.Webhook(URI.create(webhook.get()), Bodies.optionalText(body, "secret", "a-shared-secret"))
          : new Channel.Email(email.get());
    } catch (IllegalArgumentException e) {
      throw HttpProblem.BadRequest.field(webhook.isPresent() ? "webhook" : "email", e.getMessage(),
          webhook.isPresent() ? "https://hooks.example.com/status" : "ops@example.com");
    }
    StatusSubscriber stored = store.subscribe(new StatusSubscriber(0, channel, clock.instant()));
    ctx.status(201).json(subscriber(stored));
  }

  private void subscribers(Context ctx) {
    ctx.json(Map.of("subscribers", store.subscribers().stream().map(StatusRoutes::subscriber).toList()));
  }

  private void unsubscribe(Context ctx) {
    long id = number(ctx.pathParam("id"), "id");
    if (!store.unsubscribe(id)) throw new HttpProblem.NotFound("there is no subscriber " + id);
    ctx.status(204);
  }

  /** A subscriber as shown: the channel described, its secret never. */
  private static Map<String, Object> subscriber(StatusSubscriber s) {
    return Map.of("id", s.id(), "type", s.channel().type(), "channel", s.channel().describe(), "since", s.since().toString());
  }

  // ----- fields

  private String component(String key) {
    StatusPage current = page.get().orElseThrow(StatusRoutes::noPage);
    if (!Names.isValid(key) || current.component(key).isEmpty()) {
      throw new HttpProblem.NotFound("the status page has no component " + Quoted.bounded(key) + "; it has "
          + String.join(", ", current.components().stream().map(StatusPage.Component::key).toList()));
    }
    return key;
  }

  private String componentField(String key, String field) {
    StatusPage current = page.get().orElseThrow(StatusRoutes::noPage);
    if (current.component(key).isEmpty()) {
      throw HttpProblem.BadRequest.field(field, "the status page has no component " + Quoted.bounded(key) + "; it has "
          + String.join(", ", current.components().stream().map(StatusPage.Component::key).toList()), "[\"checkout\"]");
    }
    return key;
  }

  private IncidentId incident(Context ctx) {
    String text = ctx.pathParam("id");
    IncidentId id;
    try {
      id = IncidentId.parse(text);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.BadRequest.parameter("id", "id must be an incident number such as 12, got " + Quoted.bounded(text), "12");
    }
    if (incidents.get().get(id).isEmpty()) {
      throw new HttpProblem.NotFound("there is no incident " + id.number() + "; GET /api/v1/incidents lists them");
    }
    return id;
  }

  private static StatusUpdate.Phase phase(String text) {
    try {
      return StatusUpdate.Phase.of(text);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.BadRequest.field("status", e.getMessage(), "identified");
    }
  }

  private static ComponentState state(String text, String field) {
    try {
      return ComponentState.of(text);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.BadRequest.field(field, e.getMessage(), "partial_outage");
    }
  }

  private static long number(String text, String parameter) {
    try {
      long n = Long.parseLong(text);
      if (n > 0) return n;
    } catch (NumberFormatException e) {
      // answered below
    }
    throw HttpProblem.BadRequest.parameter(parameter, parameter + " must be a positive whole number, got "
        + Quoted.bounded(text), "3");
  }
}

package dev.governor.server.ui;

import dev.governor.incident.Incident;
import dev.governor.incident.IncidentDetail;
import dev.governor.incident.IncidentEngine;
import dev.governor.incident.IncidentId;
import dev.governor.incident.IncidentQuery;
import dev.governor.incident.IncidentState;
import dev.governor.oncall.OnCallDirectory;
import dev.governor.slo.Evaluator;
import dev.governor.basics.Names;
import dev.governor.basics.SloName;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The incident pages ({@code /incidents}, {@code /incidents/{id}}) and the on-call page
 * ({@code /oncall}): read-only views of what the incident API and the on-call API serve. Changes
 * go through the API or the CLI, which name who acts; these pages say how.
 */
public final class IncidentPages {

  /** How many open incidents the list shows, and how many recent closed ones below them. */
  static final int OPEN_LIMIT = 200;
  static final int RECENT_LIMIT = 50;

  private final IncidentEngine incidents;
  private final OnCallDirectory oncall;
  private final Evaluator evaluator;
  private final InstantSource clock;

  public IncidentPages(IncidentEngine incidents, OnCallDirectory oncall, Evaluator evaluator, InstantSource clock) {
    this.incidents = incidents;
    this.oncall = oncall;
    this.evaluator = evaluator;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.get("/incidents", ctx -> UiRoutes.render(ctx, "incidents.jte", Map.of("page", list(ctx))));
    routes.get("/fragments/incidents", ctx -> UiRoutes.render(ctx, "incidents_section.jte", Map.of("page", list(ctx))));
    routes.get("/incidents/{id}", this::incident);
    routes.get("/silences", ctx -> UiRoutes.render(ctx, "silences.jte", Map.of("page", silences(ctx))));
    routes.get("/oncall", ctx -> UiRoutes.render(ctx, "oncall.jte",
        Map.of("page", IncidentViews.onCall(oncall.snapshot(), clock.instant()))));
  }

  /** A silence as the page shows it. */
  public record SilenceRow(String id, List<String> matchers, String state, java.time.Instant startsAt,
      java.time.Instant endsAt, String createdBy, String comment) {}

  /** The silences page: pending and active silences, and a form prefilled from an alert's labels. */
  public record SilencesPage(List<SilenceRow> silences, String matchers, String comment) {}

  private SilencesPage silences(Context ctx) {
    java.time.Instant now = clock.instant();
    List<SilenceRow> rows = incidents.silences(false, 200).stream().map(s -> new SilenceRow(s.id().toString(),
        s.matchers().stream().map(Object::toString).toList(), s.stateAt(now).label(), s.startsAt(), s.endsAt(),
        s.createdBy(), s.comment())).toList();
    String prefill = Optional.ofNullable(ctx.queryParam("matchers")).map(m -> m.length() > 2000 ? "" : m).orElse("");
    String comment = Optional.ofNullable(ctx.queryParam("comment")).map(m -> m.length() > 500 ? "" : m).orElse("");
    return new SilencesPage(rows, prefill, comment);
  }

  private IncidentViews.IncidentsPage list(Context ctx) {
    IncidentViews.IncidentFilter filter = new IncidentViews.IncidentFilter(param(ctx, "state"), param(ctx, "service"));
    Optional<String> service = Optional.of(filter.service()).filter(s -> !s.isEmpty());
    List<Incident> latest = incidents.list(IncidentQuery.all(500));
    List<Incident> open;
    List<Incident> recent;
    if (filter.state().isEmpty()) {
      // Open first, all of them; then the latest closed ones, which is what "recent" means here.
      open = incidents.list(new IncidentQuery(Set.of(IncidentState.TRIGGERED, IncidentState.ACKNOWLEDGED), service,
          Optional.empty(), OPEN_LIMIT));
      recent = incidents.list(new IncidentQuery(Set.of(IncidentState.RESOLVED), service, Optional.empty(), RECENT_LIMIT));
    } else {
      Set<IncidentState> states = filter.state().equals("open")
          ? Set.of(IncidentState.TRIGGERED, IncidentState.ACKNOWLEDGED)
          : Set.of(IncidentState.ofLabel(filter.state()));
      List<Incident> found = incidents.list(new IncidentQuery(states, service, Optional.empty(), OPEN_LIMIT));
      open = found.stream().filter(Incident::isOpen).toList();
      recent = found.stream().filter(i -> !i.isOpen()).toList();
    }
    TreeSet<String> services = new TreeSet<>();
    evaluator.catalog().servicesByName().keySet().forEach(s -> services.add(s.value()));
    latest.forEach(i -> services.addAll(i.services()));
    if (!filter.service().isEmpty()) services.add(filter.service());
    return IncidentViews.incidents(latest.isEmpty(), open, recent, List.copyOf(services), filter, clock.instant());
  }

  private void incident(Context ctx) {
    String text = ctx.pathParam("id");
    Optional<IncidentDetail> detail;
    try {
      detail = incidents.get(IncidentId.parse(text));
    } catch (IllegalArgumentException notANumber) {
      detail = Optional.empty();
    }
    if (detail.isEmpty()) {
      ctx.status(404);
      UiRoutes.render(ctx, "incident_not_found.jte", Map.of("id", text));
      return;
    }
    Instant now = clock.instant();
    UiRoutes.render(ctx, "incident.jte", Map.of("page", IncidentViews.incident(detail.get(),
        slo -> Names.isValid(slo) && evaluator.status(new SloName(slo)).isPresent(), now)));
  }

  private static String param(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null ? "" : value.strip();
  }
}

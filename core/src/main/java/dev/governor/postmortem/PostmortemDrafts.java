package dev.governor.postmortem;

import dev.governor.delivery.Deployment;
import dev.governor.incident.Incident;
import dev.governor.incident.IncidentAlert;
import dev.governor.incident.IncidentDetail;
import dev.governor.incident.IncidentEngine;
import dev.governor.incident.IncidentId;
import dev.governor.incident.TimelineEntry;
import dev.governor.sli.BucketStore;
import dev.governor.slo.Evaluator;
import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.basics.Names;
import dev.governor.slo.Objective;
import dev.governor.slo.ObjectiveStatus;
import dev.governor.slo.Slo;
import dev.governor.basics.SloName;
import dev.governor.slo.SloStatus;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gathers what a postmortem draft says about one incident from where Governor keeps it: the
 * incident and its timeline, the SLI buckets of the affected SLOs, the evaluator's budget now and
 * the deployments.
 *
 * <ul>
 *   <li>The affected SLOs are those its alerts name in their {@code slo} label; when none does,
 *       every SLO of its services.
 *   <li>Each objective's counts during the incident are the buckets of the minutes from the one
 *       it opened in to the one it resolved in (or the current one), both included, since buckets
 *       are whole minutes; the window's counts end with that same minute, as the evaluator's status
 *       at the incident's end does.
 *   <li>Users affected come from a {@code users_affected} label or detail of the incident or its
 *       alerts, the largest whole number given.
 *   <li>The suspect is the deployment linked to the incident (the last to go live, when a person
 *       linked several), or else the one {@link DeploymentLinks#suspect} finds among all its
 *       services, unless a person unlinked that one.
 * </ul>
 */
public final class PostmortemDrafts {

  public static final String USERS_AFFECTED = "users_affected";

  private final IncidentEngine incidents;
  private final DeploymentLinks links;
  private final Evaluator evaluator;
  private final BucketStore buckets;
  private final InstantSource clock;

  public PostmortemDrafts(IncidentEngine incidents, DeploymentLinks links, Evaluator evaluator, BucketStore buckets,
      InstantSource clock) {
    this.incidents = incidents;
    this.links = links;
    this.evaluator = evaluator;
    this.buckets = buckets;
    this.clock = clock;
  }

  /** The draft of the incident as of now; empty when there is no such incident. */
  public Optional<Postmortem> draft(IncidentId id) {
    return incidents.get(id).map(this::draft);
  }

  Postmortem draft(IncidentDetail detail) {
    Instant now = clock.instant();
    Incident incident = detail.incident();
    Instant end = incident.resolvedAt().orElse(now);
    List<Postmortem.Event> timeline = detail.timeline().stream()
        .map(e -> new Postmortem.Event(e.at(), e.actor(), describe(e)))
        .toList();
    return new Postmortem(incident.id().toString(), incident.title(), incident.severity().label(),
        Set.copyOf(incident.services()), incident.openedAt(), incident.acknowledgedAt(), incident.acknowledgedBy(),
        incident.resolvedAt(), Optional.ofNullable(incident.roles().get("commander")), usersAffected(detail),
        impacts(incident, end), suspect(detail), timeline, now);
  }

  private List<SloImpact> impacts(Incident incident, Instant end) {
    List<SloImpact> impacts = new ArrayList<>();
    for (Slo slo : affected(incident)) {
      Instant from = Minutes.floor(incident.openedAt());
      Instant to = Minutes.floor(end).plus(Minutes.ONE);
      Instant windowStart = slo.window().rangeAt(end).start();
      Map<String, ObjectiveStatus> nowByName = new java.util.HashMap<>();
      evaluator.status(slo.name()).map(SloStatus::objectives)
          .ifPresent(list -> list.forEach(s -> nowByName.put(s.objective(), s)));
      for (Objective o : slo.objectives()) {
        EventCounts during = buckets.sum(slo.seriesOf(o), from, to);
        EventCounts window = buckets.sum(slo.seriesOf(o), windowStart, to);
        double remaining = Optional.ofNullable(nowByName.get(o.name())).map(s -> s.budget().remaining()).orElse(1.0);
        impacts.add(new SloImpact(slo.name().value(), o.name(), o.target(), during, window, remaining));
      }
    }
    return impacts;
  }

  /** The SLOs its alerts name, or else those of its services; ordered by name. */
  private List<Slo> affected(Incident incident) {
    var catalog = evaluator.catalog();
    Set<Slo> slos = new LinkedHashSet<>();
    for (String name : incident.slos()) {
      if (Names.isValid(name)) catalog.slo(SloName.of(name)).ifPresent(slos::add);
    }
    if (slos.isEmpty()) {
      for (Slo slo : catalog.slos()) if (incident.services().contains(slo.service().value())) slos.add(slo);
    }
    return slos.stream().sorted(Comparator.comparing(s -> s.name().value())).toList();
  }

  private Optional<Deployment> suspect(IncidentDetail detail) {
    Optional<Deployment> linked = links.linkedTo(detail).stream().max(Comparator.comparing(Deployment::liveAt));
    if (linked.isPresent()) return linked;
    Set<String> unlinked = links.unlinked(detail);
    return links.suspect(detail.incident(), detail.incident().services())
        .filter(d -> !unlinked.contains(d.id().value()));
  }

  static Optional<Long> usersAffected(IncidentDetail detail) {
    List<Map<String, String>> sources = new ArrayList<>();
    sources.add(detail.incident().labels());
    for (IncidentAlert a : detail.alerts()) {
      sources.add(a.labels());
      sources.add(a.details());
    }
    Optional<Long> most = Optional.empty();
    for (Map<String, String> source : sources) {
      Optional<Long> n = wholeNumber(source.get(USERS_AFFECTED));
      if (n.isPresent() && (most.isEmpty() || n.get() > most.get())) most = n;
    }
    return most;
  }

  /** "12000", "12,000" or "12 000"; anything else is not a count and is left out. */
  private static Optional<Long> wholeNumber(String text) {
    if (text == null) return Optional.empty();
    String digits = text.strip().replace(",", "").replace("_", "").replace(" ", "");
    if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 18) return Optional.empty();
    return Optional.of(Long.parseLong(digits));
  }

  private static String describe(TimelineEntry e) {
    return e.kind() == TimelineEntry.Kind.COMMENT ? "note: " + e.text() : e.text();
  }
}

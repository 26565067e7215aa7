package dev.governor.postmortem;

import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentId;
import dev.governor.delivery.DeploymentQuery;
import dev.governor.delivery.DeploymentStore;
import dev.governor.delivery.Dora;
import dev.governor.incident.Incident;
import dev.governor.incident.IncidentDetail;
import dev.governor.incident.IncidentEngine;
import dev.governor.incident.IncidentId;
import dev.governor.incident.IncidentListener;
import dev.governor.incident.TimelineEntry;
import dev.governor.basics.Names;
import dev.governor.slo.ServiceName;
import dev.governor.basics.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Links incidents to the deployments that likely caused them, so DORA counts those deployments as
 * failed and measures their recovery up to the incident's resolution.
 *
 * <p>When an incident opens, its suspect (see {@link Postmortem#suspect}) among the deployments
 * that reached production is linked, and the timeline says so. A person who knows better links
 * another with {@link #link} or removes a wrong link with {@link #unlink}; both go on the timeline
 * too, and the timeline is also how the links of an incident are found again
 * ({@link #linkedTo}): deployments hold incident ids, and no store query goes the other way.
 *
 * <p>A deployment names an incident by its number as text ("12"), the form
 * {@code Deployment.incidentIds} and {@code IncidentTimes} use.
 */
public final class DeploymentLinks implements IncidentListener {

  /** Enough for every deployment of a few services over a look-back of days. */
  static final int MAX_CANDIDATES = 1000;

  /** Who links automatically, as the timeline names it. */
  public static final String ACTOR = "governor";

  private final IncidentEngine incidents;
  private final DeploymentStore deployments;
  private final Duration lookBack;
  private final InstantSource clock;

  public DeploymentLinks(IncidentEngine incidents, DeploymentStore deployments, Duration lookBack, InstantSource clock) {
    if (lookBack.isNegative()) throw new IllegalArgumentException("the look-back must not be negative, got " + lookBack);
    this.incidents = incidents;
    this.deployments = deployments;
    this.lookBack = lookBack;
    this.clock = clock;
  }

  /** What a link or unlink asked by a person came to. */
  public sealed interface Outcome {
    /** @param changed false when it already was so */
    record Done(Deployment deployment, boolean changed) implements Outcome {}

    record NoIncident(IncidentId id) implements Outcome {}

    record NoDeployment(DeploymentId id) implements Outcome {}
  }

  public static String key(IncidentId id) {
    return Long.toString(id.number());
  }

  /**
   * The deployment to suspect for {@code incident}: the last of its services' deployments that
   * reached production and went live within the look-back before it opened.
   */
  public Optional<Deployment> suspect(Incident incident, Collection<String> services) {
    Set<ServiceName> names = services.stream().filter(Names::isValid).map(ServiceName::of).collect(Collectors.toSet());
    if (names.isEmpty() || lookBack.isZero()) return Optional.empty();
    // A deployment is found by its start; one may start before the look-back and go live inside
    // it, so the query reaches a day further back and Postmortem.suspect judges by the live time.
    Instant opened = incident.openedAt();
    TimeRange started = new TimeRange(opened.minus(lookBack).minus(Duration.ofDays(1)), opened.plusMillis(1));
    List<Deployment> candidates = deployments.list(
            new DeploymentQuery(names, Optional.empty(), Optional.of(started), MAX_CANDIDATES))
        .stream().filter(Dora::reachedProduction).toList();
    return Postmortem.suspect(candidates, names.stream().map(ServiceName::value).collect(Collectors.toSet()),
        opened, lookBack);
  }

  @Override
  public void opened(Incident incident) {
    suspect(incident, incident.services()).ifPresent(d -> {
      deployments.linkIncident(d.id(), key(incident.id()));
      incidents.record(incident.id(), entry(clock.instant(), ACTOR, "linked to", d));
    });
  }

  /** Links {@code deployment} to the incident, as a person who knows it caused it. */
  public Outcome link(IncidentId id, DeploymentId deployment, String by) {
    return change(id, deployment, by, true);
  }

  /** Removes the link, as a person who knows the deployment did not cause it. */
  public Outcome unlink(IncidentId id, DeploymentId deployment, String by) {
    return change(id, deployment, by, false);
  }

  private Outcome change(IncidentId id, DeploymentId deploymentId, String by, boolean link) {
    if (incidents.get(id).isEmpty()) return new Outcome.NoIncident(id);
    Optional<Deployment> before = deployments.get(deploymentId);
    if (before.isEmpty()) return new Outcome.NoDeployment(deploymentId);
    boolean linked = before.get().incidentIds().contains(key(id));
    if (linked == link) return new Outcome.Done(before.get(), false);
    Deployment after = (link ? deployments.linkIncident(deploymentId, key(id)) : deployments.unlinkIncident(deploymentId, key(id)))
        .orElseThrow(() -> new IllegalStateException("deployment " + deploymentId + " vanished while linking"));
    incidents.record(id, entry(clock.instant(), by, link ? "linked to" : "unlinked from", after));
    return new Outcome.Done(after, true);
  }

  /**
   * The deployments linked to the incident now: those its timeline names that still carry its id,
   * in the order they were linked.
   */
  public List<Deployment> linkedTo(IncidentDetail detail) {
    Set<String> named = new LinkedHashSet<>();
    for (TimelineEntry e : detail.timeline()) {
      if (e.kind() == TimelineEntry.Kind.DEPLOYMENT && e.detail().containsKey("deployment")) {
        named.add(e.detail().get("deployment"));
      }
    }
    String key = key(detail.incident().id());
    return named.stream()
        .flatMap(id -> deployments.get(DeploymentId.of(id)).stream())
        .filter(d -> d.incidentIds().contains(key))
        .toList();
  }

  /** The deployments a person unlinked from the incident and that stay unlinked. */
  Set<String> unlinked(IncidentDetail detail) {
    Set<String> linkedNow = linkedTo(detail).stream().map(d -> d.id().value()).collect(Collectors.toSet());
    return detail.timeline().stream()
        .filter(e -> e.kind() == TimelineEntry.Kind.DEPLOYMENT && "unlinked".equals(e.detail().get("link")))
        .map(e -> e.detail().get("deployment"))
        .filter(id -> !linkedNow.contains(id))
        .collect(Collectors.toSet());
  }

  private static TimelineEntry entry(Instant at, String by, String verb, Deployment d) {
    return new TimelineEntry(at, TimelineEntry.Kind.DEPLOYMENT, by,
        verb + " deployment " + d.id().value() + " (" + d.service().value() + " " + d.version() + ")",
        Map.of("deployment", d.id().value(), "link", verb.startsWith("linked") ? "linked" : "unlinked"));
  }

  /**
   * The open and resolve times of the incidents that deployments name, for DORA's recovery time.
   * Ids that name no incident (a pipeline's own ticket number) are left out, and DORA falls back to
   * rollbacks for them.
   */
  public List<dev.governor.delivery.IncidentTimes> incidentTimes(Collection<String> ids) {
    return ids.stream().distinct()
        .filter(id -> id.matches("#?[1-9][0-9]{0,17}"))
        .flatMap(id -> incidents.get(IncidentId.parse(id)).stream()
            .map(d -> new dev.governor.delivery.IncidentTimes(id, d.incident().openedAt(), d.incident().resolvedAt())))
        .toList();
  }
}

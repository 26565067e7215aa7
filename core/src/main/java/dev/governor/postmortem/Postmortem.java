package dev.governor.postmortem;

import dev.governor.delivery.Deployment;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a postmortem draft says, gathered by whoever knows the incident, its SLOs and the
 * deployments; {@link PostmortemWriter} turns it into Markdown.
 *
 * @param incident the incident's number as people write it, "#12"
 * @param usersAffected when the incident or its alerts said so (a {@code users_affected} label)
 * @param suspect the deployment that went live last before the incident on an affected service
 */
public record Postmortem(
    String incident,
    String title,
    String severity,
    Set<String> services,
    Instant openedAt,
    Optional<Instant> acknowledgedAt,
    Optional<String> acknowledgedBy,
    Optional<Instant> resolvedAt,
    Optional<String> commander,
    Optional<Long> usersAffected,
    List<SloImpact> impacts,
    Optional<Deployment> suspect,
    List<Event> timeline,
    Instant draftedAt) {

  /** One line of the timeline. */
  public record Event(Instant at, String actor, String what) {}

  public Postmortem {
    services = Set.copyOf(services);
    impacts = List.copyOf(impacts);
    timeline = timeline.stream().sorted(Comparator.comparing(Event::at)).toList();
  }

  /** From opening to resolution, or to the drafting while it is still open. */
  public Duration duration() {
    return Duration.between(openedAt, resolvedAt.orElse(draftedAt));
  }

  /**
   * The deployment to look at first: of those on an affected service that went live before the
   * incident opened and no longer than {@code lookBack} before it, the last one. A deployment that
   * went live after the incident opened cannot have caused it.
   */
  public static Optional<Deployment> suspect(
      List<Deployment> deployments, Set<String> services, Instant openedAt, Duration lookBack) {
    Instant earliest = openedAt.minus(lookBack);
    return deployments.stream()
        .filter(d -> services.contains(d.service().value()))
        .filter(d -> !d.liveAt().isAfter(openedAt) && !d.liveAt().isBefore(earliest))
        .max(Comparator.comparing(Deployment::liveAt));
  }
}

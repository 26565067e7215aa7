package dev.governor.incident;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One alert as Governor holds it: the life of one (integration, dedup key) from its first trigger
 * to its resolution. A trigger with the same key after that opens another alert with another id.
 *
 * @param id the store's number for it, in the order alerts arrive
 * @param incident the incident it belongs to; empty while it is suppressed
 * @param state triggered, acknowledged (by the source, or with its incident) or resolved
 * @param suppression why it opened no incident, when it did not
 * @param groupKey what it groups by (see {@link IncidentEngine})
 * @param startedAt when the sender says it started
 * @param firstSeen when Governor received its first trigger
 * @param lastSeen when Governor received its last signal
 */
public record IncidentAlert(
    long id,
    SignalSource source,
    String integration,
    String dedupKey,
    Optional<IncidentId> incident,
    IncidentState state,
    Optional<Suppression> suppression,
    String summary,
    AlertSeverity severity,
    Map<String, String> labels,
    Map<String, String> details,
    List<SignalLink> links,
    String groupKey,
    Instant startedAt,
    Instant firstSeen,
    Instant lastSeen,
    Optional<Instant> resolvedAt) {

  public IncidentAlert {
    if (id < 1) throw new IllegalArgumentException("an alert id is 1 or more, got " + id);
    if (integration == null || integration.isBlank()) throw new IllegalArgumentException("an alert needs an integration");
    if (dedupKey == null || dedupKey.isBlank()) throw new IllegalArgumentException("an alert needs a dedup key");
    if ((state == IncidentState.RESOLVED) != resolvedAt.isPresent()) {
      throw new IllegalArgumentException("alert " + id + " has a resolvedAt exactly when it is resolved, got "
          + state.label() + " and " + resolvedAt);
    }
    if (suppression.isPresent() && incident.isPresent()) {
      throw new IllegalArgumentException("alert " + id + " is " + suppression.get().kind().label()
          + " and so belongs to no incident, got " + incident.get());
    }
    if (lastSeen.isBefore(firstSeen)) {
      throw new IllegalArgumentException("alert " + id + " was last seen (" + lastSeen + ") before it was first seen ("
          + firstSeen + ")");
    }
    if (summary == null) summary = "";
    labels = Map.copyOf(labels);
    details = Map.copyOf(details);
    links = List.copyOf(links);
  }

  /** "integration/dedupKey", how the timeline names it. */
  public String ref() {
    return integration + "/" + dedupKey;
  }

  public boolean isOpen() {
    return state.isOpen();
  }

  /** A trigger for it again: what the sender says now replaces what it said, the state stays. */
  IncidentAlert refreshed(Signal signal, Instant now) {
    return new IncidentAlert(id, source, integration, dedupKey, incident, state, suppression,
        signal.summary().isBlank() ? summary : signal.summary(), signal.severity(), signal.labels(),
        signal.details(), signal.links(), groupKey, startedAt, firstSeen, now, resolvedAt);
  }

  IncidentAlert withState(IncidentState next, Instant now) {
    return new IncidentAlert(id, source, integration, dedupKey, incident, next, suppression, summary, severity,
        labels, details, links, groupKey, startedAt, firstSeen, now,
        next == IncidentState.RESOLVED ? Optional.of(now) : Optional.empty());
  }

  IncidentAlert inIncident(IncidentId id) {
    return new IncidentAlert(this.id, source, integration, dedupKey, Optional.of(id), state, Optional.empty(),
        summary, severity, labels, details, links, groupKey, startedAt, firstSeen, lastSeen, resolvedAt);
  }

  IncidentAlert suppressed(Suppression why) {
    return new IncidentAlert(id, source, integration, dedupKey, Optional.empty(), state, Optional.of(why),
        summary, severity, labels, details, links, groupKey, startedAt, firstSeen, lastSeen, resolvedAt);
  }
}

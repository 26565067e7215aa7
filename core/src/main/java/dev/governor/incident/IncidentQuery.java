package dev.governor.incident;

import dev.governor.basics.TimeRange;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which incidents to list, newest first.
 *
 * @param states the states to include; empty for every state
 * @param service only incidents whose alerts carry this {@code service} label
 * @param openedWithin only incidents opened in this range
 */
public record IncidentQuery(Set<IncidentState> states, Optional<String> service, Optional<TimeRange> openedWithin,
    int limit) {

  public IncidentQuery {
    states = states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
    service = service.filter(s -> !s.isBlank());
    if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, got " + limit);
  }

  public static IncidentQuery all(int limit) {
    return new IncidentQuery(Set.of(), Optional.empty(), Optional.empty(), limit);
  }

  /** Triggered or acknowledged. */
  public static IncidentQuery open(int limit) {
    return new IncidentQuery(Set.of(IncidentState.TRIGGERED, IncidentState.ACKNOWLEDGED), Optional.empty(),
        Optional.empty(), limit);
  }

  public boolean includes(Incident incident) {
    return (states.isEmpty() || states.contains(incident.state()))
        && service.map(incident.services()::contains).orElse(true)
        && openedWithin.map(r -> r.contains(incident.openedAt())).orElse(true);
  }
}

package dev.governor.delivery;

import java.time.Instant;
import java.util.Optional;

/**
 * The part of an incident DORA needs: when it started and when it was resolved. Incidents belong
 * to the incident feature; deployments only hold their ids, and the caller hands these in.
 */
public record IncidentTimes(String id, Instant startedAt, Optional<Instant> resolvedAt) {
  public IncidentTimes {
    if (id == null || id.isBlank()) throw new IllegalArgumentException("an incident id must not be blank");
    if (resolvedAt.isPresent() && resolvedAt.get().isBefore(startedAt)) {
      throw new IllegalArgumentException(
          "incident " + id + " is resolved (" + resolvedAt.get() + ") before it started (" + startedAt + ")");
    }
  }
}

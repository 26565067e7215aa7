package dev.governor.alert;

import java.time.Instant;
import java.util.Optional;

/**
 * One firing of an alert, from when it started to when it resolved. A rule that fires, resolves and
 * fires again makes two alerts: the list of them is the rule's history.
 */
public record Alert(
    String id,
    AlertKey key,
    Severity severity,
    AlertState state,
    Instant startedAt,
    Optional<Instant> resolvedAt,
    String summary) {

  public Alert {
    if ((state == AlertState.RESOLVED) != resolvedAt.isPresent()) {
      throw new IllegalArgumentException("an alert has a resolvedAt exactly when it is resolved: " + id);
    }
  }

  public Alert resolved(Instant at) {
    return new Alert(id, key, severity, AlertState.RESOLVED, startedAt, Optional.of(at), summary);
  }
}

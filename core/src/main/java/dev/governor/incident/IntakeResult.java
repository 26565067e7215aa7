package dev.governor.incident;

import java.util.Optional;

/** What the intake did with one signal. The dedup key is the one given, or the one it made up. */
public record IntakeResult(String dedupKey, Disposition disposition, Optional<IncidentId> incident) {

  public enum Disposition {
    /** A new alert that opened a new incident. */
    OPENED_INCIDENT,
    /** A new alert grouped into an incident that was already open. */
    JOINED_INCIDENT,
    /** A trigger for an alert that is already open: its details were refreshed. */
    UPDATED,
    ACKNOWLEDGED,
    RESOLVED,
    /** A new alert that a silence or maintenance window matched: kept, but it opens no incident. */
    SILENCED,
    /** A new alert that a worse alert inhibits (a page suppresses its ticket for the same SLO). */
    INHIBITED,
    /** An acknowledge or resolve for an unknown or already resolved key: dropped, as PagerDuty does. */
    DROPPED
  }
}

package dev.governor.access;

import java.time.Instant;
import java.util.Optional;

/**
 * One thing a person or service account did: who, when, what, to which subject, for which team.
 *
 * @param id the store's number; 0 before it is stored
 * @param actor the account name, {@code token:<name>} or {@code anonymous}
 * @param action what was done, dotted: {@code incident.acknowledge}, {@code slo.apply}, {@code account.add}
 * @param subject what it was done to: {@code incident/12}, {@code slo/checkout-availability}, {@code account/bob}
 * @param team the team that owns the subject, when one does
 * @param detail a short free text: a note, a reason, the names applied
 */
public record AuditRecord(
    long id, Instant at, String actor, String action, String subject, Optional<TeamName> team, String detail) {

  public AuditRecord {
    if (actor.isBlank() || action.isBlank() || subject.isBlank()) {
      throw new IllegalArgumentException("an audit record needs an actor, an action and a subject, got actor='"
          + actor + "' action='" + action + "' subject='" + subject + "'");
    }
    if (detail.length() > 4000) detail = detail.substring(0, 4000) + "…";
  }

  public AuditRecord withId(long id) {
    return new AuditRecord(id, at, actor, action, subject, team, detail);
  }

  /** Which records to list: each present field must match; newest first, at most {@code limit}. */
  public record Query(Optional<String> actor, Optional<TeamName> team, Optional<String> subject, int limit) {
    public Query {
      if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
  }
}

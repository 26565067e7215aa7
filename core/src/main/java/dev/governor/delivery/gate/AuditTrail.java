package dev.governor.delivery.gate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The durable, append-only audit trail of delivery decisions. */
public interface AuditTrail {

  /** Appends {@code entry} and returns it with its id. */
  AuditEntry record(AuditEntry entry);

  /** Newest first, optionally of one subject, at most {@code limit} (at least 1). */
  List<AuditEntry> list(Optional<String> subject, int limit);

  /**
   * Newest first, the entries of {@code subject} with one of {@code actions} recorded at or after
   * {@code since}, at most {@code limit} (at least 1): the grants a gate decision looks for, found
   * however many decisions were recorded for the subject since.
   */
  List<AuditEntry> list(String subject, Set<AuditEntry.Action> actions, Instant since, int limit);
}

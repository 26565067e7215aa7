package dev.governor.delivery.gate;

import java.util.List;
import java.util.Optional;

/** The durable, append-only audit trail of delivery decisions. */
public interface AuditTrail {

  /** Appends {@code entry} and returns it with its id. */
  AuditEntry record(AuditEntry entry);

  /** Newest first, optionally of one subject, at most {@code limit} (at least 1). */
  List<AuditEntry> list(Optional<String> subject, int limit);
}

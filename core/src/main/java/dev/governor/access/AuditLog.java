package dev.governor.access;

import java.util.List;

/** The durable, append-only log of what people and service accounts did. */
public interface AuditLog {

  /** Appends it and returns it with its id. */
  AuditRecord record(AuditRecord record);

  /** Newest first, as {@code query} filters. */
  List<AuditRecord> list(AuditRecord.Query query);
}

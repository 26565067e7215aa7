package dev.governor.server.gates;

import dev.governor.delivery.gate.AuditEntry;
import dev.governor.delivery.gate.AuditTrail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The grants (approvals, hotfix grants) that gate decisions count, per service, read from the
 * audit trail at most once every {@link #REREAD}. Read for every decision, they were 100 of the
 * 250 µs of CPU a preview took under eight pipelines polling (GateBench), for an answer that
 * changes only when a person grants a deploy. A grant given through this server counts from the
 * next decision; one recorded in the trail by anything else (another process on the same
 * database) counts within {@link #REREAD}.
 */
final class RecentGrants {

  /** How long a service's grants, once read, answer its decisions without reading the trail again. */
  static final Duration REREAD = Duration.ofSeconds(1);

  /** The grants recorded at or after {@code since}, newest first, as read at {@code atNanos}. */
  private record Read(long atNanos, Instant since, List<AuditEntry> newestFirst) {
    Read with(AuditEntry grant) {
      for (AuditEntry e : newestFirst) {
        if (e.id() == grant.id()) return this; // a read after the grant's commit found it already
      }
      List<AuditEntry> grants = new ArrayList<>(newestFirst.size() + 1);
      grants.add(grant);
      grants.addAll(newestFirst.subList(0, Math.min(newestFirst.size(), GateRoutes.MAX_GRANTS - 1)));
      return new Read(atNanos, since, List.copyOf(grants));
    }
  }

  private final AuditTrail audit;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Read> byService = new ConcurrentHashMap<>();

  /** @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests */
  RecentGrants(AuditTrail audit, LongSupplier nanoTime) {
    this.audit = audit;
    this.nanoTime = nanoTime;
  }

  /** Newest first, the grants of {@code service} recorded at or after {@code since}. */
  List<AuditEntry> of(String service, Instant since) {
    long now = nanoTime.getAsLong();
    Read read = byService.get(service);
    if (stale(read, now, since)) {
      // Under the key's lock, so a grant recorded meanwhile (recorded below) is added after this read, not lost.
      read = byService.compute(service, (s, current) -> stale(current, now, since)
          ? new Read(now, since, audit.list(s, GateRoutes.GRANTS, since, GateRoutes.MAX_GRANTS))
          : current);
    }
    List<AuditEntry> inForce = new ArrayList<>(read.newestFirst().size());
    for (AuditEntry e : read.newestFirst()) {
      if (!e.at().isBefore(since)) inForce.add(e);
    }
    return inForce;
  }

  /** A grant has been recorded in the trail (committed): the next decision of its service counts it. */
  void recorded(AuditEntry grant) {
    byService.computeIfPresent(grant.subject(), (s, read) -> read.with(grant));
  }

  private static boolean stale(Read read, long now, Instant since) {
    return read == null || now - read.atNanos() >= REREAD.toNanos() || since.isBefore(read.since());
  }
}

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

  /**
   * Services whose reads are kept however old they are, up to this many; past it, reads older than
   * {@link #REREAD} are dropped, in one pass at most every {@link #REREAD}, so about two seconds'
   * names are kept. A preview needs no token and takes any well-formed service name, so the names
   * asked for must not grow the map without bound, nor make each new one pay a pass over it.
   */
  static final int KEPT_SERVICES = 10_000;

  /** The grants recorded at or after {@code since}, newest (highest id) first, as read at {@code atNanos}. */
  private record Read(long atNanos, Instant since, List<AuditEntry> newestFirst) {
    Read with(AuditEntry grant) {
      int at = 0;
      for (AuditEntry e : newestFirst) {
        if (e.id() == grant.id()) return this; // a read after the grant's commit found it already
        if (e.id() > grant.id()) at++; // two grants recorded at once may be told in either order
      }
      List<AuditEntry> grants = new ArrayList<>(newestFirst);
      grants.add(at, grant);
      if (grants.size() > GateRoutes.MAX_GRANTS) grants.remove(grants.size() - 1);
      return new Read(atNanos, since, List.copyOf(grants));
    }
  }

  private final AuditTrail audit;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Read> byService = new ConcurrentHashMap<>();
  /** When reads were last dropped (see {@link #KEPT_SERVICES}); racing writers at worst both drop. */
  private volatile long droppedAtNanos;

  /** @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests */
  RecentGrants(AuditTrail audit, LongSupplier nanoTime) {
    this.audit = audit;
    this.nanoTime = nanoTime;
    this.droppedAtNanos = nanoTime.getAsLong() - REREAD.toNanos();
  }

  /** Newest first, the grants of {@code service} recorded at or after {@code since}. */
  List<AuditEntry> of(String service, Instant since) {
    long now = nanoTime.getAsLong();
    Read read = byService.get(service);
    if (stale(read, now, since)) {
      if (read == null && byService.size() >= KEPT_SERVICES && now - droppedAtNanos >= REREAD.toNanos()) {
        droppedAtNanos = now;
        byService.values().removeIf(kept -> now - kept.atNanos() >= REREAD.toNanos());
      }
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

  /** How many services' reads are kept now. */
  int servicesKept() {
    return byService.size();
  }

  private static boolean stale(Read read, long now, Instant since) {
    return read == null || now - read.atNanos() >= REREAD.toNanos() || since.isBefore(read.since());
  }
}

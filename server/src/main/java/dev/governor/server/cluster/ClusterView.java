package dev.governor.server.cluster;

import dev.governor.cluster.Lease;
import dev.governor.cluster.LeaseStore;
import dev.governor.cluster.Leadership;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster as one replica sees it: who leads, since when, in which term, and every replica seen
 * lately. The lease comes from the last lease round (at most a sixth of the lease old), the roll
 * from the database when asked.
 */
public final class ClusterView {

  private final Leadership leadership;
  private final LeaseStore leases;

  ClusterView(Leadership leadership, LeaseStore leases) {
    this.leadership = leadership;
    this.leases = leases;
  }

  /** Where requests go: the leader's URL, when another replica holds a lease that has not run out. */
  Optional<URI> leaderUrl() {
    return leadership.lease().filter(Lease::live).filter(l -> !l.term().replica().equals(leadership.replica()))
        .map(Lease::url);
  }

  boolean anotherLeads() {
    return leaderUrl().isPresent();
  }

  /** This replica's role and the leader, for /readyz: from memory, no database read. */
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("replica", leadership.name());
    out.put("id", leadership.replica());
    out.put("role", leadership.term().isPresent() ? "leader" : "follower");
    // A leader that could not renew for three quarters of its lease holds its term but sends nothing.
    if (leadership.term().isPresent() && !leadership.leads()) out.put("unsure", true);
    leadership.lease().ifPresent(l -> out.put("leader", lease(l)));
    return out;
  }

  /** {@code GET /api/v1/cluster}: the lease and the roll. */
  public Map<String, Object> document() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("clustered", true);
    out.putAll(describe());
    out.put("leaseDuration", dev.governor.text.Durations.format(leadership.duration()));
    Optional<Lease> lease = leadership.lease();
    List<Map<String, Object>> replicas = leases.replicas(leadership.duration().multipliedBy(3)).stream().map(r -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", r.name());
      row.put("id", r.id());
      row.put("url", r.url().toString());
      row.put("role", lease.filter(Lease::live).filter(l -> l.term().replica().equals(r.id())).isPresent()
          ? "leader" : "follower");
      row.put("started", r.started().toString());
      row.put("seen", r.seen().toString());
      return row;
    }).toList();
    out.put("replicas", replicas);
    return out;
  }

  private static Map<String, Object> lease(Lease l) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("replica", nameOf(l.term().replica()));
    out.put("id", l.term().replica());
    out.put("url", l.url().toString());
    out.put("term", l.term().term());
    out.put("since", l.since().toString());
    out.put("expires", l.expires().toString());
    out.put("live", l.live());
    return out;
  }

  /** A replica's id is its name, a slash and what makes this run of it unique. */
  static String nameOf(String replicaId) {
    int slash = replicaId.lastIndexOf('/');
    return slash < 0 ? replicaId : replicaId.substring(0, slash);
  }

  Leadership leadership() {
    return leadership;
  }
}

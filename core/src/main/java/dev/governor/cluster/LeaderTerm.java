package dev.governor.cluster;

/**
 * One leadership of one replica: the fencing token every side effect of a leader carries. Terms
 * only grow, so a write or a send stamped with an older term than the lease's is a deposed leader's
 * and is refused.
 */
public record LeaderTerm(String replica, long term) {
  public LeaderTerm {
    if (replica == null || replica.isBlank()) throw new IllegalArgumentException("a term needs the replica that holds it");
    if (term < 1) throw new IllegalArgumentException("terms start at 1, got " + term);
  }

  @Override
  public String toString() {
    return "term " + term + " of " + replica;
  }
}

package dev.governor.storage.jdbc;

import dev.governor.cluster.LeaderTerm;

/**
 * A write refused because the replica's leadership ended: another replica took the lease over with
 * a later term. Nothing of the transaction was written.
 */
public final class Fenced extends StorageException {

  public Fenced(LeaderTerm term) {
    super("this replica no longer leads the cluster (its " + term + " was taken over by a later term); the"
        + " write was not made and the leader's replica should be asked instead");
  }
}

package dev.governor.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What Governor knows of a repository's history from webhooks: pushed commits and merged pull
 * requests, and the deliveries already applied (so a repeated webhook delivery is applied once).
 */
public interface CommitLog {

  /** Stores the commits; a commit already known is kept as it was. */
  void recordPush(List<PushedCommit> commits);

  Optional<PushedCommit> commit(String sha);

  /** The earliest commit time among commits pushed to {@code ref}, if any were. */
  Optional<Instant> firstCommitTime(String ref);

  /** Stores (or replaces) a merged pull request, with its commits. */
  void recordPullRequest(MergedPullRequest pullRequest);

  /** The pull request whose merge produced {@code sha}, with its commits. */
  Optional<MergedPullRequest> pullRequestMergedAs(String sha);

  /**
   * Remembers that a webhook delivery was applied; false when {@code source} and {@code deliveryId}
   * were seen before, in which case the caller must not apply it again.
   */
  boolean firstDelivery(String source, String deliveryId, Instant receivedAt);

  /**
   * Whether {@link #firstDelivery} remembered this delivery. A receiver asks first and remembers
   * only once the delivery is applied, so that a delivery refused as invalid, or lost to a failure
   * half way, is applied when it comes again.
   */
  boolean deliveryApplied(String source, String deliveryId);
}

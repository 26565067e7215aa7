package dev.governor.testing;

import dev.governor.delivery.CommitLog;
import dev.governor.delivery.MergedPullRequest;
import dev.governor.delivery.PushedCommit;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A commit log in maps, for the change inference's tests; it passes the JDBC commit log's contract.
 * Shas are stored in lower case (the records make them so) and looked up in any case, as the
 * databases do.
 */
public final class InMemoryCommitLog implements CommitLog {
  private final Map<String, PushedCommit> commits = new HashMap<>();
  private final Map<String, MergedPullRequest> pullRequests = new HashMap<>();
  private final Set<List<String>> deliveries = new HashSet<>();

  @Override
  public synchronized void recordPush(List<PushedCommit> pushed) {
    pushed.forEach(c -> commits.putIfAbsent(c.sha(), c));
  }

  @Override
  public synchronized Optional<PushedCommit> commit(String sha) {
    return Optional.ofNullable(commits.get(sha.toLowerCase(Locale.ROOT)));
  }

  @Override
  public synchronized Optional<Instant> firstCommitTime(String ref) {
    return commits.values().stream().filter(c -> c.ref().equals(ref)).map(PushedCommit::committedAt)
        .min(Instant::compareTo);
  }

  @Override
  public synchronized void recordPullRequest(MergedPullRequest pullRequest) {
    pullRequests.put(pullRequest.mergeCommitSha(), pullRequest);
  }

  @Override
  public synchronized Optional<MergedPullRequest> pullRequestMergedAs(String sha) {
    return Optional.ofNullable(pullRequests.get(sha.toLowerCase(Locale.ROOT)));
  }

  @Override
  public synchronized boolean firstDelivery(String source, String deliveryId, Instant receivedAt) {
    return deliveries.add(List.of(source, deliveryId));
  }

  @Override
  public synchronized boolean deliveryApplied(String source, String deliveryId) {
    return deliveries.contains(List.of(source, deliveryId));
  }
}

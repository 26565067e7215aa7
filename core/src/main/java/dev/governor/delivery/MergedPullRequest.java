package dev.governor.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A merged pull request, the commit its merge produced (a squash or merge commit), and its own
 * commits as far as pushes to its head branch told Governor, oldest first (empty when none were
 * seen, e.g. for a pull request from a fork).
 */
public record MergedPullRequest(
    long number, String mergeCommitSha, Instant openedAt, Instant mergedAt, Optional<Instant> firstCommitAt,
    List<String> commits) {

  public MergedPullRequest {
    if (number <= 0) throw new IllegalArgumentException("a pull request number must be positive, got " + number);
    mergeCommitSha = Change.Shas.check(mergeCommitSha);
    commits = commits.stream().map(Change.Shas::check).toList();
  }

  public MergedPullRequest(long number, String mergeCommitSha, Instant openedAt, Instant mergedAt,
      Optional<Instant> firstCommitAt) {
    this(number, mergeCommitSha, openedAt, mergedAt, firstCommitAt, List.of());
  }

  public Change.PullRequest toChange() {
    return new Change.PullRequest(number, openedAt, Optional.of(mergedAt), firstCommitAt);
  }
}

package dev.governor.delivery;

import java.time.Instant;
import java.util.Optional;

/** A merged pull request and the commit its merge produced (a squash or merge commit). */
public record MergedPullRequest(
    long number, String mergeCommitSha, Instant openedAt, Instant mergedAt, Optional<Instant> firstCommitAt) {
  public MergedPullRequest {
    mergeCommitSha = Change.Shas.check(mergeCommitSha);
  }

  public Change.PullRequest toChange() {
    return new Change.PullRequest(number, openedAt, Optional.of(mergedAt), firstCommitAt);
  }
}

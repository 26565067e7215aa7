package dev.governor.ingest.webhook;

import dev.governor.delivery.Change;
import java.time.Instant;
import java.util.Optional;

/**
 * A pull request merged as {@code mergeCommitSha}, with its head branch, whose pushes tell its own
 * commits (the receiver looks them up in the commit log it has, which a payload cannot know).
 *
 * @param headRef the head branch as a ref: {@code refs/heads/changes}
 * @param headSha the head commit, when the payload names one
 */
public record PullRequestMerge(
    long number, String mergeCommitSha, Instant openedAt, Instant mergedAt, String headRef, Optional<String> headSha) {

  public PullRequestMerge {
    if (number <= 0) throw new IllegalArgumentException("a pull request number must be positive, got " + number);
    mergeCommitSha = Change.Shas.check(mergeCommitSha);
    if (mergedAt.isBefore(openedAt)) {
      throw new IllegalArgumentException("pull request #" + number + " is merged before it is opened");
    }
    if (headRef == null || headRef.isBlank()) throw new IllegalArgumentException("a pull request needs its head ref");
    headSha = headSha.map(Change.Shas::check);
  }
}

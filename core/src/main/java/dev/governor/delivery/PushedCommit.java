package dev.governor.delivery;

import java.time.Instant;
import java.util.Optional;

/**
 * A commit Governor learnt from a push event, with the commit before it in that push (or the
 * push's {@code before} for the first one), so the history between two deployments can be walked.
 */
public record PushedCommit(String sha, Optional<String> parentSha, String ref, Instant authoredAt, Instant committedAt) {
  public PushedCommit {
    sha = Change.Shas.check(sha);
    parentSha = parentSha.map(Change.Shas::check);
    if (ref == null || ref.isBlank()) throw new IllegalArgumentException("a pushed commit needs its ref");
  }

  public Change.Commit toChange() {
    Instant authored = authoredAt.isAfter(committedAt) ? committedAt : authoredAt;
    return new Change.Commit(sha, authored, committedAt);
  }
}

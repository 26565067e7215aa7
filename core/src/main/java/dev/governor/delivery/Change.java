package dev.governor.delivery;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One change a deployment carries: a commit or a pull request. Its {@link #leadTimeStart()} is
 * where the change lead time starts counting.
 */
public sealed interface Change permits Change.Commit, Change.PullRequest {

  /** When the change was first committed: the start of its lead time. */
  Instant leadTimeStart();

  /** A commit, by its SHA (7 to 64 hexadecimal digits). */
  record Commit(String sha, Instant authoredAt, Instant committedAt) implements Change {
    public Commit {
      sha = Shas.check(sha);
      if (committedAt.isBefore(authoredAt)) {
        // rebases and cherry-picks keep the author date, so committed >= authored in real history
        throw new IllegalArgumentException(
            "commit " + sha + " is committed (" + committedAt + ") before it is authored (" + authoredAt + ")");
      }
    }

    /** The commit time: when the code was committed (DORA's "code committed"). */
    @Override
    public Instant leadTimeStart() {
      return committedAt;
    }
  }

  /**
   * A pull (merge) request. {@code firstCommitAt} is its first commit's time when known, which is
   * what a squash merge must count (the squash commit's own time is the merge time).
   */
  record PullRequest(long number, Instant openedAt, Optional<Instant> mergedAt, Optional<Instant> firstCommitAt)
      implements Change {
    public PullRequest {
      if (number <= 0) throw new IllegalArgumentException("a pull request number must be positive, got " + number);
      if (mergedAt.isPresent() && mergedAt.get().isBefore(openedAt)) {
        throw new IllegalArgumentException(
            "pull request #" + number + " is merged (" + mergedAt.get() + ") before it is opened (" + openedAt + ")");
      }
    }

    /** The earlier of the first commit's time (when known) and the time the pull request was opened. */
    @Override
    public Instant leadTimeStart() {
      return firstCommitAt.filter(first -> first.isBefore(openedAt)).orElse(openedAt);
    }
  }

  /** Commit SHA validation shared by changes and deployments. */
  final class Shas {
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,64}");

    private Shas() {}

    /** Whether {@code sha} is 7 to 64 hexadecimal digits, in either case. */
    public static boolean isValid(String sha) {
      return sha != null && SHA.matcher(sha.toLowerCase(java.util.Locale.ROOT)).matches();
    }

    public static String check(String sha) {
      String lower = sha == null ? null : sha.toLowerCase(java.util.Locale.ROOT);
      if (lower == null || !SHA.matcher(lower).matches()) {
        throw new IllegalArgumentException("a commit SHA must be 7-64 hexadecimal digits, got '" + sha + "'");
      }
      return lower;
    }
  }
}

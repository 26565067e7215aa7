package dev.governor.delivery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When a deployment lists only its head commit, its changes are the commits since the previous
 * successful deployment of that service and environment, as far as push events told us: walk the
 * parents from the head until the previous head (or until history runs out). A commit that a pull
 * request's merge produced counts as that pull request, so a squash merge's lead time starts at
 * the pull request's first commit; the pull request's own commits, should the walk meet them (a
 * merge commit brings them in), are not counted a second time.
 */
public final class ChangeInference {

  /** A bound on the walk: no deploy carries more; history beyond it is not worth the reads. */
  public static final int MAX_COMMITS = 1000;

  private ChangeInference() {}

  /**
   * The changes from {@code previousHead} (exclusive) to {@code head} (inclusive), oldest first;
   * empty when {@code head} is unknown, so the caller keeps what it had.
   */
  public static List<Change> changesBetween(String head, Optional<String> previousHead, CommitLog log) {
    String stop = previousHead.map(Change.Shas::check).orElse(null);
    List<Change> changes = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Set<String> ofCountedPullRequests = new HashSet<>();
    Optional<String> cursor = Optional.of(Change.Shas.check(head));
    while (cursor.isPresent() && !cursor.get().equals(stop) && seen.add(cursor.get()) && seen.size() <= MAX_COMMITS) {
      Optional<PushedCommit> commit = log.commit(cursor.get());
      if (commit.isEmpty()) break;
      if (!ofCountedPullRequests.contains(commit.get().sha())) {
        Optional<MergedPullRequest> pr = log.pullRequestMergedAs(commit.get().sha());
        pr.ifPresent(p -> ofCountedPullRequests.addAll(p.commits()));
        changes.add(pr.<Change>map(MergedPullRequest::toChange).orElseGet(() -> commit.get().toChange()));
      }
      cursor = commit.get().parentSha();
    }
    Collections.reverse(changes);
    return changes;
  }

  /**
   * The commits of a pull request whose head is {@code headSha} on {@code headRef}, oldest first:
   * the walk from the head through the parents that were pushed to the same branch. A commit first
   * pushed to another branch ends the walk, so a branch reused later, or one started from another
   * pull request's branch, does not lend the pull request older commits. Empty when the head was
   * never pushed to Governor (a pull request from a fork, or a webhook set up after the push).
   */
  public static List<PushedCommit> pullRequestCommits(String headSha, String headRef, CommitLog log) {
    List<PushedCommit> commits = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Optional<String> cursor = Optional.of(Change.Shas.check(headSha));
    while (cursor.isPresent() && seen.add(cursor.get()) && seen.size() <= MAX_COMMITS) {
      Optional<PushedCommit> commit = log.commit(cursor.get());
      if (commit.isEmpty() || !commit.get().ref().equals(headRef)) break;
      commits.add(commit.get());
      cursor = commit.get().parentSha();
    }
    Collections.reverse(commits);
    return commits;
  }

  /** Whether the changes a deployment was recorded with are only its head commit (or nothing). */
  public static boolean onlyHead(Deployment deployment) {
    return deployment.changes().isEmpty()
        || deployment.changes().size() == 1
            && deployment.changes().getFirst() instanceof Change.Commit c
            && c.sha().equals(deployment.commitSha());
  }
}

package dev.governor.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.testing.InMemoryCommitLog;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChangeInferenceTest {

  static final Instant T = Instant.parse("2025-03-01T10:00:00Z");

  static PushedCommit commit(String sha, String parent, int minute) {
    return new PushedCommit(sha, Optional.ofNullable(parent), "refs/heads/main", T.plusSeconds(60L * minute),
        T.plusSeconds(60L * minute));
  }

  @Test
  void the_changes_of_a_head_only_deployment_are_the_commits_since_the_previous_successful_deployment() {
    var log = new InMemoryCommitLog();
    log.recordPush(List.of(commit("a000001", "0000000", 1), commit("a000002", "a000001", 2)));
    log.recordPush(List.of(commit("a000003", "a000002", 3), commit("a000004", "a000003", 4)));

    List<Change> changes = ChangeInference.changesBetween("a000004", Optional.of("a000002"), log);

    assertThat(changes).extracting(c -> ((Change.Commit) c).sha()).containsExactly("a000003", "a000004");
  }

  @Test
  void a_squash_merge_commit_counts_as_its_pull_request_with_the_first_commit_time() {
    var log = new InMemoryCommitLog();
    log.recordPush(List.of(commit("a000001", null, 1), commit("beef001", "a000001", 90)));
    Instant firstCommit = T.minusSeconds(86_400);
    log.recordPullRequest(new MergedPullRequest(7, "beef001", T, T.plusSeconds(5400), Optional.of(firstCommit)));

    List<Change> changes = ChangeInference.changesBetween("beef001", Optional.of("a000001"), log);

    assertThat(changes).hasSize(1);
    assertThat(changes.getFirst()).isInstanceOf(Change.PullRequest.class);
    assertThat(changes.getFirst().leadTimeStart()).isEqualTo(firstCommit);
  }

  @Test
  void without_a_previous_deployment_the_walk_goes_back_as_far_as_push_events_reach() {
    var log = new InMemoryCommitLog();
    log.recordPush(List.of(commit("a000001", "fffffff", 1), commit("a000002", "a000001", 2)));
    assertThat(ChangeInference.changesBetween("a000002", Optional.empty(), log)).hasSize(2);
    assertThat(ChangeInference.changesBetween("ccccccc", Optional.empty(), log)).isEmpty();
  }

  static PushedCommit onBranch(String sha, String parent, String ref, int minute) {
    return new PushedCommit(sha, Optional.ofNullable(parent), ref, T.plusSeconds(60L * minute), T.plusSeconds(60L * minute));
  }

  @Test
  void a_merge_commit_counts_as_its_pull_request_and_its_commits_are_not_counted_again() {
    var log = new InMemoryCommitLog();
    // main: a000001; the feature branch: f000001, f000002; main again: the merge commit, whose
    // parent as the push listed it is the last feature commit.
    log.recordPush(List.of(commit("a000001", null, 1)));
    log.recordPush(List.of(onBranch("f000001", null, "refs/heads/feature", 2), onBranch("f000002", "f000001", "refs/heads/feature", 3)));
    log.recordPush(List.of(commit("eeee001", "f000002", 10)));
    List<String> prCommits = ChangeInference.pullRequestCommits("f000002", "refs/heads/feature", log).stream()
        .map(PushedCommit::sha).toList();
    log.recordPullRequest(new MergedPullRequest(8, "eeee001", T.plusSeconds(300), T.plusSeconds(600), Optional.of(T.plusSeconds(120)),
        prCommits));

    List<Change> changes = ChangeInference.changesBetween("eeee001", Optional.of("a000001"), log);

    assertThat(prCommits).containsExactly("f000001", "f000002");
    assertThat(changes).singleElement().isInstanceOf(Change.PullRequest.class);
    assertThat(changes.getFirst().leadTimeStart()).isEqualTo(T.plusSeconds(120));
  }

  @Test
  void the_commits_of_a_pull_request_stop_where_its_branch_was_not_the_one_pushed_to() {
    var log = new InMemoryCommitLog();
    log.recordPush(List.of(onBranch("b000001", null, "refs/heads/base-feature", 1)));
    log.recordPush(List.of(onBranch("f000001", "b000001", "refs/heads/feature", 2),
        onBranch("f000002", "f000001", "refs/heads/feature", 3)));

    assertThat(ChangeInference.pullRequestCommits("f000002", "refs/heads/feature", log))
        .extracting(PushedCommit::sha).containsExactly("f000001", "f000002");
    assertThat(ChangeInference.pullRequestCommits("ccccccc", "refs/heads/feature", log)).isEmpty();
  }
}

package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.delivery.CommitLog;
import dev.governor.delivery.MergedPullRequest;
import dev.governor.delivery.PushedCommit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link CommitLog} must do: the pushes, merged pull requests and webhook deliveries seen. */
public abstract class CommitLogContract extends PortContract<CommitLog> {

  @Test
  void commitLog_keepsPushesPullRequestsAndDeliveries() {
    var log = store;
    log.recordPush(List.of(
        new PushedCommit("aaaaaaa", Optional.of("0000000"), "refs/heads/feature", minute(1), minute(2)),
        new PushedCommit("bbbbbbb", Optional.of("aaaaaaa"), "refs/heads/feature", minute(3), minute(4))));
    log.recordPush(List.of(
        new PushedCommit("aaaaaaa", Optional.empty(), "refs/heads/other", minute(9), minute(9))));
    log.recordPullRequest(new MergedPullRequest(7, "ccccccc", minute(5), minute(6),
        Optional.of(minute(2))));
    log.recordPullRequest(new MergedPullRequest(8, "ddddddd", minute(7), minute(8),
        Optional.of(minute(1)), List.of("aaaaaaa", "bbbbbbb")));
    // Recorded again (a redelivery with more commits known): the commits are replaced, not added.
    log.recordPullRequest(new MergedPullRequest(8, "ddddddd", minute(7), minute(8),
        Optional.of(minute(1)), List.of("bbbbbbb", "aaaaaaa", "fffffff")));

    log = reopen();
    assertThat(log.commit("AAAAAAA")).get().extracting(c -> c.ref()).isEqualTo("refs/heads/feature");
    assertThat(log.commit("bbbbbbb").orElseThrow().parentSha()).contains("aaaaaaa");
    assertThat(log.firstCommitTime("refs/heads/feature")).contains(minute(2));
    assertThat(log.firstCommitTime("refs/heads/none")).isEmpty();
    assertThat(log.pullRequestMergedAs("ccccccc").orElseThrow().number()).isEqualTo(7);
    assertThat(log.pullRequestMergedAs("ccccccc").orElseThrow().commits()).isEmpty();
    assertThat(log.pullRequestMergedAs("DDDDDDD").orElseThrow().commits()).containsExactly("bbbbbbb", "aaaaaaa", "fffffff");
    assertThat(log.deliveryApplied("github", "guid-1")).isFalse();
    assertThat(log.firstDelivery("github", "guid-1", minute(0))).isTrue();
    assertThat(log.deliveryApplied("github", "guid-1")).isTrue();
    assertThat(log.firstDelivery("github", "guid-1", minute(1))).isFalse();
    assertThat(log.deliveryApplied("gitlab", "guid-1")).isFalse();
    assertThat(log.firstDelivery("gitlab", "guid-1", minute(1))).isTrue();
  }
}

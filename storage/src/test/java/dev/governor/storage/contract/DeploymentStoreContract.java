package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.delivery.Change;
import dev.governor.delivery.CommitLog;
import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentId;
import dev.governor.delivery.DeploymentOutcome;
import dev.governor.delivery.DeploymentQuery;
import dev.governor.delivery.DeploymentStore;
import dev.governor.delivery.MergedPullRequest;
import dev.governor.delivery.PushedCommit;
import dev.governor.delivery.RecordResult;
import dev.governor.delivery.WebhookDelivery;
import dev.governor.slo.ServiceName;
import dev.governor.basics.TimeRange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeploymentStore} must do, with the {@link CommitLog} it shares its transactions
 * with: a webhook delivery writes both at once, so they are tested as one.
 */
public abstract class DeploymentStoreContract extends PortContract<DeploymentStoreContract.Delivery> {

  /** The two ports of one store: what {@code applyDelivery} writes to the deployments, the commit log must show. */
  public record Delivery(DeploymentStore deployments, CommitLog commitLog) {}

  private Deployment deployment(String id, String service, int startMinute) {
    return new Deployment(DeploymentId.of(id),
        ServiceName.of(service), "production", "1.0." + startMinute, "abc1234",
        List.of(
            new Change.Commit("def5678", minute(-60), minute(-30)),
            new Change.PullRequest(42, minute(-600), Optional.of(minute(-10)),
                Optional.of(minute(-900)))),
        minute(startMinute), Optional.of(minute(startMinute + 5)),
        DeploymentOutcome.SUCCEEDED, Optional.empty(), Optional.empty(), List.of(),
        "ci", Map.of("pipeline", "https://ci.example.com/1"), Map.of("team", "payments"));
  }

  @Test
  void record_thenGet_returnsTheDeploymentAsRecorded_afterAReopen() {
    var d = deployment("d1", "checkout", 0);
    assertThat(store.deployments().record(d)).isInstanceOf(RecordResult.Recorded.class);

    reopen();

    assertThat(store.deployments().get(d.id())).contains(d);
    assertThat(store.deployments().get(DeploymentId.of("nothing"))).isEmpty();
  }

  @Test
  void record_ofAnIdAgain_isAppliedOnce_andKeepsTheFirst() {
    var first = deployment("d1", "checkout", 0);
    store.deployments().record(first);

    var again = store.deployments().record(deployment("d1", "search", 7));

    assertThat(again).isEqualTo(new RecordResult.AlreadyRecorded(first));
    assertThat(store.deployments().list(DeploymentQuery.all(10))).containsExactly(first);
  }

  @Test
  void list_isNewestFirst_filteredByServiceEnvironmentAndTime() {
    store.deployments().record(deployment("d1", "checkout", 0));
    store.deployments().record(deployment("d2", "search", 10));
    store.deployments().record(deployment("d3", "checkout", 20));
    var staging = deployment("d4", "checkout", 30);
    store.deployments().record(new Deployment(staging.id(), staging.service(), "staging",
        staging.version(), staging.commitSha(), List.of(), staging.startedAt(), Optional.empty(),
        DeploymentOutcome.IN_PROGRESS, Optional.empty(), Optional.empty(), List.of(), "me",
        Map.of(), Map.of()));

    var all = DeploymentQuery.all(10);
    assertThat(store.deployments().list(all)).extracting(d -> d.id().value()).containsExactly("d4", "d3", "d2", "d1");
    assertThat(store.deployments().list(DeploymentQuery.all(2)))
        .extracting(d -> d.id().value()).containsExactly("d4", "d3");
    assertThat(store.deployments().list(DeploymentQuery.of(
            ServiceName.of("checkout"), "production", 10)))
        .extracting(d -> d.id().value()).containsExactly("d3", "d1");
    assertThat(store.deployments().list(all.within(new TimeRange(minute(10), minute(30)))))
        .extracting(d -> d.id().value()).containsExactly("d3", "d2");
  }

  @Test
  void outcome_rollback_failedAfterSuccess_incidents_and_changes_are_updated_in_place() {
    var id = DeploymentId.of("d1");
    var started = deployment("d1", "checkout", 0);
    store.deployments().record(started.withOutcome(DeploymentOutcome.IN_PROGRESS, Optional.empty()));

    var done = store.deployments().updateOutcome(id, DeploymentOutcome.SUCCEEDED,
        Optional.of(minute(9))).orElseThrow();
    assertThat(done.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
    assertThat(done.finishedAt()).as("the earlier finish time is kept").contains(minute(5));

    store.deployments().markFailedAfterSuccess(id, minute(20));
    store.deployments().linkIncident(id, "inc-1");
    store.deployments().linkIncident(id, "inc-1");
    store.deployments().markRolledBack(id, minute(25));
    store.deployments().replaceChanges(id, List.of());

    reopen();
    var stored = store.deployments().get(id).orElseThrow();
    assertThat(stored.outcome()).isEqualTo(DeploymentOutcome.ROLLED_BACK);
    assertThat(stored.failedAfterSuccessAt()).contains(minute(20));
    assertThat(stored.rolledBackAt()).contains(minute(25));
    assertThat(stored.incidentIds()).containsExactly("inc-1");
    assertThat(stored.changes()).isEmpty();
    assertThat(stored.labels()).containsEntry("team", "payments");
    assertThat(store.deployments().markRolledBack(DeploymentId.of("nothing"), minute(1))).isEmpty();
  }

  @Test
  void incidentLinks_areAddedAndRemoved_andUnlinkingWhatIsNotLinkedChangesNothing() {
    var id = DeploymentId.of("d1");
    store.deployments().record(deployment("d1", "checkout", 0));
    store.deployments().linkIncident(id, "7");
    store.deployments().linkIncident(id, "9");

    var unlinked = store.deployments().unlinkIncident(id, "7").orElseThrow();
    assertThat(unlinked.incidentIds()).containsExactly("9");
    assertThat(store.deployments().unlinkIncident(id, "7").orElseThrow().incidentIds()).containsExactly("9");

    reopen();
    var stored = store.deployments().get(id).orElseThrow();
    assertThat(stored.incidentIds()).containsExactly("9");
    assertThat(stored.labels()).as("the rest of the deployment stays").containsEntry("team", "payments");
    assertThat(store.deployments().unlinkIncident(DeploymentId.of("nothing"), "9")).isEmpty();
  }

  private WebhookDelivery delivery(String id, List<PushedCommit> commits,
      Optional<MergedPullRequest> pr, Deployment... deployments) {
    return new WebhookDelivery("gitlab", id, minute(30), commits, pr, List.of(deployments));
  }

  /** The deployment {@code id} of "search" without changes, started at {@code startMinute} and still running. */
  private Deployment inProgress(String id, int startMinute) {
    var d = deployment(id, "search", startMinute);
    return new Deployment(d.id(), d.service(), d.environment(), d.version(), d.commitSha(),
        List.of(), d.startedAt(), Optional.empty(), DeploymentOutcome.IN_PROGRESS,
        Optional.empty(), Optional.empty(), List.of(), d.trigger(), d.links(), d.labels());
  }

  @Test
  void applyDelivery_storesItsCommitsPullRequestAndDeployments_remembersIt_andAppliesItOnce() {
    var commit = new PushedCommit("aaaaaaa", Optional.of("0000000"), "refs/heads/main",
        minute(1), minute(2));
    var pr = new MergedPullRequest(8, "aaaaaaa", minute(0), minute(2), Optional.of(minute(1)),
        List.of("bbbbbbb"));
    var first = delivery("u-1", List.of(commit), Optional.of(pr), inProgress("job-1", 3), deployment("job-2", "search", 4));

    var result = store.deployments().applyDelivery(first);

    assertThat(result).isInstanceOf(WebhookDelivery.Result.Applied.class);
    assertThat(((WebhookDelivery.Result.Applied) result).deployments())
        .allMatch(a -> a instanceof WebhookDelivery.DeploymentApplied.Recorded);
    reopen();
    assertThat(store.commitLog().commit("aaaaaaa")).contains(commit);
    assertThat(store.commitLog().pullRequestMergedAs("aaaaaaa")).contains(pr);
    assertThat(store.deployments().get(DeploymentId.of("job-1"))).contains(inProgress("job-1", 3));
    assertThat(store.deployments().get(DeploymentId.of("job-2")))
        .contains(deployment("job-2", "search", 4));
    assertThat(store.commitLog().deliveryApplied("gitlab", "u-1")).isTrue();
    assertThat(store.commitLog().deliveryApplied("github", "u-1")).isFalse();

    // The same delivery again, even with other content, stores nothing.
    var again = delivery("u-1", List.of(), Optional.empty(), deployment("job-1", "search", 3), deployment("job-3", "search", 5));
    assertThat(store.deployments().applyDelivery(again))
        .isEqualTo(new WebhookDelivery.Result.Duplicate());
    assertThat(store.deployments().get(DeploymentId.of("job-1")).orElseThrow().outcome())
        .isEqualTo(DeploymentOutcome.IN_PROGRESS);
    assertThat(store.deployments().get(DeploymentId.of("job-3"))).isEmpty();
  }

  @Test
  void applyDelivery_setsTheOutcomeOfAKnownDeployment_butAFinishedOneDoesNotGoBackToInProgress() {
    store.deployments().applyDelivery(delivery("u-1", List.of(), Optional.empty(), inProgress("job-1", 3)));

    // Reported by another event with its own clock: started at minute -10, finished at -5.
    var done = store.deployments().applyDelivery(delivery("u-2", List.of(), Optional.empty(),
        deployment("job-1", "checkout", -10)));
    var late = store.deployments().applyDelivery(delivery("u-3", List.of(), Optional.empty(), inProgress("job-1", 9)));

    var stored = store.deployments().get(DeploymentId.of("job-1")).orElseThrow();
    assertThat(((WebhookDelivery.Result.Applied) done).deployments().getFirst())
        .isEqualTo(new WebhookDelivery.DeploymentApplied.Updated(stored));
    assertThat(stored.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
    assertThat(stored.service().value()).as("who recorded it first keeps the rest").isEqualTo("search");
    assertThat(stored.startedAt()).isEqualTo(minute(3));
    assertThat(stored.finishedAt()).as("a finish before the known start is taken as the start").contains(minute(3));
    assertThat(((WebhookDelivery.Result.Applied) late).deployments().getFirst())
        .isEqualTo(new WebhookDelivery.DeploymentApplied.Kept(stored,
            DeploymentOutcome.IN_PROGRESS));
    reopen();
    assertThat(store.deployments().get(stored.id())).contains(stored);
  }

  @Test
  void applyDelivery_thatFailsHalfWay_storesNoneOfIt_andIsAppliedWhenItComesAgain() {
    var commit = new PushedCommit("aaaaaaa", Optional.empty(), "refs/heads/main", minute(1), minute(2));
    // A start no column of epoch milliseconds holds: the write fails at the last deployment.
    var unstorable = Instant.MAX.minusSeconds(1);
    var bad = inProgress("job-2", 0);
    bad = new Deployment(bad.id(), bad.service(), bad.environment(), bad.version(),
        bad.commitSha(), List.of(), unstorable, Optional.empty(), bad.outcome(), Optional.empty(), Optional.empty(),
        List.of(), bad.trigger(), bad.links(), bad.labels());
    var pr = new MergedPullRequest(8, "ccccccc", minute(0), minute(2), Optional.empty());

    var failing = delivery("u-1", List.of(commit), Optional.of(pr), inProgress("job-1", 3), bad);
    assertThatThrownBy(() -> store.deployments().applyDelivery(failing)).isInstanceOf(RuntimeException.class);

    assertThat(store.commitLog().commit("aaaaaaa")).isEmpty();
    assertThat(store.commitLog().pullRequestMergedAs("ccccccc")).isEmpty();
    assertThat(store.deployments().list(DeploymentQuery.all(10))).isEmpty();
    assertThat(store.commitLog().deliveryApplied("gitlab", "u-1")).isFalse();
    assertThat(store.deployments().applyDelivery(delivery("u-1", List.of(commit), Optional.of(pr), inProgress("job-1", 3))))
        .isInstanceOf(WebhookDelivery.Result.Applied.class);
    assertThat(store.commitLog().commit("aaaaaaa")).contains(commit);
  }
}

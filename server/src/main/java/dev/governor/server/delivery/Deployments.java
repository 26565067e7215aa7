package dev.governor.server.delivery;

import dev.governor.delivery.ChangeInference;
import dev.governor.delivery.CommitLog;
import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentId;
import dev.governor.delivery.DeploymentOutcome;
import dev.governor.delivery.DeploymentQuery;
import dev.governor.delivery.DeploymentStore;
import dev.governor.delivery.RecordResult;
import dev.governor.delivery.WebhookDelivery;
import java.time.Instant;
import java.util.Optional;

/**
 * Records deployments from every source (REST, GitHub, GitLab) the same way: idempotently by id,
 * and, when a successful deployment lists only its head commit, with the changes inferred from
 * push events since the previous successful deployment of the same service and environment.
 */
public final class Deployments {

  private final DeploymentStore store;
  private final CommitLog log;

  public Deployments(DeploymentStore store, CommitLog log) {
    this.store = store;
    this.log = log;
  }

  public DeploymentStore store() {
    return store;
  }

  public CommitLog log() {
    return log;
  }

  public RecordResult record(Deployment deployment) {
    RecordResult result = store.record(deployment);
    if (result instanceof RecordResult.Recorded recorded) {
      return new RecordResult.Recorded(inferChanges(recorded.deployment()));
    }
    return result;
  }

  /**
   * Stores a webhook delivery in one transaction, then infers the changes of the deployments it
   * recorded or finished, as {@link #record} does. The inference reads what the transaction stored
   * (the delivery's own commits included), so it runs after the commit; what it writes is derived
   * from stored data and changes only those deployments' lists of changes.
   */
  public WebhookDelivery.Result applyDelivery(WebhookDelivery delivery) {
    WebhookDelivery.Result result = store.applyDelivery(delivery);
    if (!(result instanceof WebhookDelivery.Result.Applied applied)) return result;
    return new WebhookDelivery.Result.Applied(applied.deployments().stream()
        .<WebhookDelivery.DeploymentApplied>map(a -> switch (a) {
          case WebhookDelivery.DeploymentApplied.Recorded r -> new WebhookDelivery.DeploymentApplied.Recorded(
              inferChanges(r.deployment()));
          case WebhookDelivery.DeploymentApplied.Updated u -> new WebhookDelivery.DeploymentApplied.Updated(
              inferChanges(u.deployment()));
          case WebhookDelivery.DeploymentApplied.Kept k -> k;
        })
        .toList());
  }

  public Optional<Deployment> updateOutcome(DeploymentId id, DeploymentOutcome outcome, Optional<Instant> finishedAt) {
    Optional<Deployment> updated = outcome == DeploymentOutcome.ROLLED_BACK
        ? store.markRolledBack(id, finishedAt.orElseGet(() -> store.get(id).map(Deployment::liveAt).orElse(Instant.EPOCH)))
        : store.updateOutcome(id, outcome, finishedAt);
    return updated.map(this::inferChanges);
  }

  private Deployment inferChanges(Deployment deployment) {
    if (deployment.outcome() != DeploymentOutcome.SUCCEEDED || !ChangeInference.onlyHead(deployment)) {
      return deployment;
    }
    Optional<String> previousHead = store.list(DeploymentQuery.of(deployment.service(), deployment.environment(), 50))
        .stream()
        .filter(d -> d.outcome() == DeploymentOutcome.SUCCEEDED && d.startedAt().isBefore(deployment.startedAt()))
        .findFirst()
        .map(Deployment::commitSha);
    var changes = ChangeInference.changesBetween(deployment.commitSha(), previousHead, log);
    if (changes.isEmpty()) return deployment;
    return store.replaceChanges(deployment.id(), changes).orElse(deployment);
  }
}

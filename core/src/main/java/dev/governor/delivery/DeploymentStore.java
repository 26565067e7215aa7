package dev.governor.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable deployments. Every mutation returns the deployment as stored afterwards, or empty when
 * no deployment has that id.
 */
public interface DeploymentStore {

  /** Stores the deployment unless its id is stored already: a repeated delivery is applied once. */
  RecordResult record(Deployment deployment);

  Optional<Deployment> get(DeploymentId id);

  /**
   * Applies a webhook delivery in one transaction: remembers its id (see
   * {@link CommitLog#deliveryApplied}), stores its commits as {@link CommitLog#recordPush} and its
   * pull request as {@link CommitLog#recordPullRequest} would, and each deployment by
   * {@link WebhookDelivery#merge}. A delivery whose id was applied before changes nothing and is
   * {@link WebhookDelivery.Result.Duplicate}; a failure half way stores none of it.
   */
  WebhookDelivery.Result applyDelivery(WebhookDelivery delivery);

  /** Deployments matching the query, newest start first. */
  List<Deployment> list(DeploymentQuery query);

  /** Sets the outcome, and the finish time when given (an earlier finish time is kept). */
  Optional<Deployment> updateOutcome(DeploymentId id, DeploymentOutcome outcome, Optional<Instant> finishedAt);

  /** Marks a deployment that had succeeded as having broken production at {@code at}. */
  Optional<Deployment> markFailedAfterSuccess(DeploymentId id, Instant at);

  /** Marks the deployment rolled back at {@code at}. */
  Optional<Deployment> markRolledBack(DeploymentId id, Instant at);

  /** Links an incident the deployment caused; linking the same incident again changes nothing. */
  Optional<Deployment> linkIncident(DeploymentId id, String incidentId);

  /** Removes the link to an incident; unlinking one that is not linked changes nothing. */
  Optional<Deployment> unlinkIncident(DeploymentId id, String incidentId);

  /** Replaces the changes (used when they are inferred after the deployment was recorded). */
  Optional<Deployment> replaceChanges(DeploymentId id, List<Change> changes);
}

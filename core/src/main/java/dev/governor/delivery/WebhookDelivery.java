package dev.governor.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything one webhook delivery of a forge tells Governor, checked whole before any of it is
 * stored: the commits it pushed, the pull request it merged, the deployments it reports. A store
 * applies it with {@link DeploymentStore#applyDelivery} all at once or not at all, and remembers
 * its id in the same transaction, so that a delivery is never half applied, and a delivery that
 * was not applied (refused, or cut short by a failure) is applied when the forge sends it again.
 *
 * @param source the forge: {@code github}, {@code gitlab}
 * @param id the forge's id of the delivery ({@code X-GitHub-Delivery}, {@code X-Gitlab-Event-UUID})
 */
public record WebhookDelivery(
    String source, String id, Instant receivedAt, List<PushedCommit> commits, Optional<MergedPullRequest> pullRequest,
    List<Deployment> deployments) {

  public WebhookDelivery {
    if (source == null || source.isBlank()) throw new IllegalArgumentException("a delivery names its source");
    if (id == null || id.isBlank()) throw new IllegalArgumentException("a delivery needs its id");
    if (receivedAt == null) throw new IllegalArgumentException("a delivery needs the time it was received");
    commits = List.copyOf(commits);
    deployments = List.copyOf(deployments);
  }

  /** What applying a delivery did. */
  public sealed interface Result permits Result.Duplicate, Result.Applied {

    /** The delivery was applied before: nothing was stored again. */
    record Duplicate() implements Result {}

    /** The delivery is stored; what became of each of its deployments, in the delivery's order. */
    record Applied(List<DeploymentApplied> deployments) implements Result {
      public Applied {
        deployments = List.copyOf(deployments);
      }
    }
  }

  /** What a delivery did to one deployment it reports. */
  public sealed interface DeploymentApplied
      permits DeploymentApplied.Recorded, DeploymentApplied.Updated, DeploymentApplied.Kept {

    /** The deployment as stored afterwards. */
    Deployment deployment();

    /** A deployment Governor did not know: stored as reported. */
    record Recorded(Deployment deployment) implements DeploymentApplied {}

    /** A known deployment whose outcome (and finish time, if it had none) was set from the report. */
    record Updated(Deployment deployment) implements DeploymentApplied {}

    /**
     * A known deployment that has finished, reported as still in progress: a status that came late
     * (deliveries arrive out of order), so the stored deployment is kept unchanged.
     */
    record Kept(Deployment deployment, DeploymentOutcome reported) implements DeploymentApplied {}
  }

  /**
   * The one rule for a reported deployment, in every store: a new id is recorded as reported; a
   * known one takes the reported outcome, and the reported finish time when it had none, but a
   * finished deployment does not go back to in progress. Who recorded it first keeps the rest
   * (service, start, changes). A reported finish before the stored start is taken as the start:
   * the start another event reported for the same deployment wins over the clock of this one.
   */
  public static DeploymentApplied merge(Optional<Deployment> stored, Deployment reported) {
    if (stored.isEmpty()) return new DeploymentApplied.Recorded(reported);
    Deployment known = stored.get();
    if (known.outcome().isFinished() && !reported.outcome().isFinished()) {
      return new DeploymentApplied.Kept(known, reported.outcome());
    }
    Optional<Instant> finished = known.finishedAt().isPresent() ? Optional.empty()
        : reported.finishedAt().map(at -> at.isBefore(known.startedAt()) ? known.startedAt() : at);
    return new DeploymentApplied.Updated(known.withOutcome(reported.outcome(), finished));
  }
}

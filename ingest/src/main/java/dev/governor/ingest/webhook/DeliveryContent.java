package dev.governor.ingest.webhook;

import dev.governor.delivery.Deployment;
import dev.governor.delivery.PushedCommit;
import java.util.List;
import java.util.Optional;

/**
 * What one webhook delivery reports, every value checked: the commits it pushed (each with the
 * commit before it), the pull request it merged, the deployments it started or finished, and
 * sentences about what it reports that Governor does not record (a state it ignores, a job that
 * deployed nothing), for the answer to the sender.
 */
public record DeliveryContent(
    List<PushedCommit> commits, Optional<PullRequestMerge> pullRequest, List<Deployment> deployments,
    List<String> notes) {

  public DeliveryContent {
    commits = List.copyOf(commits);
    deployments = List.copyOf(deployments);
    notes = List.copyOf(notes);
  }

  /** A delivery that records nothing, only says why. */
  static DeliveryContent note(String note) {
    return new DeliveryContent(List.of(), Optional.empty(), List.of(), List.of(note));
  }
}

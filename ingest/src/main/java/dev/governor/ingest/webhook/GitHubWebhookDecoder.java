package dev.governor.ingest.webhook;

import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentId;
import dev.governor.delivery.DeploymentOutcome;
import dev.governor.delivery.PushedCommit;
import dev.governor.ingest.webhook.PayloadReader.Obj;
import dev.governor.slo.ServiceName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes the payload of a GitHub webhook delivery, given its event ({@code X-GitHub-Event}):
 *
 * <ul>
 *   <li>{@code deployment_status}: the deployment {@code github-<deployment.id>} of the service
 *       {@code deployment.payload.service} (else the repository's name), to
 *       {@code deployment.environment}, of {@code deployment.sha}, started at
 *       {@code deployment.created_at}; {@code success} succeeded, {@code failure} and {@code error}
 *       failed, {@code pending}, {@code queued} and {@code in_progress} are in progress, at the
 *       status's {@code created_at}; other states ({@code inactive}) are not recorded.
 *   <li>{@code push}: its commits, each with the commit before it. Commits that are not
 *       {@code distinct} were pushed before (a merged branch's commits in the push of a merge
 *       commit); they are skipped, so the merge commit's parent is the branch's previous head, as
 *       its first parent is in git.
 *   <li>{@code pull_request}, closed and merged: the pull request by its merge commit, with its
 *       opening and merge times and its head branch.
 *   <li>{@code ping} and any other event: nothing.
 * </ul>
 *
 * <p>Every field read is checked, every problem is reported with its JSON path, and any problem
 * refuses the whole payload. Fields not read are ignored, so newer payloads keep working.
 */
public final class GitHubWebhookDecoder {

  private static final String FORMAT_HINT = "Governor takes the JSON of GitHub's webhook events deployment_status,"
      + " push and pull_request, with the content type application/json";

  private GitHubWebhookDecoder() {}

  /** Decodes {@code json}, the payload of a delivery of {@code event}. */
  public static DecodedDelivery decode(String event, byte[] json) {
    PayloadReader reader = new PayloadReader();
    Obj root = reader.root(json, FORMAT_HINT);
    if (root == null) return DecodedDelivery.refused(reader.problems);
    DeliveryContent content = switch (event) {
      case "deployment_status" -> deploymentStatus(root);
      case "push" -> push(root);
      case "pull_request" -> pullRequest(root);
      case "ping" -> DeliveryContent.note("pong");
      default -> DeliveryContent.note("event '" + PayloadReader.bounded(event) + "' is not used");
    };
    return reader.problems.isEmpty() ? DecodedDelivery.of(content) : DecodedDelivery.refused(reader.problems);
  }

  private static DeliveryContent deploymentStatus(Obj root) {
    Obj status = root.object("deployment_status", true, "a deployment_status event carries the status there");
    Obj deployment = root.object("deployment", true, "a deployment_status event carries its deployment there");
    if (status == null || deployment == null) return null;
    String state = status.string("state", true, "GitHub sends success, failure, error, pending, queued,"
        + " in_progress or inactive");
    if (state == null) return null;
    Optional<DeploymentOutcome> outcome = switch (state) {
      case "success" -> Optional.of(DeploymentOutcome.SUCCEEDED);
      case "failure", "error" -> Optional.of(DeploymentOutcome.FAILED);
      case "pending", "queued", "in_progress" -> Optional.of(DeploymentOutcome.IN_PROGRESS);
      default -> Optional.empty(); // inactive: superseded by a newer deployment, nothing to record
    };
    if (outcome.isEmpty()) return DeliveryContent.note("state '" + PayloadReader.bounded(state) + "' is not recorded");

    Long id = deployment.id("id", true, "GitHub numbers every deployment");
    Instant started = deployment.rfc3339("created_at", true);
    Instant at = status.rfc3339("created_at", true);
    ServiceName service = service(root, deployment);
    String environment = deployment.environment("environment", "production");
    String sha = deployment.sha("sha", true, "a deployment names the commit it deploys");
    String ref = deployment.string("ref", sha);
    boolean versionOk = ref == null || deployment.version("ref", ref);
    Obj creator = deployment.object("creator", false, "");
    String login = creator == null ? "unknown" : creator.string("login", "unknown");
    String logUrl = status.string("log_url", "");
    // GitHub deprecated target_url for log_url; senders may set either.
    String url = logUrl.isBlank() ? status.string("target_url", "") : logUrl;
    Optional<Instant> finished = outcome.get().isFinished() ? Optional.ofNullable(at) : Optional.empty();
    if (started != null && finished.isPresent() && finished.get().isBefore(started)) {
      finishedBeforeStarted(root, status.at("created_at"), deployment.at("created_at"));
      return null;
    }
    if (id == null || started == null || at == null || service == null || environment == null || sha == null
        || !versionOk) {
      return null;
    }
    return new DeliveryContent(List.of(), Optional.empty(), List.of(new Deployment(
        DeploymentId.of("github-" + id), service, environment, ref, sha, List.of(), started, finished,
        outcome.get(), Optional.empty(), Optional.empty(), List.of(), "github:" + login,
        url.isBlank() ? Map.of() : Map.of("status", url), Map.of())), List.of());
  }

  /** The service {@code deployment.payload.service} names, else the repository's name. */
  private static ServiceName service(Obj root, Obj deployment) {
    // The payload may be a JSON object or a string (GitHub takes either); only an object names a service.
    Obj payload = deployment.isObject("payload") ? deployment.object("payload", false, "") : null;
    if (payload != null && !payload.string("service", "").isBlank()) {
      return payload.service("service", "");
    }
    Obj repository = root.object("repository", true, "GitHub names the repository, whose name is the service's"
        + " unless deployment.payload.service names one");
    return repository == null ? null : repository.service("name", "the repository's name is the service's name"
        + " unless deployment.payload.service names one");
  }

  private static DeliveryContent push(Obj root) {
    String ref = root.string("ref", true, "a push names the ref it pushed to, e.g. \"refs/heads/main\"");
    String before = root.string("before", "");
    Optional<String> parent = Optional.empty();
    // All zeros: the push created the branch, and its first commit has no parent known here.
    if (!before.matches("0*")) parent = Optional.ofNullable(root.sha("before", false, ""));
    List<PushedCommit> commits = new ArrayList<>();
    int skipped = 0;
    for (Obj commit : root.objects("commits")) {
      // Pushed before, to another branch: known with its own parent, and not a parent in this chain.
      if (!commit.bool("distinct", true)) {
        skipped++;
        continue;
      }
      String sha = commit.sha("id", true, "each commit of a push has its SHA in \"id\"");
      Instant time = commit.rfc3339("timestamp", true);
      if (ref != null && sha != null && time != null) commits.add(new PushedCommit(sha, parent, ref, time, time));
      parent = Optional.ofNullable(sha);
    }
    if (ref == null) return null;
    return new DeliveryContent(commits, Optional.empty(), List.of(), List.of(commits.size() + " commits of "
        + PayloadReader.bounded(ref) + " recorded" + (skipped == 0 ? "" : ", " + skipped + " pushed before")));
  }

  private static DeliveryContent pullRequest(Obj root) {
    String action = root.string("action", true, "GitHub names what happened to the pull request, e.g. \"closed\"");
    Obj pr = root.object("pull_request", true, "a pull_request event carries the pull request there");
    if (action == null || pr == null) return null;
    if (!action.equals("closed") || !pr.bool("merged", false)) {
      return DeliveryContent.note("only merged pull requests are recorded");
    }
    Long number = pr.id("number", true, "GitHub numbers every pull request");
    String mergeSha = pr.sha("merge_commit_sha", true, "a merged pull request names the commit its merge made");
    Instant opened = pr.rfc3339("created_at", true);
    Instant merged = pr.rfc3339("merged_at", true);
    if (opened != null && merged != null && merged.isBefore(opened)) {
      finishedBeforeStarted(root, pr.at("merged_at"), pr.at("created_at"));
      return null;
    }
    Obj head = pr.object("head", true, "a pull request names its head branch there");
    String headRef = head == null ? null : head.string("ref", true, "the head names its branch, e.g. \"changes\"");
    String headSha = head == null ? null : head.sha("sha", false, "");
    if (number == null || mergeSha == null || opened == null || merged == null || headRef == null) return null;
    return new DeliveryContent(List.of(), Optional.of(new PullRequestMerge(number, mergeSha, opened, merged,
        "refs/heads/" + headRef, Optional.ofNullable(headSha))), List.of(), List.of());
  }

  private static void finishedBeforeStarted(Obj root, String later, String earlier) {
    root.problem(later, later + " is before " + earlier + "; it cannot be: send the times GitHub sent");
  }
}

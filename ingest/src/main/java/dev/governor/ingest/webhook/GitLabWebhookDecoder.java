package dev.governor.ingest.webhook;

import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentId;
import dev.governor.delivery.DeploymentOutcome;
import dev.governor.delivery.PushedCommit;
import dev.governor.ingest.webhook.PayloadReader.Obj;
import dev.governor.slo.ServiceName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes the payload of a GitLab webhook delivery, by its {@code object_kind}:
 *
 * <ul>
 *   <li>{@code deployment}: the deployment of the job that ran it, {@code gitlab-job-<deployable_id>}
 *       (or {@code gitlab-deployment-<deployment_id>} for a deployment made without a job), of the
 *       project's service, to {@code environment}, of the commit {@code commit_url} ends with, at
 *       {@code status_changed_at}; {@code success} succeeded, {@code failed} failed, {@code running}
 *       and {@code created} are in progress, {@code canceled} is not recorded.
 *   <li>{@code pipeline}: the pipeline's commit, and for every job with an environment that it
 *       starts (a deploy job) that has started, the deployment {@code gitlab-job-<id>}, so that a
 *       project sending both pipeline and deployment events records each deploy once. Jobs that are
 *       created, pending, manual, skipped or canceled deployed nothing.
 *   <li>any other kind: nothing.
 * </ul>
 *
 * <p>Every field read is checked, every problem is reported with its JSON path
 * ({@code builds[1].started_at}), and any problem refuses the whole payload: a pipeline is stored
 * whole or not at all. Fields not read are ignored, so newer payloads keep working.
 */
public final class GitLabWebhookDecoder {

  private static final String FORMAT_HINT = "Governor takes the JSON of GitLab's pipeline and deployment webhook"
      + " events";

  private GitLabWebhookDecoder() {}

  public static DecodedDelivery decode(byte[] json) {
    PayloadReader reader = new PayloadReader();
    Obj root = reader.root(json, FORMAT_HINT);
    if (root == null) return DecodedDelivery.refused(reader.problems);
    String kind = root.string("object_kind", true, "GitLab names the event there, e.g. \"pipeline\"");
    DeliveryContent content = kind == null ? null : switch (kind) {
      case "deployment" -> deployment(root);
      case "pipeline" -> pipeline(root);
      default -> DeliveryContent.note("event '" + PayloadReader.bounded(kind) + "' is not used");
    };
    return reader.problems.isEmpty() ? DecodedDelivery.of(content) : DecodedDelivery.refused(reader.problems);
  }

  private static DeliveryContent deployment(Obj root) {
    String status = root.string("status", true, "GitLab sends created, running, success, failed or canceled");
    if (status == null) return null;
    Optional<DeploymentOutcome> outcome = outcome(status, "created");
    if (outcome.isEmpty()) return DeliveryContent.note("status '" + PayloadReader.bounded(status) + "' is not recorded");

    // Keyed by the job that deployed, as pipeline events key it; a deployment made through the API
    // or by a trigger job has no job.
    DeploymentId id = null;
    if (root.has("deployable_id")) {
      Long job = root.id("deployable_id", true, "");
      if (job != null) id = DeploymentId.of("gitlab-job-" + job);
    } else {
      Long deployment = root.id("deployment_id", true, "GitLab numbers every deployment");
      if (deployment != null) id = DeploymentId.of("gitlab-deployment-" + deployment);
    }
    Instant at = root.gitlabTime("status_changed_at", true);
    String sha = commit(root);
    Obj project = root.object("project", true, "GitLab names the project, whose name is the service's");
    ServiceName service = project == null ? null : project.service("name", "the project's name is the service's");
    String environment = root.environment("environment", "production");
    String ref = sha == null ? null : root.string("ref", shortSha(sha));
    boolean versionOk = ref == null || root.version("ref", ref);
    String user = username(root);
    String jobUrl = root.string("deployable_url", "");
    if (id == null || at == null || sha == null || service == null || environment == null || !versionOk) return null;
    return new DeliveryContent(List.of(), Optional.empty(), List.of(new Deployment(id, service, environment, ref, sha,
        List.of(), at, outcome.get().isFinished() ? Optional.of(at) : Optional.empty(), outcome.get(),
        Optional.empty(), Optional.empty(), List.of(), "gitlab:" + user,
        jobUrl.isBlank() ? Map.of() : Map.of("job", jobUrl), Map.of())), List.of());
  }

  /** The deployed commit: the end of {@code commit_url}, else {@code short_sha}. */
  private static String commit(Obj root) {
    String url = root.string("commit_url", "");
    String last = url.substring(url.lastIndexOf('/') + 1);
    if (!last.isEmpty()) {
      if (dev.governor.delivery.Change.Shas.isValid(last)) return last.toLowerCase(java.util.Locale.ROOT);
      root.problem(root.at("commit_url"), root.at("commit_url") + " must end with the commit's SHA, got "
          + PayloadReader.describe(url));
      return null;
    }
    return root.sha("short_sha", true, "a deployment names its commit in commit_url or short_sha");
  }

  /**
   * A pipeline tells us its commit, and its deploy jobs: the jobs with an environment they start.
   * Each such job that has started is a deployment of the project to that environment.
   */
  private static DeliveryContent pipeline(Obj root) {
    Obj attributes = root.object("object_attributes", true, "a pipeline event describes the pipeline there");
    Obj commit = root.object("commit", false, "");
    if (attributes == null) return null;
    String ref = attributes.string("ref", true, "a pipeline names the branch or tag it ran for");
    boolean tag = attributes.bool("tag", false);
    String sha = attributes.sha("sha", false, "");
    List<String> notes = new ArrayList<>();
    List<PushedCommit> commits = new ArrayList<>();

    String commitSha = commit == null ? null : commit.sha("id", false, "");
    Instant commitTime = commit == null ? null : commit.rfc3339("timestamp", false);
    if (commitSha != null && commitTime != null) {
      // The push before the pipeline's: a parent when it is another commit (GitLab's documented
      // example repeats the pipeline's own SHA when there was none).
      String before = attributes.string("before_sha", "");
      Optional<String> parent = before.matches("0*") || before.equalsIgnoreCase(commitSha) ? Optional.empty()
          : Optional.ofNullable(attributes.sha("before_sha", false, ""));
      if (ref != null) {
        commits.add(new PushedCommit(commitSha, parent, (tag ? "refs/tags/" : "refs/heads/") + ref, commitTime,
            commitTime));
        notes.add("commit " + commitSha + " recorded");
      }
    }
    boolean commitNamed = attributes.has("sha") || commit != null && commit.has("id");
    if (sha == null && !attributes.has("sha")) sha = commitSha;

    List<Deployment> deployments = new ArrayList<>();
    Deploys deploys = new Deploys(root, attributes, ref, tag, sha, commitNamed);
    for (Obj build : root.objects("builds")) {
      deploys.build(build, notes).ifPresent(deployments::add);
    }
    if (commits.isEmpty() && deployments.isEmpty() && notes.isEmpty()) {
      notes.add("pipeline without a commit or a deploy job");
    }
    return new DeliveryContent(commits, Optional.empty(), deployments, notes);
  }

  /** What the deploy jobs of one pipeline share, read once, when the first of them needs it. */
  private static final class Deploys {
    final Obj root;
    final Obj attributes;
    final String ref;
    final boolean tag;
    final String sha;
    final boolean commitNamed;
    boolean read;
    ServiceName service;
    String user;
    String pipelineUrl;
    String projectUrl;

    Deploys(Obj root, Obj attributes, String ref, boolean tag, String sha, boolean commitNamed) {
      this.root = root;
      this.attributes = attributes;
      this.ref = ref;
      this.tag = tag;
      this.sha = sha;
      this.commitNamed = commitNamed;
    }

    Optional<Deployment> build(Obj build, List<String> notes) {
      if (!build.has("environment")) return Optional.empty();
      Obj environment = build.object("environment", false, "");
      if (environment == null || !environment.string("action", "start").equals("start")) return Optional.empty();
      String status = build.string("status", true, "GitLab sends the job's status, e.g. \"success\"");
      Long id = build.id("id", true, "GitLab numbers every job");
      if (status == null) return Optional.empty();
      Optional<DeploymentOutcome> outcome = outcome(status, null);
      if (outcome.isEmpty()) {
        notes.add("job " + (id == null ? "?" : id) + " (" + PayloadReader.bounded(status) + ") deployed nothing");
        return Optional.empty();
      }
      String name = environment.environment("name", null);
      Instant started = build.has("started_at") ? build.gitlabTime("started_at", true)
          : build.gitlabTime("created_at", true);
      Optional<Instant> finished = Optional.empty();
      if (outcome.get().isFinished()) {
        finished = build.has("finished_at") ? Optional.ofNullable(build.gitlabTime("finished_at", true))
            : Optional.ofNullable(started);
        if (started != null && finished.isPresent() && finished.get().isBefore(started)) {
          build.problem(build.at("finished_at"), build.at("finished_at") + " is before "
              + build.at(build.has("started_at") ? "started_at" : "created_at") + "; a job finishes after it starts");
          return Optional.empty();
        }
        if (finished.isEmpty()) return Optional.empty();
      }
      readShared();
      String version = tag ? ref : sha == null ? null : shortSha(sha);
      boolean versionOk = version == null || attributes.version("ref", version);
      if (id == null || name == null || started == null || service == null || sha == null || ref == null
          || !versionOk) {
        return Optional.empty();
      }
      Map<String, String> links = new LinkedHashMap<>();
      if (!pipelineUrl.isBlank()) links.put("pipeline", pipelineUrl);
      if (!projectUrl.isBlank()) links.put("job", projectUrl + "/-/jobs/" + id);
      return Optional.of(new Deployment(DeploymentId.of("gitlab-job-" + id), service, name, version, sha, List.of(),
          started, finished, outcome.get(), Optional.empty(), Optional.empty(), List.of(), "gitlab:" + user, links,
          Map.of()));
    }

    /** The fields only a pipeline with a deploy job needs, so a pipeline without one is not refused for them. */
    private void readShared() {
      if (read) return;
      read = true;
      if (!commitNamed) {
        attributes.problem(attributes.at("sha"), attributes.at("sha") + " is missing, and so is commit.id; a pipeline"
            + " that deploys names its commit");
      }
      Obj project = root.object("project", true, "GitLab names the project, whose name is the service's");
      service = project == null ? null : project.service("name", "the project's name is the service's");
      projectUrl = project == null ? "" : project.string("web_url", "");
      pipelineUrl = attributes.string("url", "");
      user = username(root);
    }
  }

  /** What a job's or a deployment's status says about the deployment; {@code created} only counts for deployments. */
  private static Optional<DeploymentOutcome> outcome(String status, String alsoInProgress) {
    return switch (status) {
      case "success" -> Optional.of(DeploymentOutcome.SUCCEEDED);
      case "failed" -> Optional.of(DeploymentOutcome.FAILED);
      case "running" -> Optional.of(DeploymentOutcome.IN_PROGRESS);
      default -> status.equals(alsoInProgress) ? Optional.of(DeploymentOutcome.IN_PROGRESS) : Optional.empty();
    };
  }

  private static String username(Obj root) {
    Obj user = root.object("user", false, "");
    return user == null ? "unknown" : user.string("username", "unknown");
  }

  /** The version a GitLab deploy records when nothing better names it: the short SHA GitLab shows. */
  private static String shortSha(String sha) {
    return sha.length() > 8 ? sha.substring(0, 8) : sha;
  }
}

package dev.governor.server.delivery;

import dev.governor.delivery.ChangeInference;
import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentId;
import dev.governor.delivery.DeploymentOutcome;
import dev.governor.delivery.MergedPullRequest;
import dev.governor.delivery.PushedCommit;
import dev.governor.delivery.RecordResult;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.Json;
import dev.governor.server.http.RequestBodies;
import dev.governor.slo.ServiceName;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/integrations/github} and {@code /gitlab}: deployments, pushes and merged pull
 * requests from the forges' webhooks.
 *
 * <p>Authentication comes first and stores nothing when it fails: GitHub signs the raw body with
 * HMAC-SHA256 ({@code X-Hub-Signature-256: sha256=<hex>}), GitLab sends a shared token
 * ({@code X-Gitlab-Token}); both are compared in constant time. A delivery id seen before
 * ({@code X-GitHub-Delivery}, {@code X-Gitlab-Event-UUID}) is acknowledged and not applied again,
 * so that a redelivered old status cannot overwrite a newer one. The id is remembered only once the
 * delivery is applied: a delivery refused as invalid, or cut short by a failure, is applied when it
 * comes again. Everything a delivery stores is keyed (deployments by id, commits by SHA, pull
 * requests by merge commit), so the rare delivery applied twice by two racing requests stores the
 * same thing twice.
 *
 * <p>What each event records (docs/dora.md says the same for users):
 *
 * <ul>
 *   <li>GitHub {@code deployment_status}: the deployment {@code github-<id>} and its outcome.
 *   <li>GitHub {@code push}: its commits, each with the commit before it, for change inference.
 *       Commits that are not {@code distinct} were pushed before (a merged branch's commits in the
 *       push of a merge commit); they are skipped, so the merge commit's parent is the branch's
 *       previous head, as its first parent is in git.
 *   <li>GitHub {@code pull_request}, closed and merged: the pull request by its merge commit, with
 *       its opening and merge times and its commits as pushes to its head branch showed them; the
 *       earliest is the lead time start of a squash merge.
 *   <li>GitLab deployment events: the deployment of the job that ran it, {@code gitlab-job-<id>}.
 *   <li>GitLab pipeline events: the pipeline's commit, and for every job with an environment that
 *       it starts (a deploy job) that has started, the deployment {@code gitlab-job-<id>}, so that a
 *       project sending both pipeline and deployment events records each deploy once.
 * </ul>
 */
public final class WebhookRoutes {

  private static final DateTimeFormatter GITLAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[ Z][ z]");

  private final Deployments deployments;
  private final RequestBodies bodies;
  private final InstantSource clock;
  private final byte[] githubSecret;
  private final byte[] gitlabToken;

  public WebhookRoutes(Deployments deployments, RequestBodies bodies, InstantSource clock, String githubSecret,
      String gitlabToken) {
    this.deployments = deployments;
    this.bodies = bodies;
    this.clock = clock;
    this.githubSecret = githubSecret.getBytes(StandardCharsets.UTF_8);
    this.gitlabToken = gitlabToken.getBytes(StandardCharsets.UTF_8);
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/v1/integrations/github", this::github);
    routes.post("/api/v1/integrations/gitlab", this::gitlab);
  }

  record Ack(String status, String detail) {}

  private void github(Context ctx) {
    byte[] body = bodies.read(ctx);
    if (githubSecret.length == 0) {
      throw unauthorized("no GitHub webhook secret is configured (integrations.github.secret)");
    }
    String signature = Optional.ofNullable(ctx.header("X-Hub-Signature-256")).orElse("");
    byte[] expected = ("sha256=" + HexFormat.of().formatHex(hmacSha256(githubSecret, body)))
        .getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
      throw unauthorized("X-Hub-Signature-256 is missing or does not match the body signed with"
          + " integrations.github.secret");
    }
    String event = Optional.ofNullable(ctx.header("X-GitHub-Event")).orElse("");
    String delivery = Optional.ofNullable(ctx.header("X-GitHub-Delivery")).filter(s -> !s.isBlank())
        .orElseThrow(() -> new HttpProblem.BadRequest("the header X-GitHub-Delivery is missing"));
    JsonNode json = parse(body);
    if (deployments.log().deliveryApplied("github", delivery)) {
      ctx.json(new Ack("duplicate", "delivery " + delivery + " was applied before"));
      return;
    }
    String detail;
    try {
      detail = switch (event) {
        case "deployment_status" -> githubDeploymentStatus(json);
        case "push" -> githubPush(json);
        case "pull_request" -> githubPullRequest(json);
        case "ping" -> "pong";
        default -> "event '" + event + "' is not used";
      };
    } catch (IllegalArgumentException e) {
      throw new HttpProblem.BadRequest("the " + event + " payload has an invalid value: " + e.getMessage());
    }
    deployments.log().firstDelivery("github", delivery, clock.instant());
    ctx.json(new Ack("applied", detail));
  }

  private String githubDeploymentStatus(JsonNode json) {
    JsonNode deployment = json.path("deployment");
    JsonNode status = json.path("deployment_status");
    String state = status.path("state").asString("");
    Optional<DeploymentOutcome> outcome = switch (state) {
      case "success" -> Optional.of(DeploymentOutcome.SUCCEEDED);
      case "failure", "error" -> Optional.of(DeploymentOutcome.FAILED);
      case "pending", "queued", "in_progress" -> Optional.of(DeploymentOutcome.IN_PROGRESS);
      default -> Optional.empty(); // inactive: superseded by a newer deployment, nothing to record
    };
    if (outcome.isEmpty()) return "state '" + state + "' is not recorded";
    DeploymentId id = DeploymentId.of("github-" + deployment.path("id").asString(""));
    Instant started = rfc3339(deployment, "created_at");
    Instant at = rfc3339(status, "created_at");
    Optional<Instant> finished = outcome.get().isFinished() ? Optional.of(at) : Optional.empty();
    String service = deployment.path("payload").path("service").asString("");
    Deployment recorded = new Deployment(id,
        serviceOf(service.isEmpty() ? json.path("repository").path("name").asString("") : service),
        deployment.path("environment").asString("production"),
        deployment.path("ref").asString(deployment.path("sha").asString("")),
        deployment.path("sha").asString(""), List.of(), started, finished, outcome.get(),
        Optional.empty(), Optional.empty(), List.of(),
        "github:" + deployment.path("creator").path("login").asString("unknown"),
        statusLink(status),
        Map.of());
    return recordOrUpdate(recorded);
  }

  /**
   * Records a deployment, or updates the outcome of the one with its id. A finished deployment does
   * not go back to in progress: deliveries may arrive out of order, and a pipeline event of a
   * running job can come after the deployment event of its success.
   */
  private String recordOrUpdate(Deployment deployment) {
    RecordResult result = deployments.record(deployment);
    if (result instanceof RecordResult.AlreadyRecorded(Deployment stored)) {
      if (stored.outcome().isFinished() && !deployment.outcome().isFinished()) {
        return "deployment " + stored.id() + " stays " + stored.outcome().wireName() + ": an earlier status came late";
      }
      deployments.updateOutcome(deployment.id(), deployment.outcome(), deployment.finishedAt());
    }
    return "deployment " + deployment.id() + " is " + deployment.outcome().wireName();
  }

  /** GitHub deprecated {@code target_url} for {@code log_url}; senders may set either. */
  private static Map<String, String> statusLink(JsonNode status) {
    for (String field : List.of("log_url", "target_url")) {
      String url = status.path(field).asString("");
      if (!url.isBlank()) return Map.of("status", url);
    }
    return Map.of();
  }

  private String githubPush(JsonNode json) {
    String ref = json.path("ref").asString("");
    Optional<String> parent = Optional.of(json.path("before").asString("")).filter(s -> !s.matches("0*"));
    List<PushedCommit> commits = new ArrayList<>();
    int skipped = 0;
    for (JsonNode commit : json.path("commits")) {
      // Pushed before, to another branch: known with its own parent, and not a parent in this chain.
      if (!commit.path("distinct").asBoolean(true)) {
        skipped++;
        continue;
      }
      Instant time = rfc3339(commit, "timestamp");
      String sha = commit.path("id").asString("");
      commits.add(new PushedCommit(sha, parent, ref, time, time));
      parent = Optional.of(sha);
    }
    deployments.log().recordPush(commits);
    return commits.size() + " commits of " + ref + " recorded" + (skipped == 0 ? "" : ", " + skipped + " pushed before");
  }

  private String githubPullRequest(JsonNode json) {
    JsonNode pr = json.path("pull_request");
    if (!"closed".equals(json.path("action").asString("")) || !pr.path("merged").asBoolean(false)) {
      return "only merged pull requests are recorded";
    }
    String headRef = "refs/heads/" + pr.path("head").path("ref").asString("");
    String headSha = pr.path("head").path("sha").asString("");
    List<PushedCommit> commits = headSha.isEmpty() ? List.of()
        : ChangeInference.pullRequestCommits(headSha, headRef, deployments.log());
    Optional<Instant> firstCommit = commits.stream().map(PushedCommit::committedAt).min(Comparator.naturalOrder());
    long number = pr.path("number").asLong(0);
    deployments.log().recordPullRequest(new MergedPullRequest(number, pr.path("merge_commit_sha").asString(""),
        rfc3339(pr, "created_at"), rfc3339(pr, "merged_at"), firstCommit,
        commits.stream().map(PushedCommit::sha).toList()));
    return "pull request #" + number + " recorded with " + commits.size() + " of its commits"
        + firstCommit.map(t -> ", the first at " + t).orElse(" (none was pushed to Governor)");
  }

  private void gitlab(Context ctx) {
    byte[] body = bodies.read(ctx);
    if (gitlabToken.length == 0) {
      throw unauthorized("no GitLab webhook token is configured (integrations.gitlab.token)");
    }
    byte[] given = Optional.ofNullable(ctx.header("X-Gitlab-Token")).orElse("").getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(sha256(gitlabToken), sha256(given))) {
      throw unauthorized("X-Gitlab-Token is missing or is not integrations.gitlab.token");
    }
    String delivery = Optional.ofNullable(ctx.header("X-Gitlab-Event-UUID")).filter(s -> !s.isBlank())
        .orElseThrow(() -> new HttpProblem.BadRequest("the header X-Gitlab-Event-UUID is missing"));
    JsonNode json = parse(body);
    if (deployments.log().deliveryApplied("gitlab", delivery)) {
      ctx.json(new Ack("duplicate", "delivery " + delivery + " was applied before"));
      return;
    }
    String detail;
    try {
      detail = switch (json.path("object_kind").asString("")) {
        case "deployment" -> gitlabDeployment(json);
        case "pipeline" -> gitlabPipeline(json);
        default -> "event '" + json.path("object_kind").asString("") + "' is not used";
      };
    } catch (IllegalArgumentException e) {
      throw new HttpProblem.BadRequest("the GitLab payload has an invalid value: " + e.getMessage());
    }
    deployments.log().firstDelivery("gitlab", delivery, clock.instant());
    ctx.json(new Ack("applied", detail));
  }

  private String gitlabDeployment(JsonNode json) {
    String status = json.path("status").asString("");
    Optional<DeploymentOutcome> outcome = switch (status) {
      case "success" -> Optional.of(DeploymentOutcome.SUCCEEDED);
      case "failed" -> Optional.of(DeploymentOutcome.FAILED);
      case "running", "created" -> Optional.of(DeploymentOutcome.IN_PROGRESS);
      default -> Optional.empty(); // canceled: it never went out
    };
    if (outcome.isEmpty()) return "status '" + status + "' is not recorded";
    // Keyed by the job that deployed, as pipeline events key it; a deployment made through the API
    // or by a trigger job has no job.
    DeploymentId id = json.path("deployable_id").isNumber()
        ? DeploymentId.of("gitlab-job-" + json.path("deployable_id").asLong())
        : DeploymentId.of("gitlab-deployment-" + json.path("deployment_id").asString(""));
    Instant at = gitlabTime(json, "status_changed_at");
    String commitUrl = json.path("commit_url").asString("");
    String sha = commitUrl.substring(commitUrl.lastIndexOf('/') + 1);
    if (sha.isEmpty()) sha = json.path("short_sha").asString("");
    Optional<Instant> finished = outcome.get().isFinished() ? Optional.of(at) : Optional.empty();
    Deployment recorded = new Deployment(id, serviceOf(json.path("project").path("name").asString("")),
        json.path("environment").asString("production"), json.path("ref").asString(shortSha(sha)), sha, List.of(), at,
        finished, outcome.get(), Optional.empty(), Optional.empty(), List.of(),
        "gitlab:" + json.path("user").path("username").asString("unknown"),
        json.path("deployable_url").isString() ? Map.of("job", json.path("deployable_url").asString()) : Map.of(),
        Map.of());
    return recordOrUpdate(recorded);
  }

  /**
   * A pipeline tells us its commit, and its deploy jobs: the jobs with an environment they start.
   * Each such job that has started is a deployment of the project to that environment; jobs that
   * are created, pending, manual, skipped or canceled deployed nothing.
   */
  private String gitlabPipeline(JsonNode json) {
    JsonNode attributes = json.path("object_attributes");
    JsonNode commit = json.path("commit");
    String ref = attributes.path("ref").asString("unknown");
    boolean tag = attributes.path("tag").asBoolean(false);
    List<String> done = new ArrayList<>();
    String sha = attributes.path("sha").asString(commit.path("id").asString(""));
    if (commit.hasNonNull("id") && commit.hasNonNull("timestamp")) {
      Instant time = rfc3339(commit, "timestamp");
      // The push before the pipeline's: a parent when it is another commit (the documented example
      // repeats the pipeline's own SHA when there was none).
      Optional<String> before = Optional.of(attributes.path("before_sha").asString(""))
          .filter(b -> !b.isEmpty() && !b.matches("0*") && !b.equalsIgnoreCase(commit.path("id").asString()));
      deployments.log().recordPush(List.of(new PushedCommit(commit.path("id").asString(), before,
          (tag ? "refs/tags/" : "refs/heads/") + ref, time, time)));
      done.add("commit " + commit.path("id").asString() + " recorded");
      if (sha.isEmpty()) sha = commit.path("id").asString();
    }
    for (JsonNode build : json.path("builds")) {
      JsonNode environment = build.path("environment");
      if (!environment.isObject() || !environment.path("action").asString("start").equals("start")) continue;
      String status = build.path("status").asString("");
      Optional<DeploymentOutcome> outcome = switch (status) {
        case "success" -> Optional.of(DeploymentOutcome.SUCCEEDED);
        case "failed" -> Optional.of(DeploymentOutcome.FAILED);
        case "running" -> Optional.of(DeploymentOutcome.IN_PROGRESS);
        default -> Optional.empty();
      };
      if (outcome.isEmpty()) {
        done.add("job " + build.path("id").asString("?") + " (" + status + ") deployed nothing");
        continue;
      }
      if (sha.isEmpty()) throw new HttpProblem.BadRequest("the pipeline names no commit (object_attributes.sha)");
      Instant started = gitlabTime(build, build.hasNonNull("started_at") ? "started_at" : "created_at");
      Optional<Instant> finished = outcome.get().isFinished() && build.hasNonNull("finished_at")
          ? Optional.of(gitlabTime(build, "finished_at"))
          : outcome.get().isFinished() ? Optional.of(started) : Optional.empty();
      Map<String, String> links = new java.util.LinkedHashMap<>();
      if (attributes.path("url").isString()) links.put("pipeline", attributes.path("url").asString());
      if (json.path("project").path("web_url").isString()) {
        links.put("job", json.path("project").path("web_url").asString() + "/-/jobs/" + build.path("id").asString());
      }
      Deployment deployment = new Deployment(DeploymentId.of("gitlab-job-" + build.path("id").asString("")),
          serviceOf(json.path("project").path("name").asString("")), environment.path("name").asString(""),
          tag ? ref : shortSha(sha), sha, List.of(), started, finished, outcome.get(), Optional.empty(),
          Optional.empty(), List.of(), "gitlab:" + json.path("user").path("username").asString("unknown"), links,
          Map.of());
      done.add(recordOrUpdate(deployment));
    }
    return done.isEmpty() ? "pipeline without a commit or a deploy job" : String.join("; ", done);
  }

  /** The version a GitLab deploy records when nothing better names it: the short SHA GitLab shows. */
  private static String shortSha(String sha) {
    return sha.length() > 8 ? sha.substring(0, 8) : sha;
  }

  private static JsonNode parse(byte[] body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw new HttpProblem.BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static Instant rfc3339(JsonNode node, String field) {
    String text = node.path(field).asString("");
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new HttpProblem.BadRequest("'" + field + "' is not an RFC 3339 time: '" + text + "'");
    }
  }

  /** GitLab writes "2021-04-28 21:50:00 +0200" or "2016-08-12 15:23:28 UTC", newer fields RFC 3339. */
  private static Instant gitlabTime(JsonNode node, String field) {
    String text = node.path(field).asString("");
    try {
      return ZonedDateTime.parse(text, GITLAB_TIME).toInstant();
    } catch (DateTimeParseException notGitLabs) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        throw new HttpProblem.BadRequest("'" + field + "' is not a GitLab time (2021-04-28 21:50:00 +0200): '" + text + "'");
      }
    }
  }

  /** A repository or project name made into a service name: lowercased, odd characters to '-'. */
  static ServiceName serviceOf(String name) {
    String cleaned = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
    if (cleaned.isEmpty()) throw new HttpProblem.BadRequest("the payload names no repository or service");
    return ServiceName.of(cleaned);
  }

  private static HttpProblem unauthorized(String detail) {
    return new HttpProblem.Unauthorized(detail, "HMAC realm=\"governor\"");
  }

  private static byte[] hmacSha256(byte[] key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  private static byte[] sha256(byte[] text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}

package dev.governor.server.delivery;

import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentId;
import dev.governor.delivery.DeploymentOutcome;
import dev.governor.delivery.MergedPullRequest;
import dev.governor.delivery.PushedCommit;
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
 * so that a redelivered old status cannot overwrite a newer one.
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
    if (!deployments.log().firstDelivery("github", delivery, clock.instant())) {
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
    var result = deployments.record(recorded);
    if (result instanceof dev.governor.delivery.RecordResult.AlreadyRecorded) {
      deployments.updateOutcome(id, outcome.get(), finished);
    }
    return "deployment " + id + " is " + outcome.get().wireName();
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
    for (JsonNode commit : json.path("commits")) {
      Instant time = rfc3339(commit, "timestamp");
      String sha = commit.path("id").asString("");
      commits.add(new PushedCommit(sha, parent, ref, time, time));
      parent = Optional.of(sha);
    }
    deployments.log().recordPush(commits);
    return commits.size() + " commits of " + ref + " recorded";
  }

  private String githubPullRequest(JsonNode json) {
    JsonNode pr = json.path("pull_request");
    if (!"closed".equals(json.path("action").asString("")) || !pr.path("merged").asBoolean(false)) {
      return "only merged pull requests are recorded";
    }
    String headRef = "refs/heads/" + pr.path("head").path("ref").asString("");
    deployments.log().recordPullRequest(new MergedPullRequest(pr.path("number").asLong(0),
        pr.path("merge_commit_sha").asString(""), rfc3339(pr, "created_at"), rfc3339(pr, "merged_at"),
        deployments.log().firstCommitTime(headRef)));
    return "pull request #" + pr.path("number").asLong(0) + " recorded";
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
    if (!deployments.log().firstDelivery("gitlab", delivery, clock.instant())) {
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
    DeploymentId id = DeploymentId.of("gitlab-" + json.path("deployment_id").asString(""));
    Instant at = gitlabTime(json, "status_changed_at");
    String commitUrl = json.path("commit_url").asString("");
    String sha = commitUrl.substring(commitUrl.lastIndexOf('/') + 1);
    if (sha.isEmpty()) sha = json.path("short_sha").asString("");
    Optional<Instant> finished = outcome.get().isFinished() ? Optional.of(at) : Optional.empty();
    Deployment recorded = new Deployment(id, serviceOf(json.path("project").path("name").asString("")),
        json.path("environment").asString("production"), json.path("ref").asString(sha), sha, List.of(), at,
        finished, outcome.get(), Optional.empty(), Optional.empty(), List.of(),
        "gitlab:" + json.path("user").path("username").asString("unknown"),
        json.path("deployable_url").isString() ? Map.of("job", json.path("deployable_url").asString()) : Map.of(),
        Map.of());
    var result = deployments.record(recorded);
    if (result instanceof dev.governor.delivery.RecordResult.AlreadyRecorded) {
      deployments.updateOutcome(id, outcome.get(), finished);
    }
    return "deployment " + id + " is " + outcome.get().wireName();
  }

  /** A pipeline tells us its commit and when it was made; deployments come as deployment events. */
  private String gitlabPipeline(JsonNode json) {
    JsonNode commit = json.path("commit");
    if (!commit.has("id")) return "pipeline without a commit";
    Instant time = rfc3339(commit, "timestamp");
    deployments.log().recordPush(List.of(new PushedCommit(commit.path("id").asString(), Optional.empty(),
        "refs/heads/" + json.path("object_attributes").path("ref").asString("unknown"), time, time)));
    return "commit " + commit.path("id").asString() + " recorded";
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

  private static Instant gitlabTime(JsonNode node, String field) {
    String text = node.path(field).asString("");
    try {
      return ZonedDateTime.parse(text, GITLAB_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new HttpProblem.BadRequest("'" + field + "' is not a GitLab time (2021-04-28 21:50:00 +0200): '" + text + "'");
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

package dev.governor.server.delivery;

import dev.governor.delivery.ChangeInference;
import dev.governor.delivery.MergedPullRequest;
import dev.governor.delivery.PushedCommit;
import dev.governor.delivery.WebhookDelivery;
import dev.governor.ingest.webhook.DecodedDelivery;
import dev.governor.ingest.webhook.DeliveryContent;
import dev.governor.ingest.webhook.GitHubWebhookDecoder;
import dev.governor.ingest.webhook.GitLabWebhookDecoder;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.RequestBodies;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code POST /api/v1/integrations/github} and {@code /gitlab}: deployments, pushes and merged pull
 * requests from the forges' webhooks.
 *
 * <p>Authentication comes first and stores nothing when it fails: GitHub signs the raw body with
 * HMAC-SHA256 ({@code X-Hub-Signature-256: sha256=<hex>}), GitLab sends a shared token
 * ({@code X-Gitlab-Token}); both are compared in constant time. Then the payload is decoded whole
 * ({@link GitHubWebhookDecoder}, {@link GitLabWebhookDecoder}, which say what each event records):
 * any problem is a 400 naming every bad field, and nothing is stored. A valid delivery is stored in
 * one transaction with its id ({@code X-GitHub-Delivery}, {@code X-Gitlab-Event-UUID}), so it is
 * applied whole or not at all; a delivery id seen before is acknowledged and not applied again, so
 * that a redelivered old status cannot overwrite a newer one, while a delivery refused as invalid,
 * or cut short by a failure, is applied when it comes again. docs/dora.md says the same for users.
 */
public final class WebhookRoutes {

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
    DeliveryContent content = valid(GitHubWebhookDecoder.decode(event, body), "GitHub payload");
    List<String> done = new ArrayList<>();
    Optional<MergedPullRequest> pullRequest = content.pullRequest().map(merge -> {
      // Its own commits as pushes to its head branch showed them; the earliest is the lead time
      // start of a squash merge.
      List<PushedCommit> commits = merge.headSha()
          .map(head -> ChangeInference.pullRequestCommits(head, merge.headRef(), deployments.log()))
          .orElse(List.of());
      Optional<Instant> firstCommit = commits.stream().map(PushedCommit::committedAt).min(Comparator.naturalOrder());
      done.add("pull request #" + merge.number() + " recorded with " + commits.size() + " of its commits"
          + firstCommit.map(t -> ", the first at " + t).orElse(" (none was pushed to Governor)"));
      return new MergedPullRequest(merge.number(), merge.mergeCommitSha(), merge.openedAt(), merge.mergedAt(),
          firstCommit, commits.stream().map(PushedCommit::sha).toList());
    });
    apply(ctx, new WebhookDelivery("github", delivery, clock.instant(), content.commits(), pullRequest,
        content.deployments()), content, done);
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
    DeliveryContent content = valid(GitLabWebhookDecoder.decode(body), "GitLab payload");
    apply(ctx, new WebhookDelivery("gitlab", delivery, clock.instant(), content.commits(), Optional.empty(),
        content.deployments()), content, new ArrayList<>());
  }

  /** The content of a payload without problems; a 400 naming every problem otherwise, before anything is stored. */
  private static DeliveryContent valid(DecodedDelivery decoded, String what) {
    if (!decoded.isValid()) throw new HttpProblem.InvalidPayload(what, decoded.problems());
    return decoded.content().orElseThrow();
  }

  /** Stores the whole delivery in one transaction and says what it did. */
  private void apply(Context ctx, WebhookDelivery delivery, DeliveryContent content, List<String> done) {
    WebhookDelivery.Result result = deployments.applyDelivery(delivery);
    if (!(result instanceof WebhookDelivery.Result.Applied applied)) {
      ctx.json(new Ack("duplicate", "delivery " + delivery.id() + " was applied before"));
      return;
    }
    done.addAll(content.notes());
    for (WebhookDelivery.DeploymentApplied a : applied.deployments()) {
      done.add(switch (a) {
        case WebhookDelivery.DeploymentApplied.Kept kept -> "deployment " + kept.deployment().id() + " stays "
            + kept.deployment().outcome().wireName() + ": an earlier status came late";
        default -> "deployment " + a.deployment().id() + " is " + a.deployment().outcome().wireName();
      });
    }
    ctx.json(new Ack("applied", done.isEmpty() ? "nothing to record" : String.join("; ", done)));
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

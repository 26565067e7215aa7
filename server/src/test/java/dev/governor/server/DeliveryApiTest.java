package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deployments, webhooks and DORA over real HTTP. */
class DeliveryApiTest {

  static final String SECRET = "It's a Secret to Everybody";

  @TempDir Path dataDir;
  TestServer api;

  @BeforeEach
  void start() {
    api = new TestServer(dataDir, Map.of("integrations.github.secret", SECRET,
        "integrations.gitlab.token", "gitlab-token", "auth.tokens", "writer-token")).withToken("writer-token");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  static String fixture(String name) throws IOException {
    try (InputStream in = DeliveryApiTest.class.getResourceAsStream("/webhooks/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String sign(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  TestServer.Response github(String event, String delivery, String body, String signature) {
    return api.post("/api/v1/integrations/github", "application/json", body,
        Map.of("X-GitHub-Event", event, "X-GitHub-Delivery", delivery, "X-Hub-Signature-256", signature));
  }

  static final String DEPLOYMENT = """
      {"id": "run-1", "service": "checkout", "environment": "production", "version": "1.4.2",
       "commit": "3f2a9c1", "startedAt": "2026-03-02T09:00:00Z", "finishedAt": "2026-03-02T09:10:00Z",
       "changes": [{"commit": "abcdef1", "committedAt": "2026-03-02T07:10:00Z"}],
       "labels": {"team": "payments"}}""";

  @Test
  void a_deployment_posted_twice_is_recorded_once_and_read_back() {
    TestServer.Response first = api.post("/api/v1/deployments", "application/json", DEPLOYMENT);
    TestServer.Response again = api.post("/api/v1/deployments", "application/json",
        DEPLOYMENT.replace("1.4.2", "9.9.9"));

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("version").asString()).isEqualTo("1.4.2");
    assertThat(api.get("/api/v1/deployments").json().path("deployments").size()).isEqualTo(1);
    assertThat(api.get("/api/v1/deployments/run-1").json().path("changes").get(0).path("commit").asString())
        .isEqualTo("abcdef1");
    assertThat(api.get("/api/v1/deployments/nothing").status()).isEqualTo(404);
  }

  @Test
  void a_bad_deployment_is_a_400_naming_the_field_and_stores_nothing() {
    TestServer.Response response = api.post("/api/v1/deployments", "application/json",
        DEPLOYMENT.replace("\"commit\": \"3f2a9c1\"", "\"commit\": \"not-a-sha\""));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).contains("not-a-sha");
    assertThat(api.get("/api/v1/deployments").json().path("deployments").size()).isZero();
  }

  @Test
  void the_outcome_can_be_set_and_dora_counts_a_rollback_as_a_failed_change() {
    api.post("/api/v1/deployments", "application/json", DEPLOYMENT);
    TestServer.Response rolledBack = api.post("/api/v1/deployments/run-1/outcome", "application/json",
        "{\"outcome\": \"rolled_back\", \"finishedAt\": \"2026-03-02T09:40:00Z\"}");
    assertThat(rolledBack.status()).isEqualTo(200);
    assertThat(rolledBack.json().path("outcome").asString()).isEqualTo("rolled_back");

    var dora = api.get("/api/v1/dora?service=checkout&from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z").json();
    assertThat(dora.path("deploymentFrequency").path("deployments").asInt()).isEqualTo(1);
    assertThat(dora.path("changeFailRate").path("rate").asDouble()).isEqualTo(1.0);
    assertThat(dora.path("changeFailRate").path("band").asString()).isEqualTo("low");
    // lead time: committed 07:10, live 09:10 -> 2 h
    assertThat(dora.path("changeLeadTime").path("medianSeconds").asLong()).isEqualTo(7200);
    // recovery: live 09:10, rolled back 09:40 -> 30 min
    assertThat(dora.path("failedDeploymentRecoveryTime").path("medianSeconds").asLong()).isEqualTo(1800);
  }

  @Test
  void a_github_delivery_with_a_wrong_signature_is_a_401_and_stores_nothing() throws Exception {
    String body = fixture("github-deployment_status.json");
    assertThat(github("deployment_status", "d-1", body, sign(body + " ")).status()).isEqualTo(401);
    assertThat(api.post("/api/v1/integrations/github", "application/json", body,
        Map.of("X-GitHub-Event", "deployment_status", "X-GitHub-Delivery", "d-2")).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/deployments").json().path("deployments").size()).isZero();
    // the delivery id was not burnt by the refused attempt
    assertThat(github("deployment_status", "d-1", body, sign(body)).json().path("status").asString())
        .isEqualTo("applied");
  }

  @Test
  void github_push_then_deployment_status_infers_the_changes_and_a_redelivery_is_applied_once() throws Exception {
    String push = fixture("github-push.json");
    assertThat(github("push", "p-1", push, sign(push)).status()).isEqualTo(200);
    String status = fixture("github-deployment_status.json");

    TestServer.Response first = github("deployment_status", "s-1", status, sign(status));
    TestServer.Response again = github("deployment_status", "s-1", status, sign(status));

    assertThat(first.json().path("status").asString()).isEqualTo("applied");
    assertThat(again.json().path("status").asString()).isEqualTo("duplicate");
    var deployment = api.get("/api/v1/deployments/github-42").json();
    assertThat(deployment.path("service").asString()).isEqualTo("checkout");
    assertThat(deployment.path("outcome").asString()).isEqualTo("succeeded");
    // no earlier deployment: both pushed commits are its changes, oldest first
    assertThat(deployment.path("changes").size()).isEqualTo(2);
    assertThat(deployment.path("changes").get(0).path("commit").asString())
        .isEqualTo("2222222222222222222222222222222222222222");
  }

  @Test
  void a_gitlab_deployment_event_is_recorded_and_a_wrong_token_is_a_401() throws Exception {
    String body = fixture("gitlab-deployment.json");
    assertThat(api.post("/api/v1/integrations/gitlab", "application/json", body,
        Map.of("X-Gitlab-Token", "wrong", "X-Gitlab-Event-UUID", "u-1")).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/deployments").json().path("deployments").size()).isZero();

    TestServer.Response ok = api.post("/api/v1/integrations/gitlab", "application/json", body,
        Map.of("X-Gitlab-Token", "gitlab-token", "X-Gitlab-Event-UUID", "u-1", "X-Gitlab-Event", "Deployment Hook"));

    assertThat(ok.status()).isEqualTo(200);
    var deployment = api.get("/api/v1/deployments/gitlab-15").json();
    assertThat(deployment.path("service").asString()).isEqualTo("search");
    assertThat(deployment.path("startedAt").asString()).isEqualTo("2026-03-02T09:15:00Z");
    assertThat(deployment.path("commit").asString()).isEqualTo("4444444444444444444444444444444444444444");
  }
}

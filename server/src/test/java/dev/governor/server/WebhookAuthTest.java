package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitHub and GitLab cannot send Governor's bearer token, so with auth.tokens configured the webhook
 * routes must take deliveries without one, and still refuse any without the forge's own signature
 * or token; every other write still needs the bearer token.
 */
class WebhookAuthTest {

  @TempDir Path dataDir;
  TestServer api;

  @BeforeEach
  void start() {
    api = new TestServer(dataDir, Map.of("integrations.github.secret", DeliveryApiTest.SECRET,
        "integrations.gitlab.token", "gitlab-token", "auth.tokens", "writer-token"));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void a_signed_github_delivery_needs_no_bearer_token_but_an_unsigned_one_is_a_401() throws Exception {
    String body = DeliveryApiTest.fixture("github-deployment_status.json");

    TestServer.Response unsigned = api.post("/api/v1/integrations/github", "application/json", body,
        Map.of("X-GitHub-Event", "deployment_status", "X-GitHub-Delivery", "d-1"));
    TestServer.Response signed = api.post("/api/v1/integrations/github", "application/json", body,
        Map.of("X-GitHub-Event", "deployment_status", "X-GitHub-Delivery", "d-1",
            "X-Hub-Signature-256", DeliveryApiTest.sign(body)));

    assertThat(unsigned.status()).isEqualTo(401);
    assertThat(unsigned.body()).contains("X-Hub-Signature-256");
    assertThat(signed.status()).as(signed.body()).isEqualTo(200);
    assertThat(signed.json().path("status").asString()).isEqualTo("applied");
    assertThat(api.withToken("writer-token").get("/api/v1/deployments/github-42").status()).isEqualTo(200);
  }

  @Test
  void a_gitlab_delivery_with_its_token_needs_no_bearer_token_but_one_without_is_a_401() throws Exception {
    String body = DeliveryApiTest.fixture("gitlab-deployment.json");

    TestServer.Response without = api.post("/api/v1/integrations/gitlab", "application/json", body,
        Map.of("X-Gitlab-Event-UUID", "u-1", "X-Gitlab-Event", "Deployment Hook"));
    TestServer.Response with = api.post("/api/v1/integrations/gitlab", "application/json", body,
        Map.of("X-Gitlab-Token", "gitlab-token", "X-Gitlab-Event-UUID", "u-1", "X-Gitlab-Event", "Deployment Hook"));

    assertThat(without.status()).isEqualTo(401);
    assertThat(without.body()).contains("X-Gitlab-Token");
    assertThat(with.status()).as(with.body()).isEqualTo(200);
    assertThat(api.withToken("writer-token").get("/api/v1/deployments/gitlab-job-380").status()).isEqualTo(200);
  }

  @Test
  void the_bearer_token_still_guards_every_other_write() {
    TestServer.Response r = api.post("/api/v1/deployments", "application/json", """
        {"id":"run-1","service":"checkout","environment":"production","version":"1","commit":"3f2a9c1"}""");

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body()).contains("Authorization: Bearer");
    assertThat(api.withToken("writer-token").get("/api/v1/deployments").json().path("deployments").size()).isZero();
  }
}

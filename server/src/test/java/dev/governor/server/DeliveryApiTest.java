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

  /** A value of the wrong JSON type is bad input: Jackson's own conversion of it threw, a 500. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {
      "\"labels\": {\"team\": {\"name\": \"payments\"}}",
      "\"links\": {\"run\": [\"https://ci.example.com/1\"]}",
      "\"changes\": [{\"pullRequest\": {\"number\": 7}, \"openedAt\": \"2026-03-02T07:00:00Z\"}]",
      "\"changes\": [{\"pullRequest\": 1e308, \"openedAt\": \"2026-03-02T07:00:00Z\"}]",
      "\"version\": {\"major\": 1}"})
  void a_deployment_field_of_the_wrong_type_is_a_400_and_stores_nothing(String field) {
    String body = "{\"id\": \"run-9\", \"service\": \"checkout\", \"environment\": \"production\","
        + " \"version\": \"1.0\", \"startedAt\": \"2026-03-02T09:00:00Z\", " + field + "}";
    body = body.replace("\"version\": \"1.0\", \"startedAt\": \"2026-03-02T09:00:00Z\", \"version\"",
        "\"startedAt\": \"2026-03-02T09:00:00Z\", \"version\"");

    TestServer.Response r = api.post("/api/v1/deployments", "application/json", body);

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(api.get("/api/v1/deployments/run-9").status()).isEqualTo(404);
  }

  @Test
  void an_outcome_whose_failed_after_success_is_not_a_boolean_is_a_400() {
    api.post("/api/v1/deployments", "application/json", DEPLOYMENT);

    TestServer.Response r = api.post("/api/v1/deployments/run-1/outcome", "application/json",
        "{\"outcome\": \"failed\", \"failedAfterSuccess\": \"yes\"}");

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("failedAfterSuccess");
  }

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
  void dora_and_the_deployment_list_read_an_offset_whose_plus_arrived_unencoded() {
    api.post("/api/v1/deployments", "application/json", DEPLOYMENT);

    // As curl sends it: the '+' of +01:00 is not encoded, so the form-decoded query holds a space.
    TestServer.Response dora = api.get("/api/v1/dora?service=checkout&from=2026-03-02T10:00:00+01:00"
        + "&to=2026-03-02T11:00:00+01:00");
    TestServer.Response later = api.get("/api/v1/dora?service=checkout&from=2026-03-02T11:00:00+01:00"
        + "&to=2026-03-02T12:00:00+01:00");
    TestServer.Response list = api.get("/api/v1/deployments?from=2026-03-02T09:30:00+01:00&to=2026-03-02T10:30:00+01:00");
    TestServer.Response none = api.get("/api/v1/deployments?from=2026-03-02T10:30:00+01:00");

    assertThat(dora.status()).as(dora.body()).isEqualTo(200);
    assertThat(dora.json().path("from").asString()).isEqualTo("2026-03-02T09:00:00Z");
    assertThat(dora.json().path("to").asString()).isEqualTo("2026-03-02T10:00:00Z");
    assertThat(dora.json().path("deploymentFrequency").path("deployments").asInt()).isEqualTo(1);
    assertThat(later.status()).as(later.body()).isEqualTo(200);
    assertThat(later.json().path("deploymentFrequency").path("deployments").asInt()).isZero();
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    assertThat(list.json().path("deployments").size()).isEqualTo(1);
    assertThat(none.status()).as(none.body()).isEqualTo(200);
    assertThat(none.json().path("deployments").size()).isZero();
    TestServer.Response bad = api.get("/api/v1/dora?from=yesterday");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("from must be an RFC 3339");
    // Years Java reads but no store holds are bad input too, not an overflow and a 500.
    for (String far : new String[] {"%2B999999999-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z"}) {
      for (String query : new String[] {"/api/v1/dora?from=", "/api/v1/dora?to=", "/api/v1/deployments?from=",
          "/api/v1/deployments?to="}) {
        TestServer.Response response = api.get(query + far);
        assertThat(response.status()).as(query + far + ": " + response.body()).isEqualTo(400);
      }
    }
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
    var deployment = api.get("/api/v1/deployments/gitlab-job-380").json();
    assertThat(deployment.path("service").asString()).isEqualTo("search");
    assertThat(deployment.path("startedAt").asString()).isEqualTo("2026-03-02T09:41:29Z");
    assertThat(deployment.path("commit").asString()).isEqualTo("bcbb5ec396a2c0f828686f14fac9b80b780504f2");
  }

  static final String SQUASH = "c4295bd74fb0f4fda03689c3df3f2803b658fd85";

  /** The deployment_status fixture for deployment {@code id} of commit {@code sha}. */
  static String deploymentStatus(int id, String sha) throws IOException {
    return fixture("github-deployment_status.json")
        .replace("3333333333333333333333333333333333333333", sha)
        .replace("\"id\": 42,", "\"id\": " + id + ",");
  }

  TestServer.Response signedGithub(String event, String delivery, String body) throws Exception {
    TestServer.Response response = github(event, delivery, body, sign(body));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response;
  }

  @Test
  void a_squash_merged_pull_request_starts_its_lead_time_at_its_first_commit() throws Exception {
    // The branch "changes" gets two commits (10:00 and 16:00 on March 1st); the pull request opened
    // at 17:00 is squash-merged at 08:30 the next day as c4295bd, which goes out at 09:30.
    signedGithub("push", "p-1", fixture("github-push-branch.json"));
    TestServer.Response merged = signedGithub("pull_request", "pr-1", fixture("github-pull_request-merged.json"));
    signedGithub("push", "p-2", fixture("github-push-squash.json"));
    signedGithub("deployment_status", "s-1", deploymentStatus(43, SQUASH));

    assertThat(merged.json().path("detail").asString()).contains("2 of its commits", "2026-03-01T10:00:00Z");
    var changes = api.get("/api/v1/deployments/github-43").json().path("changes");
    assertThat(changes.size()).isEqualTo(1);
    assertThat(changes.get(0).path("pullRequest").asLong()).isEqualTo(2);
    assertThat(changes.get(0).path("openedAt").asString()).isEqualTo("2026-03-01T17:00:00Z");
    assertThat(changes.get(0).path("mergedAt").asString()).isEqualTo("2026-03-02T08:30:00Z");
    assertThat(changes.get(0).path("firstCommitAt").asString()).isEqualTo("2026-03-01T10:00:00Z");
    // From the first commit (March 1st 10:00) to going live (March 2nd 09:30): 23 h 30 min, not the
    // hour since the squash commit.
    var dora = api.get("/api/v1/dora?service=checkout&from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z").json();
    assertThat(dora.path("changeLeadTime").path("medianSeconds").asLong()).isEqualTo(23 * 3600 + 30 * 60);
    // The same delivery again changes nothing.
    assertThat(signedGithub("pull_request", "pr-1", fixture("github-pull_request-merged.json"))
        .json().path("status").asString()).isEqualTo("duplicate");
  }

  @Test
  void a_merge_commit_counts_its_pull_request_once_and_not_its_commits_again() throws Exception {
    String merge = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b";
    signedGithub("push", "p-1", fixture("github-push-branch.json"));
    signedGithub("pull_request", "pr-1", fixture("github-pull_request-merged.json").replace(SQUASH, merge));
    // The push of a merge commit lists the branch's commits again, as not distinct, then the merge.
    String push = fixture("github-push-squash.json").replace(SQUASH, merge)
        .replace("\"commits\": [", "\"commits\": ["
            + "{\"id\": \"6dcb09b5b57875f334f61aebed695e2e4193db5e\", \"distinct\": false, \"timestamp\": \"2026-03-01T11:00:00+01:00\"},"
            + "{\"id\": \"ec26c3e57ca3a959ca5aad62de7213c562f8c821\", \"distinct\": false, \"timestamp\": \"2026-03-01T16:00:00Z\"},");
    assertThat(signedGithub("push", "p-2", push).json().path("detail").asString())
        .isEqualTo("1 commits of refs/heads/main recorded, 2 pushed before");
    signedGithub("deployment_status", "s-1", deploymentStatus(44, merge));

    var changes = api.get("/api/v1/deployments/github-44").json().path("changes");
    assertThat(changes.size()).as(changes.toString()).isEqualTo(1);
    assertThat(changes.get(0).path("pullRequest").asLong()).isEqualTo(2);
  }

  @Test
  void a_pull_request_closed_without_merging_records_nothing() throws Exception {
    String closed = fixture("github-pull_request-merged.json")
        .replace("\"merged\": true", "\"merged\": false")
        .replace("\"merged_at\": \"2026-03-02T08:30:00Z\"", "\"merged_at\": null");
    signedGithub("push", "p-2", fixture("github-push-squash.json"));

    assertThat(signedGithub("pull_request", "pr-1", closed).json().path("detail").asString())
        .isEqualTo("only merged pull requests are recorded");
    signedGithub("deployment_status", "s-1", deploymentStatus(45, SQUASH));
    assertThat(api.get("/api/v1/deployments/github-45").json().at("/changes/0/commit").asString()).isEqualTo(SQUASH);
  }

  @Test
  void a_delivery_refused_as_invalid_is_not_remembered_and_applies_when_sent_again_fixed() throws Exception {
    String bad = deploymentStatus(46, SQUASH).replace("\"environment\": \"production\",\n    \"description\"",
        "\"environment\": \"prod uction\",\n    \"description\"");
    TestServer.Response refused = github("deployment_status", "d-9", bad, sign(bad));
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body()).contains("prod uction");
    assertThat(api.get("/api/v1/deployments").json().path("deployments").size()).isZero();

    assertThat(signedGithub("deployment_status", "d-9", deploymentStatus(46, SQUASH)).json().path("status").asString())
        .isEqualTo("applied");
    assertThat(api.get("/api/v1/deployments/github-46").status()).isEqualTo(200);
  }

  TestServer.Response gitlab(String uuid, String body) {
    return api.post("/api/v1/integrations/gitlab", "application/json", body,
        Map.of("X-Gitlab-Token", "gitlab-token", "X-Gitlab-Event-UUID", uuid, "X-Gitlab-Event", "Pipeline Hook"));
  }

  @Test
  void a_gitlab_pipeline_records_its_commit_and_each_deploy_job_once_whatever_else_reports_it() throws Exception {
    String pipeline = fixture("gitlab-pipeline.json");
    assertThat(api.post("/api/v1/integrations/gitlab", "application/json", pipeline,
        Map.of("X-Gitlab-Token", "not-it", "X-Gitlab-Event-UUID", "u-7")).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/deployments").json().path("deployments").size()).isZero();

    TestServer.Response first = gitlab("u-7", pipeline);
    TestServer.Response again = gitlab("u-7", pipeline);

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.json().path("detail").asString())
        .contains("commit bcbb5ec396a2c0f828686f14fac9b80b780504f2 recorded",
            "deployment gitlab-job-380 is succeeded", "job 379 (created) deployed nothing");
    assertThat(again.json().path("status").asString()).isEqualTo("duplicate");
    var deployment = api.get("/api/v1/deployments/gitlab-job-380").json();
    assertThat(deployment.path("service").asString()).isEqualTo("search");
    assertThat(deployment.path("environment").asString()).isEqualTo("production");
    assertThat(deployment.path("version").asString()).isEqualTo("bcbb5ec3");
    assertThat(deployment.path("startedAt").asString()).isEqualTo("2026-03-02T09:36:12Z");
    assertThat(deployment.path("finishedAt").asString()).isEqualTo("2026-03-02T09:41:29Z");
    assertThat(deployment.path("links").path("pipeline").asString())
        .isEqualTo("https://gitlab.example.com/payments/search/-/pipelines/31");
    // The pipeline's commit is the deployment's change: committed 08:23:21 UTC, live 09:41:29.
    assertThat(deployment.at("/changes/0/committedAt").asString()).isEqualTo("2026-03-02T08:23:21Z");

    // The deployment event of the same job, and an earlier pipeline event of it still running,
    // change neither the count nor the outcome.
    api.post("/api/v1/integrations/gitlab", "application/json", fixture("gitlab-deployment.json"),
        Map.of("X-Gitlab-Token", "gitlab-token", "X-Gitlab-Event-UUID", "u-8", "X-Gitlab-Event", "Deployment Hook"));
    TestServer.Response late = gitlab("u-6", pipeline.replace("\"status\": \"success\",\n         \"created_at\": \"2026-03-02 09:23:28 UTC\",\n         \"started_at\": \"2026-03-02 09:36:12 UTC\"",
        "\"status\": \"running\",\n         \"created_at\": \"2026-03-02 09:23:28 UTC\",\n         \"started_at\": \"2026-03-02 09:36:12 UTC\""));
    assertThat(late.json().path("detail").asString()).contains("stays succeeded");
    var all = api.get("/api/v1/deployments").json().path("deployments");
    assertThat(all.size()).isEqualTo(1);
    assertThat(all.get(0).path("outcome").asString()).isEqualTo("succeeded");
  }

  static final String PIPELINE_SHA = "bcbb5ec396a2c0f828686f14fac9b80b780504f2";

  /** The pipeline fixture whose second build (377) deploys to canary and started at {@code startedAt}. */
  static String pipelineWithSecondDeploy(String startedAt) throws IOException {
    return fixture("gitlab-pipeline.json")
        .replace("\"started_at\": \"2026-03-02 09:26:12 UTC\"", "\"started_at\": \"" + startedAt + "\"")
        .replace("\"environment\": null", "\"environment\": {\"name\": \"canary\", \"action\": \"start\"}");
  }

  @Test
  void a_pipeline_refused_for_its_second_build_stores_nothing_and_its_corrected_redelivery_is_applied() throws Exception {
    String bad = pipelineWithSecondDeploy("not a time");
    assertThat(bad).contains("canary", "not a time");

    TestServer.Response refused = gitlab("u-9", bad);

    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    // Nothing of it: not the first build's deployment, not the commit, not the delivery id.
    assertThat(api.get("/api/v1/deployments").json().path("deployments").size()).isZero();
    assertThat(api.server.database().commitLog().commit(PIPELINE_SHA)).isEmpty();
    assertThat(api.server.database().commitLog().deliveryApplied("gitlab", "u-9")).isFalse();
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("builds[1].started_at");
    assertThat(refused.json().at("/errors/0/message").asString()).contains("not a time");

    TestServer.Response fixed = gitlab("u-9", pipelineWithSecondDeploy("2026-03-02 09:26:12 UTC"));

    assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
    assertThat(fixed.json().path("status").asString()).isEqualTo("applied");
    assertThat(api.get("/api/v1/deployments").json().path("deployments").findValuesAsString("id"))
        .containsExactlyInAnyOrder("gitlab-job-380", "gitlab-job-377");
    assertThat(api.server.database().commitLog().commit(PIPELINE_SHA)).isPresent();
  }

  @Test
  void gitlab_payloads_with_a_field_of_the_wrong_type_are_a_400_naming_it_not_a_500() throws Exception {
    TestServer.Response objectId = gitlab("u-10", fixture("gitlab-pipeline.json")
        .replace("\"id\": \"" + PIPELINE_SHA + "\"", "\"id\": {\"sha\": \"" + PIPELINE_SHA + "\"}"));
    TestServer.Response hugeId = api.post("/api/v1/integrations/gitlab", "application/json",
        fixture("gitlab-deployment.json").replace("\"deployable_id\": 380", "\"deployable_id\": 1e308"),
        Map.of("X-Gitlab-Token", "gitlab-token", "X-Gitlab-Event-UUID", "u-11", "X-Gitlab-Event", "Deployment Hook"));

    assertThat(objectId.status()).as(objectId.body()).isEqualTo(400);
    assertThat(objectId.json().at("/errors/0/field").asString()).isEqualTo("commit.id");
    assertThat(hugeId.status()).as(hugeId.body()).isEqualTo(400);
    assertThat(hugeId.json().at("/errors/0/field").asString()).isEqualTo("deployable_id");
    assertThat(hugeId.json().at("/errors/0/message").asString()).endsWith("got the number 1E+308");
    assertThat(api.get("/api/v1/deployments").json().path("deployments").size()).isZero();
  }

  @Test
  void a_github_payload_with_a_field_of_the_wrong_type_is_a_400_naming_it() throws Exception {
    String body = fixture("github-deployment_status.json").replace("\"id\": 42,", "\"id\": 1e308,");

    TestServer.Response refused = github("deployment_status", "d-20", body, sign(body));

    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("deployment.id");
    assertThat(api.server.database().commitLog().deliveryApplied("github", "d-20")).isFalse();
  }
}

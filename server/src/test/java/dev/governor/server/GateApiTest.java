package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The deploy gate over HTTP, with a token configured: {@code POST /api/v1/gates/{service}/check} is
 * the audited decision (a write, so it needs the token), {@code GET /api/v1/gates/{service}} the
 * same decision as a preview that records nothing and needs no token.
 */
class GateApiTest {

  static final String POLICY = """
      apiVersion: governor.dev/v1
      kind: ErrorBudgetPolicy
      metadata:
        name: checkout-policy
      spec:
        service: checkout
        environments: [production]
        rules:
          - name: budget-exhausted
            whenBudgetRemainingBelow: 0%
            action: block
        allowHotfixes: true
      """;

  @TempDir Path dataDir;
  TestServer api;

  @BeforeEach
  void start() {
    // The burns these tests send open a page incident at once, and an open page freezes the
    // service's deploys; here the policies are judged alone (IncidentFreezeGateTest covers freezes).
    api = new TestServer(dataDir, Map.of("auth.tokens", "writer-token", "incidents.freezeDeploysFrom", "off"))
        .withToken("writer-token");
    assertThat(api.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
    assertThat(api.post("/api/v1/policies", "application/yaml", POLICY).status()).isEqualTo(200);
    // 1 % errors against a 0.1 % budget: ten budgets spent.
    assertThat(api.events("{\"events\": [{\"sli\": \"checkout-requests\", \"good\": 990, \"total\": 1000}]}").status())
        .isEqualTo(200);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  int auditEntries() {
    return api.get("/api/v1/audit?subject=checkout").json().path("entries").size();
  }

  @Test
  void an_open_page_freezes_the_services_deploys_until_it_is_resolved() {
    try (TestServer frozen = new TestServer(dataDir.resolve("frozen"), Map.of("auth.tokens", "writer-token"))
        .withToken("writer-token")) {
      assertThat(frozen.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
      // Ten budgets spent: a fast burn, and its page incident opens within the request.
      assertThat(frozen.events("{\"events\": [{\"sli\": \"checkout-requests\", \"good\": 990, \"total\": 1000}]}")
          .status()).isEqualTo(200);
      long incident = frozen.get("/api/v1/incidents").json().at("/incidents/0/id").asLong();
      // Asked twice: the second answer comes from what the first worked out.
      for (int i = 0; i < 2; i++) {
        JsonNode preview = frozen.get("/api/v1/gates/checkout?environment=production").json();
        assertThat(preview.path("decision").asString()).isEqualTo("block");
        assertThat(preview.path("reasons").findValuesAsString("rule")).contains("incident-freeze");
      }

      assertThat(frozen.post("/api/v1/incidents/" + incident + "/resolve", "application/json", "{\"by\": \"alice\"}")
          .status()).isEqualTo(200);
      JsonNode after = frozen.get("/api/v1/gates/checkout?environment=production").json();
      assertThat(after.path("reasons").findValuesAsString("rule")).doesNotContain("incident-freeze");
    }
  }

  @Test
  void a_check_is_audited_and_a_preview_of_the_same_decision_is_not() {
    TestServer.Response check = api.post("/api/v1/gates/checkout/check", "application/json",
        "{\"environment\": \"production\", \"version\": \"1.4.2\", \"actor\": \"pipeline-7\"}");

    assertThat(check.status()).as(check.body()).isEqualTo(200);
    assertThat(check.json().path("decision").asString()).isEqualTo("block");
    assertThat(check.json().path("preview").asBoolean()).isFalse();
    long auditId = check.json().path("auditId").asLong();
    JsonNode entry = api.get("/api/v1/audit?subject=checkout").json().at("/entries/0");
    assertThat(entry.path("id").asLong()).isEqualTo(auditId);
    assertThat(entry.path("action").asString()).isEqualTo("gate.decision");
    assertThat(entry.path("outcome").asString()).isEqualTo("block");
    assertThat(entry.path("actor").asString()).isEqualTo("pipeline-7");
    assertThat(entry.path("version").asString()).isEqualTo("1.4.2");
    assertThat(check.json().path("policies").toString()).isEqualTo("[\"checkout-policy\"]");
    assertThat(entry.path("detail").asString()).startsWith("judged by policy checkout-policy\n");

    for (int i = 0; i < 3; i++) {
      TestServer.Response preview = api.get("/api/v1/gates/checkout?environment=production&version=1.4.2");
      assertThat(preview.status()).isEqualTo(200);
      assertThat(preview.json().path("decision").asString()).isEqualTo("block");
      assertThat(preview.json().path("preview").asBoolean()).isTrue();
      assertThat(preview.json().path("auditId").isNull()).isTrue();
    }
    assertThat(auditEntries()).isEqualTo(1);
  }

  @Test
  void a_hotfix_with_a_reason_overrides_the_block_and_the_override_is_audited_with_it() {
    TestServer.Response check = api.post("/api/v1/gates/checkout/check", "application/json",
        "{\"environment\": \"production\", \"hotfix\": true, \"reason\": \"fixes the 500s of INC-42\", \"actor\": \"alice\"}");

    assertThat(check.json().path("decision").asString()).isEqualTo("warn");
    assertThat(check.json().at("/override/kind").asString()).isEqualTo("hotfix");
    JsonNode entries = api.get("/api/v1/audit?subject=checkout").json().path("entries");
    assertThat(entries.size()).isEqualTo(2);
    assertThat(entries.get(0).path("action").asString()).isEqualTo("gate.override");
    assertThat(entries.get(0).path("reason").asString()).isEqualTo("fixes the 500s of INC-42");
    assertThat(entries.get(0).path("actor").asString()).isEqualTo("alice");
  }

  @Test
  void a_check_or_a_preview_without_the_token_is_a_401() {
    TestServer anonymous = new TestServer(dataDir.resolve("other"), Map.of("auth.tokens", "writer-token"));
    try {
      TestServer.Response check = anonymous.post("/api/v1/gates/checkout/check", "application/json", "{}");
      assertThat(check.status()).isEqualTo(401);
      assertThat(anonymous.get("/api/v1/gates/checkout").status()).isEqualTo(401);
      assertThat(anonymous.withToken("writer-token").get("/api/v1/audit").json().path("entries").size()).isZero();
    } finally {
      anonymous.close();
    }
  }

  @Test
  void an_empty_body_checks_a_plain_deploy() {
    TestServer.Response check = api.post("/api/v1/gates/checkout/check", "application/json", "");

    assertThat(check.status()).as(check.body()).isEqualTo(200);
    assertThat(check.json().path("decision").asString()).isEqualTo("block");
    assertThat(auditEntries()).isEqualTo(1);
  }

  @Test
  void a_bad_check_is_a_400_naming_the_field_and_audits_nothing() {
    TestServer.Response flag = api.post("/api/v1/gates/checkout/check", "application/json", "{\"hotfix\": \"yes\"}");
    TestServer.Response unknown = api.post("/api/v1/gates/checkout/check", "application/json", "{\"hotFix\": true}");
    TestServer.Response service = api.post("/api/v1/gates/Checkout/check", "application/json", "{}");
    TestServer.Response yaml = api.post("/api/v1/gates/checkout/check", "application/yaml", "environment: production");

    assertThat(flag.status()).isEqualTo(400);
    assertThat(flag.body()).contains("hotfix must be true or false");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body()).contains("'hotFix'");
    assertThat(service.status()).isEqualTo(400);
    assertThat(service.body()).contains("'Checkout'");
    assertThat(yaml.status()).isEqualTo(415);
    assertThat(auditEntries()).isZero();
  }

  /** A server with the SLOs of checkout and no policy at all, its budget ten times spent. */
  TestServer withoutPolicies(String dir, Map<String, String> config) {
    Map<String, String> withoutFreeze = new java.util.HashMap<>(config);
    withoutFreeze.putIfAbsent("incidents.freezeDeploysFrom", "off");
    TestServer bare = new TestServer(dataDir.resolve(dir), withoutFreeze);
    assertThat(bare.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
    assertThat(bare.events("{\"events\": [{\"sli\": \"checkout-requests\", \"good\": 990, \"total\": 1000}]}").status())
        .isEqualTo(200);
    return bare;
  }

  @Test
  void a_service_no_policy_names_is_blocked_by_the_default_policy_once_an_slo_has_spent_its_budget() {
    TestServer bare = withoutPolicies("bare", Map.of());
    try {
      TestServer.Response check = bare.post("/api/v1/gates/checkout/check", "application/json",
          "{\"environment\": \"production\", \"actor\": \"pipeline-7\"}");

      assertThat(check.status()).as(check.body()).isEqualTo(200);
      assertThat(check.json().path("decision").asString()).isEqualTo("block");
      assertThat(check.json().path("policies").toString()).isEqualTo("[\"default\"]");
      assertThat(check.json().at("/reasons/0/policy").asString()).isEqualTo("default");
      assertThat(check.json().at("/reasons/0/rule").asString()).isEqualTo("budget-exhausted");
      JsonNode entry = bare.get("/api/v1/audit?subject=checkout").json().at("/entries/0");
      assertThat(entry.path("outcome").asString()).isEqualTo("block");
      assertThat(entry.path("detail").asString()).startsWith("judged by policy default\n");

      TestServer.Response hotfix = bare.post("/api/v1/gates/checkout/check", "application/json",
          "{\"environment\": \"production\", \"hotfix\": true, \"reason\": \"fixes the 500s\"}");
      TestServer.Response bareHotfix = bare.post("/api/v1/gates/checkout/check", "application/json",
          "{\"environment\": \"production\", \"hotfix\": true}");
      TestServer.Response rollback = bare.get("/api/v1/gates/checkout?environment=production&rollback=true");
      assertThat(hotfix.json().path("decision").asString()).isEqualTo("warn");
      assertThat(hotfix.json().at("/override/kind").asString()).isEqualTo("hotfix");
      assertThat(bareHotfix.json().path("decision").asString()).isEqualTo("block");
      assertThat(rollback.json().path("decision").asString()).isEqualTo("warn");
      assertThat(rollback.json().at("/override/kind").asString()).isEqualTo("rollback");

      TestServer.Response noSlo = bare.get("/api/v1/gates/search?environment=production");
      assertThat(noSlo.json().path("decision").asString()).isEqualTo("allow");
      assertThat(noSlo.json().path("policies").toString()).isEqualTo("[\"default\"]");
      assertThat(noSlo.json().path("note").asString())
          .isEqualTo("no SLO: search has no SLO, so there is no error budget to judge");
    } finally {
      bare.close();
    }
  }

  @Test
  void with_the_default_policy_off_a_service_no_policy_names_is_allowed_and_the_answer_says_why() {
    TestServer bare = withoutPolicies("off", Map.of("gates.defaultPolicy.enabled", "false"));
    try {
      TestServer.Response check = bare.post("/api/v1/gates/checkout/check", "application/json",
          "{\"environment\": \"production\"}");

      assertThat(check.json().path("decision").asString()).isEqualTo("allow");
      assertThat(check.json().path("policies").size()).isZero();
      assertThat(check.json().path("note").asString()).isEqualTo(
          "no policy gates deploys of checkout to production: no policy names it, and the default policy is off");
      assertThat(bare.get("/api/v1/audit?subject=checkout").json().at("/entries/0/detail").asString())
          .startsWith("judged by no policy\n");
    } finally {
      bare.close();
    }
  }

  @Test
  void a_default_policy_limited_to_production_leaves_staging_open() {
    TestServer bare = withoutPolicies("production-only", Map.of("gates.defaultPolicy.environments", "production"));
    try {
      assertThat(bare.get("/api/v1/gates/checkout?environment=production").json().path("decision").asString())
          .isEqualTo("block");
      assertThat(bare.get("/api/v1/gates/checkout?environment=staging").json().path("decision").asString())
          .isEqualTo("allow");
    } finally {
      bare.close();
    }
  }

  @Test
  void a_policy_named_default_is_refused_since_the_default_policy_has_that_name() {
    TestServer.Response applied = api.post("/api/v1/policies", "application/yaml",
        POLICY.replace("name: checkout-policy", "name: default"));

    assertThat(applied.status()).as(applied.body()).isEqualTo(422);
    assertThat(applied.body()).contains("'default' is the name of the default policy");
    assertThat(api.get("/api/v1/policies").json().path("policies").findValuesAsString("name"))
        .containsExactly("checkout-policy");
  }
}

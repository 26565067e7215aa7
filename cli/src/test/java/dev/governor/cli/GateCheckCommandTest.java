package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What gate check sends, prints and exits with, against canned answers. */
class GateCheckCommandTest {

  static final String BLOCK = """
      {"service":"checkout","environment":"production","decision":"block","approvalRequired":false,
       "reasons":[{"policy":"checkout-policy","rule":"budget-exhausted","action":"block",
         "message":"SLO checkout-availability (objective available) has -900 % of its error budget left, below 0 %: block"}],
       "override":null,"budgets":[],"preview":false,"auditId":7}
      """;

  final FakeGovernor fake = new FakeGovernor();

  @AfterEach
  void stop() {
    fake.close();
  }

  Cli.Run gate(String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "gate";
    all[1] = "check";
    all[2] = "--server";
    all[3] = fake.url();
    System.arraycopy(args, 0, all, 4, args.length);
    return Cli.run(Map.of("USER", "ci-runner", "GOVERNOR_TOKEN", "t0ken"), "", all);
  }

  @Test
  void check_postsTheRequestWithTheToken_andExits1OnBlock() {
    fake.answer("POST /api/v1/gates/checkout/check", 200, BLOCK);

    Cli.Run run = gate("--service", "checkout", "--environment", "production", "--version", "1.4.2",
        "--hotfix", "--reason", "fixes INC-42");

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).startsWith("BLOCK: deploy of checkout to production is blocked\n")
        .contains("[policy checkout-policy, rule budget-exhausted]");
    FakeGovernor.Request sent = fake.last();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer t0ken");
    assertThat(sent.header("Content-Type")).isEqualTo("application/json");
    JsonNode body = ApiClient.JSON.readTree(sent.body());
    assertThat(body.path("environment").asString()).isEqualTo("production");
    assertThat(body.path("version").asString()).isEqualTo("1.4.2");
    assertThat(body.path("hotfix").asBoolean()).isTrue();
    assertThat(body.path("reason").asString()).isEqualTo("fixes INC-42");
    assertThat(body.path("actor").asString()).isEqualTo("ci-runner");
    assertThat(body.has("rollback")).isFalse();
  }

  @Test
  void check_printsThePoliciesThatJudged_andWhyAnAllowWasAnAllow() {
    fake.answer("POST /api/v1/gates/checkout/check", 200, BLOCK.replace("\"decision\":\"block\"",
        "\"decision\":\"block\",\"policies\":[\"default\"]").replace("checkout-policy", "default"));
    fake.answer("POST /api/v1/gates/search/check", 200, """
        {"service":"search","environment":"production","decision":"allow","policies":["default"],
         "approvalRequired":false,"note":"no SLO: search has no SLO, so there is no error budget to judge",
         "reasons":[],"override":null,"budgets":[],"preview":false,"auditId":8}
        """);

    Cli.Run blocked = gate("--service", "checkout", "--environment", "production");
    Cli.Run allowed = gate("--service", "search", "--environment", "production");

    assertThat(blocked.exit()).as(blocked.toString()).isEqualTo(1);
    assertThat(blocked.out()).startsWith("""
        BLOCK: deploy of checkout to production is blocked
          judged by policy default
          - SLO checkout-availability""").contains("[policy default, rule budget-exhausted]");
    assertThat(allowed.exit()).as(allowed.toString()).isEqualTo(0);
    assertThat(allowed.out()).isEqualTo("""
        ALLOW: deploy of search to production may go out
          judged by policy default
          no SLO: search has no SLO, so there is no error budget to judge
        """);
  }

  @Test
  void preview_asksWithAGet_recordsNothing_andSaysItIsAPreview() {
    fake.answer("GET /api/v1/gates/checkout", 200, BLOCK.replace("\"preview\":false,\"auditId\":7", "\"preview\":true,\"auditId\":null"));

    Cli.Run run = gate("--service", "checkout", "--environment", "production", "--preview");

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).startsWith("PREVIEW BLOCK: deploy of checkout to production is blocked");
    assertThat(fake.last().method()).isEqualTo("GET");
    assertThat(fake.last().pathAndQuery()).isEqualTo("/api/v1/gates/checkout?environment=production&actor=ci-runner");
  }

  @Test
  void check_refusedForWantOfAToken_exits1_withTheHint() {
    fake.answer("POST /api/v1/gates/checkout/check", 401,
        "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"POST /api/v1/gates/checkout/check needs the header Authorization: Bearer <token>\"}");

    Cli.Run run = gate("--service", "checkout");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("GOVERNOR_TOKEN");
  }
}

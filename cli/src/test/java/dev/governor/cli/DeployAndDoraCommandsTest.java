package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What deploy record, deploy outcome and dora send, print and exit with, against canned answers. */
class DeployAndDoraCommandsTest {

  static final String RECORDED = """
      {"id":"checkout-production-1.4.2","service":"checkout","environment":"production","version":"1.4.2",
       "commit":"3f2a9c1","outcome":"succeeded","changes":[{"commit":"3f2a9c1"},{"pullRequest":42}]}
      """;

  static final String REPORT = """
      {"service":"checkout","team":null,"from":"2026-10-22T00:00:00Z","to":"2026-11-21T00:00:00Z",
       "deploymentFrequency":{"deployments":5,"perDay":0.16666,"medianIntervalSeconds":86400,
         "p90IntervalSeconds":604800,"band":"high","trend":{"direction":"improved","previous":0.1}},
       "changeLeadTime":{"samples":7,"medianSeconds":12000,"p90Seconds":180000,"pending":0,"band":"elite",
         "trend":{"direction":"worsened","previous":3600}},
       "changeFailRate":{"count":2,"of":5,"rate":0.4,"band":"low","trend":{"direction":"no-data","previous":null}},
       "failedDeploymentRecoveryTime":{"samples":1,"medianSeconds":2700,"p90Seconds":2700,"pending":1,
         "band":"high","trend":{"direction":"unchanged","previous":2700}},
       "deploymentReworkRate":{"count":1,"of":5,"rate":0.2,"band":"not-banded",
         "trend":{"direction":"no-data","previous":null}}}
      """;

  final FakeGovernor fake = new FakeGovernor();

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void record_postsTheDeploymentWithChangesLinksLabelsAndHotfix() {
    fake.answer("POST /api/v1/deployments", 201, RECORDED);

    Cli.Run run = Cli.run("deploy", "record", "--server", fake.url(), "--service", "checkout",
        "--environment", "production", "--version", "1.4.2", "--commit", "3f2a9c1",
        "--change", "commit:3f2a9c1@2026-11-21T09:00:00+01:00", "--change", "pr:42@2026-11-20T10:00:00Z",
        "--outcome", "rolled-back", "--started", "2026-11-21T10:00:00Z", "--finished", "2026-11-21T10:05:00Z",
        "--link", "https://ci.example.com/run/7", "--link", "pr=https://git.example.com/pr/42",
        "--label", "region=eu", "--hotfix");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo(
        "recorded deployment checkout-production-1.4.2: checkout 1.4.2 to production, succeeded, 2 changes\n");
    JsonNode sent = ApiClient.JSON.readTree(fake.last().body());
    assertThat(sent.path("id").asString()).isEqualTo("checkout-production-1.4.2");
    assertThat(sent.path("outcome").asString()).isEqualTo("rolled_back");
    assertThat(sent.path("startedAt").asString()).isEqualTo("2026-11-21T10:00:00Z");
    assertThat(sent.path("finishedAt").asString()).isEqualTo("2026-11-21T10:05:00Z");
    assertThat(sent.path("changes").get(0).path("committedAt").asString()).isEqualTo("2026-11-21T08:00:00Z");
    assertThat(sent.path("changes").get(1).path("pullRequest").asLong()).isEqualTo(42);
    assertThat(sent.path("changes").get(1).path("openedAt").asString()).isEqualTo("2026-11-20T10:00:00Z");
    assertThat(sent.path("links").path("link").asString()).isEqualTo("https://ci.example.com/run/7");
    assertThat(sent.path("links").path("pr").asString()).isEqualTo("https://git.example.com/pr/42");
    assertThat(sent.path("labels").path("region").asString()).isEqualTo("eu");
    assertThat(sent.path("labels").path("hotfix").asString()).isEqualTo("true");
  }

  @Test
  void record_thatTheServerAlreadyHas_exits0_andSaysSo() {
    fake.answer("POST /api/v1/deployments", 200, RECORDED);

    Cli.Run run = Cli.run("deploy", "record", "--server", fake.url(), "--service", "checkout",
        "--environment", "production", "--version", "1.4.2", "--commit", "3f2a9c1");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).startsWith("already recorded deployment checkout-production-1.4.2");
  }

  @Test
  void record_refusedByTheServer_exits1_withTheProblem() {
    fake.answer("POST /api/v1/deployments", 400, """
        {"type":"about:blank","title":"Bad Request","status":400,
         "detail":"a commit SHA must be 7-64 hexadecimal digits, got 'main'"}
        """);

    Cli.Run run = Cli.run("deploy", "record", "--server", fake.url(), "--service", "checkout",
        "--environment", "production", "--version", "1.4.2", "--commit", "main");

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("got 'main'");
  }

  @Test
  void record_aChangeWithoutItsTime_isAUsageError_andSendsNothing() {
    Cli.Run run = Cli.run("deploy", "record", "--server", fake.url(), "--service", "checkout",
        "--environment", "production", "--version", "1.4.2", "--commit", "3f2a9c1", "--change", "pr:42");

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("--change must be commit:SHA@TIME or pr:NUMBER@TIME, got 'pr:42'");
    assertThat(fake.requests).isEmpty();
  }

  @Test
  void record_withoutAServer_exits2() {
    Cli.Run run = Cli.run("deploy", "record", "--server", "http://127.0.0.1:1", "--service", "checkout",
        "--environment", "production", "--version", "1.4.2", "--commit", "3f2a9c1");

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("cannot reach Governor");
  }

  @Test
  void record_asJson_printsTheServersDocument() {
    fake.answer("POST /api/v1/deployments", 201, RECORDED);

    Cli.Run run = Cli.run("deploy", "record", "-o", "json", "--server", fake.url(), "--service", "checkout",
        "--environment", "production", "--version", "1.4.2", "--commit", "3f2a9c1");

    assertThat(run.exit()).isZero();
    assertThat(ApiClient.JSON.readTree(run.out()).path("changes").size()).isEqualTo(2);
  }

  @Test
  void outcome_ofAnUnknownDeployment_exits1() {
    Cli.Run run = Cli.run("deploy", "outcome", "nope", "--outcome", "failed", "--server", fake.url());

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(fake.last().pathAndQuery()).isEqualTo("/api/v1/deployments/nope/outcome");
  }

  @Test
  void outcome_failedAfterSuccess_sendsTheFlag() {
    fake.answer("POST /api/v1/deployments/d-1/outcome", 200, """
        {"id":"d-1","outcome":"succeeded","failedAfterSuccessAt":"2026-11-21T11:00:00Z"}
        """);

    Cli.Run run = Cli.run("deploy", "outcome", "d-1", "--failed-after-success", "--server", fake.url());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("deployment d-1 is succeeded (failed after success)\n");
    assertThat(ApiClient.JSON.readTree(fake.last().body()).path("failedAfterSuccess").asBoolean()).isTrue();
  }

  @Test
  void dora_rendersOneRowPerMetric_withValueDistributionBandAndTrend() {
    fake.answer("GET /api/v1/dora", 200, REPORT);

    Cli.Run run = Cli.run("dora", "--service", "checkout", "--from", "2026-10-22T00:00:00Z",
        "--to", "2026-11-21T02:00:00+02:00", "--server", fake.url());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(fake.last().pathAndQuery()).isEqualTo(
        "/api/v1/dora?service=checkout&from=2026-10-22T00%3A00%3A00Z&to=2026-11-21T00%3A00%3A00Z");
    assertThat(run.out()).isEqualTo("""
        DORA metrics for service checkout, 2026-10-22T00:00:00Z to 2026-11-21T00:00:00Z

        METRIC                           VALUE                     DISTRIBUTION           BAND        TREND
        deployment frequency             0.17/day (5 deployments)  gap p50 1d, p90 7d     high        improved (was 0.10/day)
        change lead time                 median 3h 20m             p50 3h 20m, p90 2d 2h  elite       worsened (was 1h)
        change fail rate                 40.0%                     2 of 5                 low         no data before
        failed deployment recovery time  median 45m (1 pending)    p50 45m, p90 45m       high        unchanged (was 45m)
        deployment rework rate           20.0%                     1 of 5                 not-banded  no data before
        """);
  }

  @Test
  void dora_withNoDeployments_saysHowToRecordOne() {
    String empty = REPORT.replace("\"deployments\":5", "\"deployments\":0");
    fake.answer("GET /api/v1/dora", 200, empty);

    Cli.Run run = Cli.run("dora", "--server", fake.url());

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("No deployments in this period. Record one with: governor deploy record");
  }

  @Test
  void dora_aTimeThatIsNotRfc3339_isAUsageError() {
    Cli.Run run = Cli.run("dora", "--from", "yesterday", "--server", fake.url());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--from must be an RFC 3339 time");
  }

  @Test
  void dora_anUnknownTeam_exits1() {
    fake.answer("GET /api/v1/dora", 400, """
        {"type":"about:blank","title":"Bad Request","status":400,"detail":"no Service has the label team=x"}
        """);

    Cli.Run run = Cli.run("dora", "--team", "x", "--server", fake.url());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("team=x");
  }
}

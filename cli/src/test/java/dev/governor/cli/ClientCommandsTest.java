package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each client command sends, prints and exits with, against canned server answers. */
class ClientCommandsTest {

  static final String STATUS = """
      {"slo":"checkout-availability","service":"checkout","at":"2026-11-21T10:00:00Z",
       "objectives":[{"name":"default","target":0.999,
         "window":{"start":"2026-10-24T10:01:00Z","end":"2026-11-21T10:01:00Z"},
         "good":999530,"total":1000000,"attainment":0.99953,"noData":false,
         "errorBudget":{"allowed":1000,"consumed":0.47,"remaining":0.53,"unit":"events",
                        "total":1000,"spent":470,"left":530},
         "burnRates":[{"window":"5m","rate":0.2,"good":5998,"total":6000},
                      {"window":"1h","rate":0.41,"good":71970,"total":72000},
                      {"window":"6h","rate":15.2,"good":430000,"total":432000}],
         "budgetExhaustedAt":null}],
       "alerts":[{"slo":"checkout-availability","objective":"default","severity":"page","state":"firing"}]}
      """;

  final FakeGovernor fake = new FakeGovernor();

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void status_rendersAnAlignedTable_withBudgetAndBurnRates() {
    fake.answer("GET /api/v1/slos/checkout-availability/status", 200, STATUS);

    Cli.Run run = Cli.run("slo", "status", "checkout-availability", "--server", fake.url());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("""
        SLO                    OBJECTIVE  TARGET  ATTAINMENT  BUDGET LEFT  BURN 1h  BURN 6h  BURN WINDOW  ALERTS
        checkout-availability  default     99.9%     99.953%        53.0%    0.41x    15.2x        0.47x  page firing
        """);
  }

  @Test
  void status_ofEverySlo_usesTheAllStatusRoute_andShowsNoData() {
    fake.answer("GET /api/v1/status", 200, """
        {"slos":[{"slo":"search-latency","objectives":[{"name":"p99","target":"0.99","attainment":1,
          "noData":true,"errorBudget":{"remaining":1,"consumed":0},"burnRates":[]}],"alerts":[]}]}
        """);

    Cli.Run run = Cli.run("slo", "status", "--server", fake.url());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).contains("search-latency").contains("99%").contains("no data")
        .contains("100.0%");
  }

  @Test
  void status_asJson_printsTheServersDocument() {
    fake.answer("GET /api/v1/slos/checkout-availability/status", 200, STATUS);

    Cli.Run run = Cli.run("slo", "status", "checkout-availability", "-o", "json", "--server", fake.url());

    assertThat(run.exit()).isZero();
    assertThat(ApiClient.JSON.readTree(run.out()).path("objectives").get(0).path("attainment").asDouble())
        .isEqualTo(0.99953);
  }

  @Test
  void status_at_passesTheInstantInUtc() {
    fake.answer("GET /api/v1/slos/checkout-availability/status", 200, STATUS);

    Cli.run("slo", "status", "checkout-availability", "--at", "2026-11-21T12:00:00+02:00", "--server", fake.url());

    assertThat(fake.last().pathAndQuery()).endsWith("?at=2026-11-21T10%3A00%3A00Z");
  }

  @Test
  void status_ofAnUnknownSlo_exits1_withTheProblemDetail() {
    fake.answer("GET /api/v1/slos/nope/status", 404,
        "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"no SLO named nope\"}");

    Cli.Run run = Cli.run("slo", "status", "nope", "--server", fake.url());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("Not Found (HTTP 404): no SLO named nope");
  }

  @Test
  void apply_postsYaml_withTheToken_andPrintsWhatChanged(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("checkout.yaml"), "apiVersion: openslo/v1\n");
    fake.answer("POST /api/v1/slos", 200,
        "{\"applied\":[{\"kind\":\"SLO\",\"name\":\"checkout-availability\",\"result\":\"created\"}]}");

    Cli.Run run = Cli.run(Map.of("GOVERNOR_TOKEN", "s3cret"), "",
        "slo", "apply", file.toString(), "--server", fake.url());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo(file + ": SLO checkout-availability created\n");
    assertThat(fake.last().header("Content-Type")).isEqualTo("application/yaml");
    assertThat(fake.last().header("Authorization")).isEqualTo("Bearer s3cret");
    assertThat(fake.last().body()).isEqualTo("apiVersion: openslo/v1\n");
  }

  @Test
  void apply_dryRun_asksTheServerNotToChangeAnything(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a.yaml"), "x: 1\n");
    fake.answer("POST /api/v1/slos", 200, "{\"applied\":[]}");

    Cli.run("slo", "apply", file.toString(), "--dry-run", "--server", fake.url());

    assertThat(fake.last().pathAndQuery()).startsWith("/api/v1/slos?file=").endsWith("a.yaml&dryRun=true");
  }

  @Test
  void apply_refused_exits1_andNamesTheLocalFileAndLine(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "x: 1\n");
    fake.answer("POST /api/v1/slos", 422, """
        {"type":"about:blank","title":"Invalid document","status":422,"detail":"1 problem",
         "problems":[{"file":"request","document":1,"path":"spec.objectives[0].target","line":12,
                      "message":"target must be below 1, got 1.5"}]}
        """);

    Cli.Run run = Cli.run("slo", "apply", file.toString(), "--server", fake.url());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("  " + file + ":12: spec.objectives[0].target: target must be below 1, got 1.5");
  }

  @Test
  void apply_stopsAtTheFirstRefusedFile(@TempDir Path dir) throws Exception {
    Path a = Files.writeString(dir.resolve("a.yaml"), "a: 1\n");
    Path b = Files.writeString(dir.resolve("b.yaml"), "b: 1\n");
    fake.answer("POST /api/v1/slos", 422, "{\"title\":\"Invalid document\",\"status\":422,\"problems\":[]}");

    Cli.Run run = Cli.run("slo", "apply", a.toString(), b.toString(), "--server", fake.url());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(fake.requests).hasSize(1);
  }

  @Test
  void apply_aDirectory_appliesItsYamlFilesInNameOrder(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("b.yaml"), "b: 1\n");
    Files.writeString(dir.resolve("a.yml"), "a: 1\n");
    Files.writeString(dir.resolve("notes.txt"), "not a spec\n");
    fake.answer("POST /api/v1/slos", 200, "{\"applied\":[]}");

    Cli.Run run = Cli.run("slo", "apply", dir.toString(), "--server", fake.url());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(fake.requests).extracting(FakeGovernor.Request::body).containsExactly("a: 1\n", "b: 1\n");
  }

  @Test
  void apply_unauthorized_exits1_withAHintAboutTokens(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a.yaml"), "a: 1\n");
    fake.answer("POST /api/v1/slos", 401, "{\"title\":\"Unauthorized\",\"status\":401}");

    Cli.Run run = Cli.run("slo", "apply", file.toString(), "--server", fake.url());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("--token").contains("GOVERNOR_TOKEN");
  }

  @Test
  void aServerError_exits2_notOne(@TempDir Path dir) {
    fake.answer("GET /api/v1/slos", 500, "{\"title\":\"Internal Server Error\",\"status\":500}");

    Cli.Run run = Cli.run("slo", "list", "--server", fake.url());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("Internal Server Error");
  }

  @Test
  void list_rendersNamesServicesWindowsAndTargets() {
    fake.answer("GET /api/v1/slos", 200, """
        {"slos":[{"name":"checkout-availability","service":"checkout",
                  "window":{"duration":"28d","isRolling":true},
                  "objectives":[{"name":"default","target":0.999}]}]}
        """);

    Cli.Run run = Cli.run("slo", "list", "--server", fake.url());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("""
        NAME                   SERVICE   WINDOW       OBJECTIVES
        checkout-availability  checkout  28d rolling  default 99.9%
        """);
  }

  @Test
  void delete_exits0_andAnUnknownSloExits1() {
    fake.answer("DELETE /api/v1/slos/checkout-availability", 204, "");

    assertThat(Cli.run("slo", "delete", "checkout-availability", "--server", fake.url()).exit()).isZero();
    assertThat(Cli.run("slo", "delete", "nope", "--server", fake.url()).exit()).isEqualTo(1);
  }

  @Test
  void eventsSend_oneEventFromOptions_postsABatchOfOne() {
    fake.answer("POST /api/v1/events", 200, "{\"accepted\":1,\"buckets\":1}");

    Cli.Run run = Cli.run("events", "send", "--sli", "checkout-availability", "--good", "998",
        "--total", "1000", "--time", "2026-11-21T10:00:30Z", "--server", fake.url());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("accepted 1 events into 1 minute buckets\n");
    assertThat(ApiClient.JSON.readTree(fake.last().body())).isEqualTo(ApiClient.JSON.readTree("""
        {"events":[{"sli":"checkout-availability","time":"2026-11-21T10:00:30Z","good":998,"total":1000}]}
        """));
  }

  /** The server's clock stamps it: a client's clock that is off cannot push it out of the window. */
  @Test
  void eventsSend_withoutTime_leavesTheTimeToTheServer() {
    fake.answer("POST /api/v1/events", 200, "{\"accepted\":1,\"buckets\":1}");

    Cli.Run run = Cli.run("events", "send", "--sli", "checkout-availability", "--bad", "2",
        "--total", "1000", "--server", fake.url());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(ApiClient.JSON.readTree(fake.last().body())).isEqualTo(ApiClient.JSON.readTree("""
        {"events":[{"sli":"checkout-availability","bad":2,"total":1000}]}
        """));
  }

  @Test
  void eventsSend_aFileOrStdin_isSentAsItIs() {
    fake.answer("POST /api/v1/events", 200, "{\"accepted\":2,\"buckets\":1}");
    String batch = "{\"events\":[]}";

    Cli.Run run = Cli.run(Map.of(), batch, "events", "send", "-", "--server", fake.url());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(fake.last().body()).isEqualTo(batch);
  }

  @Test
  void eventsSend_rejected_exits1_andListsEachBadEvent() {
    fake.answer("POST /api/v1/events", 400, """
        {"title":"Invalid events","status":400,"detail":"nothing was stored",
         "errors":[{"index":3,"field":"time","message":"more than 5m in the future"}]}
        """);

    Cli.Run run = Cli.run(Map.of(), "{}", "events", "send", "-", "--server", fake.url());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("events[3].time: more than 5m in the future");
  }

  @Test
  void eventsSend_withCountsAndAValue_isAUsageError() {
    Cli.Run run = Cli.run("events", "send", "--sli", "x", "--good", "1", "--total", "1", "--value", "0.2",
        "--server", fake.url());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(fake.requests).isEmpty();
  }

  @Test
  void alerts_filteredByState_rendersOnlyThoseInIt() {
    fake.answer("GET /api/v1/alerts", 200, """
        {"alerts":[
          {"slo":"checkout-availability","objective":"default","rule":"page-1h","severity":"page",
           "state":"firing","startedAt":"2026-11-21T10:02:00Z","resolvedAt":null},
          {"slo":"checkout-availability","objective":"default","rule":"ticket-1d","severity":"ticket",
           "state":"resolved","startedAt":"2026-11-20T10:02:00Z","resolvedAt":"2026-11-20T12:00:00Z"}]}
        """);

    Cli.Run run = Cli.run("alerts", "--state", "firing", "--server", fake.url());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(fake.last().pathAndQuery()).isEqualTo("/api/v1/alerts?state=firing");
    assertThat(run.out()).isEqualTo("""
        SLO                    OBJECTIVE  SEVERITY  RULE     STATE   SINCE                 RESOLVED
        checkout-availability  default    page      page-1h  firing  2026-11-21T10:02:00Z  -
        """);
  }
}

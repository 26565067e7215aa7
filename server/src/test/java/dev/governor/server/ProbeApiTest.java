package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.probe.ProbeOutcome;
import dev.governor.probe.ProbeResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Probes over real HTTP with the scheduler off (probes.enabled=false), so what the routes answer
 * depends only on what is stored: applying, refusing, masking secrets, runs, days and deleting.
 * ProbesIT runs real probes against real targets.
 */
class ProbeApiTest {

  static final String YAML = "application/yaml";

  static final String PROBE = """
      apiVersion: governor.dev/v1
      kind: Probe
      metadata:
        name: shop-home
      spec:
        description: The shop answers
        interval: 15s
        timeout: 3s
        failuresToOpen: 2
        service: shop
        http:
          url: https://shop.example.com/
          headers:
            Accept: text/html
            Authorization: Bearer literal-secret-value
            X-Token: ${SHOP_TOKEN}
            X-Key: {file: /run/secrets/shop}
      """;

  @TempDir Path dataDir;
  TestServer api;

  @BeforeEach
  void start() {
    api = new TestServer(dataDir, Map.of("probes.enabled", "false"));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aProbe_isApplied_listed_andShownWithItsSecretsMasked() {
    TestServer.Response applied = api.post("/api/v1/probes", YAML, PROBE);
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    assertThat(applied.json().at("/applied/0/result").asString()).isEqualTo("created");
    assertThat(api.post("/api/v1/probes", YAML, PROBE).json().at("/applied/0/result").asString()).isEqualTo("unchanged");

    JsonNode list = api.get("/api/v1/probes").json();
    assertThat(list.at("/probes/0/name").asString()).isEqualTo("shop-home");
    assertThat(list.at("/probes/0/state").asString()).isEqualTo("pending");
    assertThat(list.at("/probes/0/type").asString()).isEqualTo("HTTP");
    assertThat(list.at("/probes/0/interval").asString()).isEqualTo("15s");

    TestServer.Response one = api.get("/api/v1/probes/shop-home");
    assertThat(one.status()).isEqualTo(200);
    JsonNode headers = one.json().at("/check/headers");
    assertThat(headers.path("Accept").asString()).isEqualTo("text/html");
    assertThat(headers.path("Authorization").asString()).isEqualTo("***");
    assertThat(headers.path("X-Token").asString()).isEqualTo("***");
    assertThat(headers.path("X-Key").asString()).isEqualTo("***");
    assertThat(one.body()).doesNotContain("literal-secret-value").doesNotContain("/run/secrets");
    assertThat(api.get("/probes/shop-home").body()).doesNotContain("literal-secret-value").contains("***");
  }

  @Test
  void aDryRun_checksButStoresNothing_andABadDocumentIsRefusedNamingItsFieldAndLine() {
    TestServer.Response dry = api.post("/api/v1/probes?dryRun=true", YAML, PROBE);
    assertThat(dry.status()).isEqualTo(200);
    assertThat(dry.json().path("dryRun").asBoolean()).isTrue();
    assertThat(api.get("/api/v1/probes").json().path("probes")).isEmpty();

    TestServer.Response bad = api.post("/api/v1/probes?file=probes.yaml", YAML, PROBE.replace("interval: 15s", "interval: 5s")
        .replace("https://shop.example.com/", "ftp://shop.example.com/"));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.body()).contains("spec.http.url").contains("probes.yaml").contains("ftp://");
    assertThat(api.get("/api/v1/probes").json().path("probes")).isEmpty();

    assertThat(api.post("/api/v1/probes", "application/json", "{}").status()).isEqualTo(415);
    assertThat(api.post("/api/v1/probes", YAML, "# nothing\n").status()).isEqualTo(422);
  }

  @Test
  void runs_comeNewestFirst_andDaysShowGapsAsNoRuns() {
    api.post("/api/v1/probes", YAML, PROBE);
    var results = api.server.database().probeResults();
    results.record(List.of(
        new ProbeResult("shop-home", TestServer.NOW.minusSeconds(30), Duration.ofMillis(120), ProbeOutcome.UP, ""),
        new ProbeResult("shop-home", TestServer.NOW.minusSeconds(15), Duration.ofMillis(3000), ProbeOutcome.DOWN,
            "timed out after 3s"),
        new ProbeResult("shop-home", TestServer.NOW.minus(Duration.ofDays(2)), Duration.ofMillis(90), ProbeOutcome.UP, "")));

    JsonNode runs = api.get("/api/v1/probes/shop-home/results?limit=2").json();
    assertThat(runs.path("results")).hasSize(2);
    assertThat(runs.at("/results/0/outcome").asString()).isEqualTo("down");
    assertThat(runs.at("/results/0/latencyMs").asDouble()).isEqualTo(3000.0);
    assertThat(runs.at("/results/0/detail").asString()).isEqualTo("timed out after 3s");
    assertThat(api.get("/api/v1/probes").json().at("/probes/0/state").asString()).isEqualTo("down");

    JsonNode between = api.get("/api/v1/probes/shop-home/results?from=2026-03-02T10:00:00Z&to=2026-03-02T10:00:10Z").json();
    assertThat(between.path("results")).singleElement().satisfies(r -> assertThat(r.path("outcome").asString()).isEqualTo("up"));

    JsonNode days = api.get("/api/v1/probes/shop-home/days?days=3").json();
    assertThat(days.path("days")).hasSize(3);
    assertThat(days.at("/days/0/runs").asInt()).isEqualTo(1);
    assertThat(days.at("/days/1/runs").asInt()).isZero();
    assertThat(days.at("/days/1/uptime").isMissingNode()).isTrue();
    assertThat(days.at("/days/2/uptime").asDouble()).isEqualTo(0.5);
  }

  @Test
  void badParameters_andUnknownProbes_get4xxNamingWhatToFix() {
    api.post("/api/v1/probes", YAML, PROBE);
    assertThat(api.get("/api/v1/probes/shop-home/results?limit=0").body()).contains("limit");
    assertThat(api.get("/api/v1/probes/shop-home/results?limit=0").status()).isEqualTo(400);
    assertThat(api.get("/api/v1/probes/shop-home/results?from=yesterday").status()).isEqualTo(400);
    assertThat(api.get("/api/v1/probes/shop-home/results?from=2026-03-02T10:00:00Z&to=2026-03-02T09:00:00Z").status())
        .isEqualTo(400);
    assertThat(api.get("/api/v1/probes/shop-home/days?days=401").status()).isEqualTo(400);
    assertThat(api.get("/api/v1/probes/nope").status()).isEqualTo(404);
    assertThat(api.get("/probes/nope").status()).isEqualTo(404);
    assertThat(api.delete("/api/v1/probes/nope").status()).isEqualTo(404);

    assertThat(api.delete("/api/v1/probes/shop-home").status()).isEqualTo(204);
    assertThat(api.get("/api/v1/probes/shop-home").status()).isEqualTo(404);
  }

  @Test
  void anSloOverAProbe_isAccepted_andOneWhoseSourcesNameTwoProbesIsRefused() {
    String slo = """
        apiVersion: openslo/v1
        kind: SLO
        metadata:
          name: shop-availability
        spec:
          service: shop
          budgetingMethod: Occurrences
          timeWindow:
            - duration: 7d
              isRolling: true
          objectives:
            - target: 0.99
          indicator:
            metadata:
              name: shop-probe
            spec:
              ratioMetric:
                good:
                  metricSource: {type: Probe, spec: {probe: shop-home}}
                total:
                  metricSource: {type: Probe, spec: {probe: %s}}
        """;
    TestServer.Response refused = api.applyYaml(slo.formatted("other"));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.body()).contains("same probe");

    assertThat(api.applyYaml(slo.formatted("shop-home")).status()).isEqualTo(200);
    // Probe SLIs are fed by the probes only, never by the events API.
    assertThat(api.events("""
        {"events": [{"sli": "shop-probe", "time": "2026-03-02T10:00:00Z", "good": 1, "total": 1}]}
        """).status()).isEqualTo(400);
  }
}

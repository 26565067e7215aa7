package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Composite SLOs over real HTTP on a real SQLite file: a journey applied after its members had
 * events works out its history, runs as an SLO of its name, says what each step contributes, keeps
 * its numbers across a restart, and protects its members from deletion; bad documents get a 4xx
 * naming the member.
 */
class CompositeApiTest {

  static final String YAML = "application/yaml";

  static final String MEMBERS = """
      apiVersion: openslo/v1
      kind: SLO
      metadata: {name: browse}
      spec:
        service: shop
        indicator:
          metadata: {name: browse-requests}
          spec: {ratioMetric: {good: {metricSource: {type: Governor}}, total: {metricSource: {type: Governor}}}}
        timeWindow: [{duration: 28d, isRolling: true}]
        budgetingMethod: Occurrences
        objectives: [{name: ok, target: 0.99}]
      ---
      apiVersion: openslo/v1
      kind: SLO
      metadata: {name: pay}
      spec:
        service: shop
        indicator:
          metadata: {name: pay-requests}
          spec: {ratioMetric: {good: {metricSource: {type: Governor}}, total: {metricSource: {type: Governor}}}}
        timeWindow: [{duration: 7d, isRolling: true}]
        budgetingMethod: Occurrences
        objectives: [{name: ok, target: 0.95}]
      """;

  static final String JOURNEY = """
      apiVersion: governor.dev/v1
      kind: CompositeSLO
      metadata:
        name: checkout-journey
      spec:
        displayName: Checkout journey
        service: shop
        method: weightedAverage
        window: 28d
        objective: {name: journey-succeeds, target: 0.98}
        members:
          - {slo: browse, weight: 1}
          - {slo: pay, weight: 3}
      """;

  @TempDir Path dataDir;
  TestServer api;

  @BeforeEach
  void start() {
    api = new TestServer(dataDir);
    assertThat(api.applyYaml(MEMBERS).status()).isEqualTo(200);
    // 09:58: browse 100 % of 100, pay 80 % of 10 -> (1 x 1.0 + 3 x 0.8) / 4 = 0.85
    // 09:59: browse 90 % of 100, pay nothing      -> 0.9 (pay left out)
    TestServer.Response sent = api.events("""
        {"events": [
          {"sli": "browse-requests", "time": "2026-03-02T09:58:10Z", "good": 100, "total": 100},
          {"sli": "pay-requests", "time": "2026-03-02T09:58:20Z", "good": 8, "total": 10},
          {"sli": "browse-requests", "time": "2026-03-02T09:59:10Z", "good": 90, "total": 100}
        ]}""");
    assertThat(sent.status()).as(sent.body()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aJourney_appliedAfterTheFact_runsAsAnSloOfItsName_andSaysWhatEachStepContributes() {
    TestServer.Response applied = api.post("/api/v1/composites", YAML, JOURNEY);
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);

    JsonNode status = api.get("/api/v1/slos/checkout-journey/status").json();
    // RatioTimeslices over one-minute slices: the mean of 0.85 and 0.9.
    assertThat(status.at("/objectives/0/attainment").asDouble()).isEqualTo(0.875);
    assertThat(status.at("/objectives/0/total").asLong()).as("minutes with data").isEqualTo(2);

    JsonNode one = api.get("/api/v1/composites/checkout-journey").json();
    assertThat(one.at("/problems").size()).isZero();
    // Lost ratio: 09:58 3 x 0.2 / 4 = 0.15 (all pay), 09:59 0.1 (all browse): pay 0.6 of 0.25.
    assertThat(one.at("/members/1/slo").asString()).isEqualTo("pay");
    assertThat(one.at("/members/1/shareOfErrors").asDouble()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(one.at("/members/0/shareOfErrors").asDouble()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(one.at("/members/1/missedMinutes").asLong()).isEqualTo(1);

    // A late pay event for 09:59 changes the journey's minute at once.
    assertThat(api.events("""
        {"events": [{"sli": "pay-requests", "time": "2026-03-02T09:59:40Z", "good": 10, "total": 10}]}""").status())
        .isEqualTo(200);
    // 09:59 now (1 x 0.9 + 3 x 1.0) / 4 = 0.975; mean with 0.85 is 0.9125.
    assertThat(api.get("/api/v1/slos/checkout-journey/status").json().at("/objectives/0/attainment").asDouble())
        .isEqualTo(0.9125);

    JsonNode report = api.get("/api/v1/reports/slo?period=2026-03").json();
    assertThat(report.toString()).as("the journey is in the month's report").contains("\"slo\":\"checkout-journey\"");

    // A journey can be adjusted like any SLO, by its name.
    TestServer.Response adjusted = api.post("/api/v1/adjustments?dryRun=true", YAML, """
        apiVersion: governor.dev/v1
        kind: BudgetAdjustment
        metadata: {name: journey-outage}
        spec:
          reason: Payment provider outage
          slos: [checkout-journey]
          start: 2026-03-02T09:58:00Z
          duration: 1m
        """);
    assertThat(adjusted.status()).as(adjusted.body()).isEqualTo(200);
    assertThat(adjusted.json().at("/applied/0/slos/0").asString()).isEqualTo("checkout-journey");
    assertThat(adjusted.json().at("/effect/0/attainmentAfter").asDouble()).as("only 09:59 counts").isEqualTo(0.975);

    String page = api.get("/slos/checkout-journey").body();
    assertThat(page).contains("Journey").contains("data-member=\"pay\"");

    api.close();
    api = new TestServer(dataDir);
    assertThat(api.get("/api/v1/slos/checkout-journey/status").json().at("/objectives/0/attainment").asDouble())
        .as("after a restart").isEqualTo(0.9125);

    TestServer.Response deleteMember = api.delete("/api/v1/slos/pay");
    assertThat(deleteMember.status()).isBetween(400, 499);
    assertThat(deleteMember.body()).contains("member of the composite SLO").contains("checkout-journey");
    assertThat(api.delete("/api/v1/composites/checkout-journey").status()).isEqualTo(200);
    assertThat(api.get("/api/v1/slos/checkout-journey/status").status()).isEqualTo(404);
    assertThat(api.delete("/api/v1/slos/pay").status()).isBetween(200, 299);
  }

  @Test
  void allGood_countsAMinuteGoodOnlyWhenEveryStepMetItsTarget() {
    assertThat(api.post("/api/v1/composites", YAML, JOURNEY.replace("weightedAverage", "allGood")).status()).isEqualTo(200);
    // 09:58: pay 80 % < 95 % -> bad; 09:59: browse 90 % < 99 % -> bad.
    JsonNode objective = api.get("/api/v1/slos/checkout-journey/status").json().at("/objectives/0");
    assertThat(objective.at("/good").asLong()).isZero();
    assertThat(objective.at("/total").asLong()).isEqualTo(2);
  }

  @Test
  void membersOfAnotherWindowKind_orUnknown_areRefusedByName_andNothingIsApplied() {
    TestServer.Response calendar = api.post("/api/v1/composites", YAML,
        JOURNEY.replace("window: 28d", "window: {calendar: month, timeZone: Europe/Berlin}"));
    assertThat(calendar.status()).isEqualTo(422);
    assertThat(calendar.body()).contains("spec.members[0]").contains("member browse has a rolling window")
        .contains("spec.members[1]");
    TestServer.Response unknown = api.post("/api/v1/composites", YAML, JOURNEY.replace("slo: pay,", "slo: payy,"));
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.body()).contains("spec.members[1].slo").contains("no SLO named 'payy'");
    TestServer.Response method = api.post("/api/v1/composites", YAML, JOURNEY.replace("weightedAverage", "average"));
    assertThat(method.status()).isEqualTo(422);
    assertThat(method.body()).contains("spec.method");
    TestServer.Response one = api.post("/api/v1/composites", YAML, JOURNEY.replace("    - {slo: pay, weight: 3}\n", ""));
    assertThat(one.status()).isEqualTo(422);
    assertThat(one.body()).contains("at least two members");
    assertThat(api.get("/api/v1/composites").json().at("/composites").size()).isZero();
  }
}

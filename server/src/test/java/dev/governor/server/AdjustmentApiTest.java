package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Budget adjustments over real HTTP on a real SQLite file: a dry run shows the effect and changes
 * nothing; an apply leaves the adjusted minute out of the status, the charts' series and the
 * pages, after the fact and across a restart; a delete counts it again; bad documents get a 4xx
 * that names the field.
 */
class AdjustmentApiTest {

  static final String YAML = "application/yaml";

  /** The minute 09:58 held 10 bad events of 1000; 09:59 held 1000 good. */
  static final String OUTAGE = """
      apiVersion: governor.dev/v1
      kind: BudgetAdjustment
      metadata:
        name: provider-outage
      spec:
        reason: Payment provider outage (INC-42), not ours
        slos: [checkout-availability]
        start: 2026-03-02T10:58
        timeZone: Europe/Berlin
        duration: 1m
      """;

  @TempDir Path dataDir;
  TestServer api;

  @BeforeEach
  void start() {
    api = new TestServer(dataDir);
    assertThat(api.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
    TestServer.Response sent = api.events("""
        {"events": [
          {"sli": "checkout-requests", "time": "2026-03-02T09:58:10Z", "good": 990, "total": 1000},
          {"sli": "checkout-requests", "time": "2026-03-02T09:59:30Z", "good": 1000, "total": 1000}
        ]}""");
    assertThat(sent.status()).as(sent.body()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private JsonNode objective() {
    return api.get("/api/v1/slos/checkout-availability/status").json().at("/objectives/0");
  }

  @Test
  void aDryRun_showsTheEffect_andChangesNothing() {
    TestServer.Response dry = api.post("/api/v1/adjustments?dryRun=true", YAML, OUTAGE);
    assertThat(dry.status()).as(dry.body()).isEqualTo(200);
    assertThat(dry.json().at("/applied/0/result").asString()).isEqualTo("created");
    assertThat(dry.json().at("/applied/0/slos/0").asString()).isEqualTo("checkout-availability");
    JsonNode effect = dry.json().at("/effect/0");
    assertThat(effect.at("/objective").asString()).isEqualTo("available");
    assertThat(effect.at("/attainmentBefore").asDouble()).isEqualTo(1990.0 / 2000);
    assertThat(effect.at("/attainmentAfter").asDouble()).isEqualTo(1.0);
    assertThat(effect.at("/budgetRemainingAfter").asDouble()).isEqualTo(1.0);

    assertThat(api.get("/api/v1/adjustments").json().at("/adjustments").size()).isZero();
    assertThat(objective().at("/good").asLong()).isEqualTo(1990);
  }

  @Test
  void anAdjustment_leavesItsMinutesOut_afterTheFact_andAcrossARestart_untilDeleted() {
    TestServer.Response applied = api.post("/api/v1/adjustments", YAML, OUTAGE);
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    assertThat(applied.json().at("/effect/0/attainmentAfter").asDouble()).isEqualTo(1.0);

    JsonNode status = objective();
    assertThat(status.at("/good").asLong()).isEqualTo(1000);
    assertThat(status.at("/total").asLong()).isEqualTo(1000);
    assertThat(status.at("/attainment").asDouble()).isEqualTo(1.0);

    JsonNode listed = api.get("/api/v1/adjustments").json().at("/adjustments/0");
    assertThat(listed.at("/name").asString()).isEqualTo("provider-outage");
    assertThat(listed.at("/reason").asString()).isEqualTo("Payment provider outage (INC-42), not ours");
    assertThat(listed.at("/slos/0").asString()).isEqualTo("checkout-availability");
    assertThat(listed.at("/timeZone").asString()).isEqualTo("Europe/Berlin");
    assertThat(listed.at("/appliedBy").asString()).isNotBlank();
    assertThat(listed.at("/ends").asString()).isEqualTo("2026-03-02T09:59:00Z");
    assertThat(api.get("/api/v1/adjustments/provider-outage").json().at("/duration").asString()).isEqualTo("1m");

    JsonNode series = api.get("/api/v1/slos/checkout-availability/timeseries?from=2026-03-02T09:00:00Z&step=1m").json();
    assertThat(series.at("/adjusted/0/adjustment").asString()).isEqualTo("provider-outage");
    assertThat(series.at("/adjusted/0/from").asString()).isEqualTo("2026-03-02T09:58:00Z");
    assertThat(series.at("/adjusted/0/to").asString()).isEqualTo("2026-03-02T09:59:00Z");

    JsonNode report = api.get("/api/v1/reports/slo?period=2026-03").json().at("/objectives/0");
    assertThat(report.at("/slo").asString()).isEqualTo("checkout-availability");
    assertThat(report.at("/events").asLong()).as("the month's report leaves the adjusted minute out too").isEqualTo(1000);

    assertThat(api.get("/adjustments").body()).contains("provider-outage").contains("Payment provider outage");
    assertThat(api.get("/slos/checkout-availability").body()).contains("Budget adjustments").contains("provider-outage");

    api.close();
    api = new TestServer(dataDir);
    assertThat(objective().at("/good").asLong()).as("after a restart").isEqualTo(1000);

    TestServer.Response deleted = api.delete("/api/v1/adjustments/provider-outage");
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    assertThat(deleted.json().at("/effect/0/attainmentAfter").asDouble()).isEqualTo(1990.0 / 2000);
    assertThat(objective().at("/good").asLong()).isEqualTo(1990);
    assertThat(api.delete("/api/v1/adjustments/provider-outage").status()).isEqualTo(404);
  }

  @Test
  void badDocuments_areRefusedNamingTheField_andChangeNothing() {
    TestServer.Response unknown = api.post("/api/v1/adjustments", YAML,
        OUTAGE.replace("slos: [checkout-availability]", "slos: [checkout-avail]"));
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.body()).contains("spec.slos[0]").contains("no SLO named 'checkout-avail'");

    TestServer.Response rrule = api.post("/api/v1/adjustments", YAML, OUTAGE + "  rrule: FREQ=HOURLY\n");
    assertThat(rrule.status()).isEqualTo(422);
    assertThat(rrule.body()).contains("spec.rrule").contains("FREQ must be DAILY, WEEKLY or MONTHLY");

    TestServer.Response noReason = api.post("/api/v1/adjustments", YAML,
        OUTAGE.replace("  reason: Payment provider outage (INC-42), not ours\n", ""));
    assertThat(noReason.status()).isEqualTo(422);
    assertThat(noReason.body()).contains("spec.reason").contains("reason is required");

    TestServer.Response seconds = api.post("/api/v1/adjustments", YAML, OUTAGE.replace("10:58", "10:58:30"));
    assertThat(seconds.status()).isEqualTo(422);
    assertThat(seconds.body()).contains("spec.start").contains("whole minute");

    TestServer.Response zone = api.post("/api/v1/adjustments", YAML, OUTAGE.replace("Europe/Berlin", "Mars/Olympus"));
    assertThat(zone.status()).isEqualTo(422);
    assertThat(zone.body()).contains("spec.timeZone");

    assertThat(api.post("/api/v1/adjustments", "application/json", "{}").status()).isEqualTo(415);
    assertThat(api.get("/api/v1/adjustments").json().at("/adjustments").size()).isZero();
    assertThat(objective().at("/good").asLong()).isEqualTo(1990);
  }

  @Test
  void aSelector_coversEverySloWithTheLabels_andARecurringWindowSaysWhatComesNext() {
    TestServer.Response applied = api.post("/api/v1/adjustments", YAML, """
        apiVersion: governor.dev/v1
        kind: BudgetAdjustment
        metadata:
          name: weekly-maintenance
        spec:
          reason: Weekly database maintenance
          selector:
            matchLabels: {team: payments}
          start: 2026-03-01T02:00
          timeZone: Europe/Berlin
          duration: 2h
          rrule: FREQ=WEEKLY;BYDAY=SU
        """);
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    JsonNode listed = api.get("/api/v1/adjustments/weekly-maintenance").json();
    assertThat(listed.at("/slos/0").asString()).isEqualTo("checkout-availability");
    assertThat(listed.at("/rrule").asString()).isEqualTo("FREQ=WEEKLY;BYDAY=SU");
    assertThat(listed.at("/next/0/from").asString()).isEqualTo("2026-03-08T01:00:00Z");
    assertThat(listed.at("/ends").isNull()).isTrue();
  }
}

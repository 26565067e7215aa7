package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A tiny request must never cost a huge answer: a number such as {@code 1e999999999} written out in
 * full decimal is a gigabyte, and a long string quoted whole in an error is as long as the request.
 * Every route that reads a body answers such values with a short 4xx, never a 5xx, on every field
 * kind (a string field, a number field, a key).
 */
class HugeValuesTest {

  static final String INTEGRATIONS = "alertmanager:prod-am:am-key-1,pagerduty:ci:pd-key-2";

  @TempDir static Path dataDir;
  static TestServer api;

  @BeforeAll
  static void start() {
    api = new TestServer(dataDir, Map.of("incidents.integrations", INTEGRATIONS,
        "integrations.github.secret", "gh-secret", "integrations.gitlab.token", "gl-token"));
    assertThat(api.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (api != null) api.close();
  }

  @Test
  void the_issues_enqueue_example_is_a_400_in_a_few_hundred_bytes() {
    for (String huge : new String[] {"1e999999999", "1e2100000000"}) {
      TestServer.Response r = api.post("/v2/enqueue", "application/json",
          "{\"routing_key\":" + huge + ",\"event_action\":\"trigger\"}");

      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.body()).hasSizeLessThan(600).contains("beyond any value Governor reads");
    }
  }

  @Test
  void a_huge_number_in_an_slo_document_is_refused_naming_its_field() {
    TestServer.Response r = api.applyYaml("""
        apiVersion: openslo/v1
        kind: SLO
        metadata: {name: huge}
        spec:
          service: checkout
          budgetingMethod: Occurrences
          objectives: [{target: 1e999999999}]
        """);

    assertThat(r.status()).as(r.body()).isBetween(400, 499);
    assertThat(r.body()).hasSizeLessThan(4096).contains("target");
  }

  /**
   * 1e999999999 is 11 bytes; its plain decimal form is a billion. 1e2100000000 overflows an int
   * scale. A long string in a free-form field (custom details) may be accepted: the answer is short
   * and never a 5xx either way.
   */
  @ParameterizedTest(name = "{0} {1} with {2}")
  @CsvSource(delimiter = '|', textBlock = """
      /v2/enqueue                               | application/json | {"routing_key":HUGE,"event_action":"trigger"}
      /v2/enqueue                               | application/json | {"routing_key":"pd-key-2","event_action":"trigger","payload":{"summary":"s","source":"x","severity":HUGE}}
      /v2/enqueue                               | application/json | {"routing_key":"pd-key-2","event_action":"trigger","payload":{"summary":"s","source":"x","severity":"error","custom_details":{"n":HUGE}}}
      /api/v1/integrations/alertmanager?token=am-key-1 | application/json | {"version":HUGE,"status":"firing","alerts":[]}
      /api/v1/integrations/alertmanager?token=am-key-1 | application/json | {"version":"4","status":"firing","truncatedAlerts":HUGE,"alerts":[{"status":"firing","labels":{"alertname":HUGE}}]}
      /api/v1/slos                              | application/json | {"apiVersion":"openslo/v1","kind":"SLO","metadata":{"name":HUGE}}
      /api/v1/slos                              | application/yaml | {apiVersion: openslo/v1, kind: SLO, metadata: {name: x}, spec: {service: checkout, budgetingMethod: Occurrences, objectives: [{target: HUGE}]}}
      /api/v1/slos                              | application/yaml | {apiVersion: openslo/v1, kind: SLO, metadata: {name: HUGE}}
      /api/v1/events                            | application/json | {"events":[{"slo":"checkout-availability","good":HUGE,"total":1}]}
      /api/v1/events                            | application/json | {"events":[{"slo":HUGE,"good":1,"total":1}]}
      /api/v1/events                            | application/json | {"events":[{"slo":"checkout-availability","good":1,"total":1,"at":HUGE}]}
      /v1/metrics                               | application/json | {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"x","sum":{"dataPoints":[{"asInt":HUGE}]}}]}]}]}
      /api/v1/deployments                       | application/json | {"service":"checkout","version":HUGE}
      /api/v1/deployments                       | application/json | {"service":"checkout","version":"1","startedAt":HUGE}
      /api/v1/gates/checkout/check              | application/json | {"hotfix":HUGE}
      /api/v1/silences                          | application/json | {"matchers":HUGE,"endsAt":"2026-12-05T00:00:00Z"}
      /api/v1/maintenance-windows               | application/json | {"name":HUGE}
      /api/v1/policies                          | application/yaml | {apiVersion: governor.dev/v1, kind: ErrorBudgetPolicy, metadata: {name: p}, spec: {service: checkout, rules: [{when: {budgetRemainingBelow: HUGE}}]}}
      /api/v1/oncall                            | application/yaml | {apiVersion: governor.dev/v1, kind: EscalationPolicy, metadata: {name: e}, spec: {repeat: HUGE}}
      /api/v1/notifications/test                | application/json | {"target":HUGE}
      """)
  void a_huge_value_gets_a_short_answer_and_never_a_5xx(String path, String contentType, String template) {
    for (String huge : new String[] {"1e999999999", "1e2100000000", "-1E-2100000000", "9".repeat(5000),
        "\"" + "x".repeat(200_000) + "\""}) {
      String body = template.replace("HUGE", huge);
      TestServer.Response r = api.post(path, contentType, body);

      assertThat(r.status()).as("%s with %s…: %s", path, huge.substring(0, Math.min(20, huge.length())),
          r.body().substring(0, Math.min(300, r.body().length()))).isLessThan(500);
      assertThat(r.body().length()).as("answer to %s with %s…", path, huge.substring(0, Math.min(20, huge.length())))
          .isLessThan(4096);
    }
  }
}

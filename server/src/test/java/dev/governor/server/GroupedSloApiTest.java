package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Grouped SLOs over real HTTP on a real SQLite file: one instance per endpoint, made by the first
 * event, each with its own numbers; a cap that refuses and counts instead of merging; instances
 * that survive a restart; events without the label refused by name; 10,000 values against the
 * default cap of 1,000.
 */
class GroupedSloApiTest {

  static final String GROUPED = """
      apiVersion: openslo/v1
      kind: SLO
      metadata:
        name: api-availability
        labels: {team: payments}
      spec:
        service: api
        groupBy: [endpoint]
        instanceLimit: 3
        indicator:
          metadata: {name: api-requests}
          spec:
            ratioMetric:
              good: {metricSource: {type: Governor}}
              total: {metricSource: {type: Governor}}
        timeWindow: [{duration: 28d, isRolling: true}]
        budgetingMethod: Occurrences
        objectives:
          - name: available
            target: 0.99
      """;

  @TempDir Path dataDir;
  TestServer api;

  @BeforeEach
  void start() {
    api = new TestServer(dataDir);
    TestServer.Response applied = api.applyYaml(GROUPED);
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private TestServer.Response send(String endpoint, int good, int total) {
    return api.events("""
        {"events": [{"sli": "api-requests", "time": "2026-03-02T09:59:10Z", "good": %d, "total": %d,
          "labels": {"endpoint": "%s", "pod": "web-1"}}]}""".formatted(good, total, endpoint));
  }

  @Test
  void eachEndpoint_getsItsOwnInstance_upToTheLimit_andTheRestIsCountedNotMerged() {
    assertThat(send("/checkout", 90, 100).status()).isEqualTo(200);
    assertThat(send("/cart", 100, 100).status()).isEqualTo(200);
    assertThat(send("/search", 999, 1000).status()).isEqualTo(200);
    assertThat(send("/login", 0, 50).status()).as("past the limit the events are still accepted").isEqualTo(200);

    JsonNode instances = api.get("/api/v1/slos/api-availability/instances").json();
    assertThat(instances.at("/instances").size()).isEqualTo(3);
    assertThat(instances.at("/instanceLimit").asInt()).isEqualTo(3);
    assertThat(instances.at("/refusedEvents").asLong()).isEqualTo(1);
    assertThat(instances.at("/refusedLabels/0/endpoint").asString()).isEqualTo("/login");
    // The least budget left first: /checkout lost 10 of 100.
    JsonNode worst = instances.at("/instances/0");
    assertThat(worst.at("/instanceOf/labels/endpoint").asString()).isEqualTo("/checkout");
    assertThat(worst.at("/objectives/0/good").asLong()).isEqualTo(90);
    assertThat(worst.at("/objectives/0/total").asLong()).isEqualTo(100);
    String checkout = worst.at("/slo").asString();
    assertThat(checkout).startsWith("api-availability.checkout.");

    // The group as a whole counts every event, the refused ones too, and never alerts itself.
    JsonNode group = api.get("/api/v1/slos/api-availability/status").json();
    assertThat(group.at("/objectives/0/total").asLong()).isEqualTo(1250);
    assertThat(group.at("/group/instances").asInt()).isEqualTo(3);
    assertThat(group.at("/group/worst/0/slo").asString()).isEqualTo(checkout);

    // An instance is an SLO like any other: status, history, its page; its alerts carry its labels.
    assertThat(api.get("/api/v1/slos/" + checkout + "/status").json().at("/objectives/0/good").asLong()).isEqualTo(90);
    assertThat(api.get("/api/v1/slos/" + checkout + "/timeseries?from=2026-03-02T09:00:00Z").status()).isEqualTo(200);
    String page = api.get("/slos/" + checkout).body();
    assertThat(page).contains("endpoint=\"/checkout\"").contains("href=\"/slos/api-availability\"");
    assertThat(api.get("/slos/api-availability").body()).contains(checkout);
    JsonNode alerts = api.get("/api/v1/alerts?state=firing").json();
    assertThat(alerts.toString()).contains(checkout).doesNotContain("\"slo\":\"api-availability\"");
    // The incident the instance's alert opened knows its service and its labels.
    JsonNode incidents = api.get("/api/v1/incidents").json();
    assertThat(incidents.toString()).contains("\"service\":\"api\"").contains("/checkout");

    assertThat(api.get("/metrics").body())
        .contains("governor_slo_instances{slo=\"api-availability\"} 3.0")
        .contains("governor_slo_instance_refused_events_total{slo=\"api-availability\"} 1.0");

    api.close();
    api = new TestServer(dataDir);
    JsonNode after = api.get("/api/v1/slos/api-availability/instances").json();
    assertThat(after.at("/instances").size()).as("instances after a restart").isEqualTo(3);
    assertThat(send("/profile", 10, 10).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/slos/api-availability/instances").json().at("/instances").size())
        .as("the limit holds after a restart").isEqualTo(3);
  }

  @Test
  void anEventWithoutTheGroupByLabel_isRefusedByName_andNothingIsStored() {
    TestServer.Response refused = api.events("""
        {"events": [{"sli": "api-requests", "time": "2026-03-02T09:59:10Z", "good": 1, "total": 1}]}""");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("labels").contains("grouped by [endpoint]").contains("labels.endpoint");
    TestServer.Response badLabels = api.events("""
        {"events": [{"sli": "api-requests", "good": 1, "total": 1, "labels": {"endpoint": 7}}]}""");
    assertThat(badLabels.status()).isEqualTo(400);
    assertThat(badLabels.body()).contains("labels.endpoint");
    assertThat(api.get("/api/v1/slos/api-availability/status").json().at("/objectives/0/total").asLong()).isZero();

    TestServer.Response badSpec = api.applyYaml(GROUPED.replace("groupBy: [endpoint]", "groupBy: [end-point]"));
    assertThat(badSpec.status()).isEqualTo(422);
    assertThat(badSpec.body()).contains("spec.groupBy[0]");
  }

  @Test
  void tenThousandValues_againstTheDefaultLimit_makeExactlyAThousandInstances() {
    TestServer.Response applied = api.applyYaml(GROUPED.replace("  instanceLimit: 3\n", ""));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    for (int batch = 0; batch < 10; batch++) {
      List<String> events = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        events.add("{\"sli\": \"api-requests\", \"time\": \"2026-03-02T09:59:10Z\", \"good\": 1, \"total\": 1,"
            + " \"labels\": {\"endpoint\": \"/customers/" + (batch * 1000 + i) + "\"}}");
      }
      TestServer.Response sent = api.events("{\"events\": [" + String.join(",", events) + "]}");
      assertThat(sent.status()).as(sent.body()).isEqualTo(200);
    }
    JsonNode instances = api.get("/api/v1/slos/api-availability/instances").json();
    assertThat(instances.at("/instances").size()).isEqualTo(1000);
    assertThat(instances.at("/instanceLimit").asInt()).isEqualTo(1000);
    assertThat(instances.at("/refusedEvents").asLong()).isEqualTo(9000);
    assertThat(api.get("/api/v1/slos/api-availability/status").json().at("/objectives/0/total").asLong()).isEqualTo(10_000);
    assertThat(api.get("/api/v1/status").json().at("/slos/0/group/instances").asInt()).isEqualTo(1000);
  }
}

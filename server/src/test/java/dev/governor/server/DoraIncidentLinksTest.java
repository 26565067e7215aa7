package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.incident.AlertSeverity;
import dev.governor.incident.Signal;
import dev.governor.incident.SignalAction;
import dev.governor.incident.SignalSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * DORA over real HTTP with incidents linked to deployments as they open. checkout goes live at
 * 01:00, 02:00, 03:00, 04:00 and 05:00 (d1..d5); incident A opens at 02:30 and resolves at 03:15,
 * incident B opens at 05:20 and resolves at 05:50.
 */
class DoraIncidentLinksTest {

  static final String JSON = "application/json";

  @TempDir Path dataDir;
  TestServer api;

  @BeforeEach
  void start() {
    api = new TestServer(dataDir, Map.of(), Instant.parse("2026-03-02T00:30:00Z"));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  void deploy(String id, int hour) {
    String live = "2026-03-02T0" + hour + ":00:00Z";
    TestServer.Response response = api.post("/api/v1/deployments", JSON, """
        {"id": "%s", "service": "checkout", "environment": "production", "version": "1.%d",
         "commit": "3f2a9c1d", "startedAt": "%s", "finishedAt": "%s", "outcome": "succeeded"}"""
        .formatted(id, hour, live, live));
    assertThat(response.status()).as(response.body()).isEqualTo(201);
  }

  long open(String key) {
    Signal signal = new Signal(SignalSource.ALERTMANAGER, "alertmanager", SignalAction.TRIGGER, Optional.of(key),
        "checkout answers 5xx", AlertSeverity.CRITICAL, Map.of("service", "checkout", "alertname", "Errors"),
        Map.of(), List.of(), api.clock.instant());
    return api.server.incidents().accept(List.of(signal)).getFirst().incident().orElseThrow().number();
  }

  void resolve(long id) {
    assertThat(api.post("/api/v1/incidents/" + id + "/resolve", JSON, "{\"by\": \"alice\"}").status()).isEqualTo(200);
  }

  void at(String time) {
    Duration step = Duration.between(api.clock.instant(), Instant.parse("2026-03-02T" + time + "Z"));
    api.clock.advance(step);
  }

  @Test
  void two_of_five_deployments_linked_to_incidents_fail_40_percent_and_recover_when_their_incidents_resolve() {
    deploy("d1", 1);
    deploy("d2", 2);
    at("02:30:00");
    long a = open("a");
    at("03:15:00");
    resolve(a);
    deploy("d3", 3);
    deploy("d4", 4);
    deploy("d5", 5);
    at("05:20:00");
    long b = open("b");
    at("05:50:00");
    resolve(b);

    assertThat(api.get("/api/v1/deployments/d2").json().path("incidents").toString()).isEqualTo("[\"" + a + "\"]");
    assertThat(api.get("/api/v1/deployments/d5").json().path("incidents").toString()).isEqualTo("[\"" + b + "\"]");
    JsonNode dora = api.get("/api/v1/dora?service=checkout&from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z").json();

    // d2 and d5 are linked: 2 of 5 = 40 %.
    assertThat(dora.at("/changeFailRate/count").asInt()).isEqualTo(2);
    assertThat(dora.at("/changeFailRate/of").asInt()).isEqualTo(5);
    assertThat(dora.at("/changeFailRate/rate").asDouble()).isEqualTo(0.4);
    // d2: live 02:00, incident A resolved 03:15 = 75 min (not 60, when d3 went live);
    // d5: live 05:00, incident B resolved 05:50 = 50 min (no later deployment: without the incident
    // it would be pending). Median of 50 and 75 min = 62.5 min = 3,750 s; p90 (nearest rank) 75 min.
    JsonNode recovery = dora.path("failedDeploymentRecoveryTime");
    assertThat(recovery.path("samples").asInt()).isEqualTo(2);
    assertThat(recovery.path("pending").asInt()).isZero();
    assertThat(recovery.path("medianSeconds").asLong()).isEqualTo(3_750);
    assertThat(recovery.path("p90Seconds").asLong()).isEqualTo(4_500);
  }

  @Test
  void an_open_incident_keeps_its_deployment_pending_and_a_manual_unlink_counts_it_as_good_again() {
    deploy("d1", 1);
    at("01:10:00");
    long a = open("a");

    JsonNode open = api.get("/api/v1/dora?service=checkout&from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z").json();
    assertThat(open.at("/changeFailRate/count").asInt()).isEqualTo(1);
    assertThat(open.at("/failedDeploymentRecoveryTime/pending").asInt()).isEqualTo(1);

    assertThat(api.delete("/api/v1/incidents/" + a + "/deployments/d1?by=bob").status()).isEqualTo(200);
    JsonNode unlinked = api.get("/api/v1/dora?service=checkout&from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z").json();
    assertThat(unlinked.at("/changeFailRate/count").asInt()).isZero();
  }
}

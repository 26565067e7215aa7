package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.governor.server.http.HmacSignature;
import dev.governor.server.notify.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The "done when": a fast burn opens an incident, the on-call person is paged at a real
 * webhook after the group wait, nobody acknowledges so level 2 is paged 5 minutes later, an
 * acknowledgement stops the pages, the resolution tells those paged, and the timeline shows it
 * all. A real server with its own scheduler (ticking every 100 ms on a clock the test moves) and a
 * real receiver on 127.0.0.1.
 */
class PagingIT {

  @TempDir Path dataDir;

  static String oncall(WebhookReceiver receiver) {
    return """
        apiVersion: governor.dev/v1
        kind: User
        metadata: {name: dave}
        spec:
          contacts:
            - webhook: %s
              secret: dave-secret
        ---
        apiVersion: governor.dev/v1
        kind: User
        metadata: {name: carol}
        spec:
          contacts:
            - webhook: %s
        ---
        apiVersion: governor.dev/v1
        kind: User
        metadata: {name: alice}
        spec:
          contacts:
            - webhook: %s
        ---
        apiVersion: governor.dev/v1
        kind: Schedule
        metadata: {name: primary}
        spec:
          timeZone: Europe/Berlin
          layers:
            - name: weekly
              users: [alice, carol, dave]
              start: 2026-01-05
              handoffTime: "09:00"
              turn: 1w
        ---
        apiVersion: governor.dev/v1
        kind: EscalationPolicy
        metadata: {name: shop-team}
        spec:
          services: [checkout]
          levels:
            - after: 0m
              notify:
                - schedule: primary
            - after: 5m
              notify:
                - user: carol
          repeat: 1
          repeatAfter: 5m
        """.formatted(receiver.url("/dave"), receiver.url("/carol"), receiver.url("/alice"));
  }

  static List<String> keys(WebhookReceiver receiver) {
    return receiver.received().stream().map(WebhookReceiver.Received::idempotencyKey).distinct().toList();
  }

  static List<String> timeline(TestServer api) {
    JsonNode incident = api.get("/api/v1/incidents/1").json();
    return StreamSupport.stream(incident.path("timeline").spliterator(), false)
        .map(e -> e.path("text").asString()).toList();
  }

  /** Half the requests of the last minute fail: the burn goes on, so the incident stays open. */
  static void burn(TestServer api) {
    api.events("{\"events\": [{\"sli\": \"checkout-requests\", \"time\": \""
        + api.clock.instant().minusSeconds(10) + "\", \"good\": 50, \"total\": 100}]}");
  }

  @Test
  void aFastBurn_pagesTheOnCallPerson_escalates_stopsOnAcknowledgement_andTellsThemOfTheResolution() {
    try (WebhookReceiver receiver = new WebhookReceiver().start();
        TestServer api = new TestServer(dataDir, Map.of("evaluation.tickInterval", "100ms",
            "server.publicUrl", "https://governor.example.com"))) {
      assertThat(api.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
      assertThat(api.post("/api/v1/oncall?file=team.yaml", "application/yaml", oncall(receiver)).status())
          .isEqualTo(200);
      api.events("""
          {"events": [{"sli": "checkout-requests", "time": "2026-03-02T10:00:10Z", "good": 50, "total": 100}]}""");

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(api.get("/api/v1/incidents?state=open").json().path("incidents").size()).isEqualTo(1));
      // Deploys of checkout are frozen while the page's incident is open.
      JsonNode gate = api.get("/api/v1/gates/checkout").json();
      assertThat(gate.path("decision").asString()).isEqualTo("block");
      assertThat(gate.path("reasons").get(0).path("message").asString())
          .isEqualTo("incident #1 is open on checkout (critical): deploys are frozen until it resolves");
      assertThat(receiver.received()).as("the group wait holds the page back").isEmpty();

      // 2026-03-02 is the 9th week of the rotation that started on 2026-01-05: dave's turn.
      api.clock.advance(Duration.ofSeconds(30));
      await().atMost(Duration.ofSeconds(20)).until(() -> keys(receiver).contains("incident-1/round-1/level-1/dave/webhook"));
      WebhookReceiver.Received page = receiver.received().getFirst();
      assertThat(page.bodyKey()).isEqualTo(page.idempotencyKey());
      assertThat(page.signature()).isEqualTo(HmacSignature.sha256("dave-secret", page.body()));
      JsonNode body = dev.governor.server.http.Json.MAPPER.readTree(page.body());
      assertThat(body.path("subject").asString()).startsWith("[#1 TRIGGERED] checkout: ");
      assertThat(body.path("text").asString()).contains("https://governor.example.com/incidents/1",
          "governor incident ack 1");
      assertThat(keys(receiver)).noneMatch(k -> k.contains("carol"));

      // Nobody acknowledges: carol, 5 minutes later.
      api.clock.advance(Duration.ofMinutes(5));
      burn(api);
      await().atMost(Duration.ofSeconds(20)).until(() -> keys(receiver).contains("incident-1/round-1/level-2/carol/webhook"));

      assertThat(api.post("/api/v1/incidents/1/acknowledge", "application/json", "{\"by\": \"carol\"}").status())
          .isEqualTo(200);
      await().atMost(Duration.ofSeconds(20)).until(() -> keys(receiver).contains("incident-1/acknowledged/dave/webhook"));
      // Round 2 would page dave again 5 minutes after carol; the acknowledgement stopped it.
      api.clock.advance(Duration.ofMinutes(6));
      burn(api);
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
          .until(() -> keys(receiver).stream().filter(k -> k.contains("/round-")).count() == 2);

      assertThat(api.post("/api/v1/incidents/1/resolve", "application/json", "{\"by\": \"carol\"}").status())
          .isEqualTo(200);
      await().atMost(Duration.ofSeconds(20)).until(() -> keys(receiver).contains("incident-1/resolved/dave/webhook"));
      assertThat(keys(receiver)).as("nobody tells carol what she did herself").noneMatch(k -> k.contains("ed/carol"));
      // The freeze lifts with the incident; the budget the burn spent still holds deploys back, by
      // the default policy, as checkout has no policy of its own.
      JsonNode after = api.get("/api/v1/gates/checkout").json();
      assertThat(after.path("reasons").findValuesAsString("rule")).doesNotContain("incident-freeze")
          .contains("budget-exhausted");
      assertThat(after.path("policies").toString()).isEqualTo("[\"default\"]");

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(timeline(api)).contains(
          "deploys of checkout are frozen until this incident resolves (critical)",
          "paged dave via webhook (level 1, round 1)",
          "notification to dave via webhook delivered",
          "paged carol via webhook (level 2, round 1)",
          "notification to carol via webhook delivered",
          "acknowledged by carol",
          "told dave via webhook that it was acknowledged",
          "resolved by carol",
          "told dave via webhook that it was resolved",
          "notification to dave via webhook (resolved) delivered"));
    }
  }
}

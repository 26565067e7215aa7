package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.governor.server.config.ServerConfig;
import dev.governor.server.http.Json;
import dev.governor.server.notify.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A page leaves the outbox when the incident's group wait ends, not at the next evaluation tick:
 * the tick interval here is an hour, the clock is the real one, and the page must reach a webhook on
 * 127.0.0.1 within a second of the group wait's end. And a page that fell due while the server was
 * down goes out as it starts again.
 */
class PageWithoutTickTest {

  static final String KEY = "am-key";
  static final Duration GROUP_WAIT = Duration.ofSeconds(2);

  @TempDir Path dataDir;
  final HttpClient http = HttpClient.newHttpClient();

  GovernorServer start() {
    return GovernorServer.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of(
        "server.bind", "127.0.0.1", "server.port", "0", "storage.dataDir", dataDir.toString(),
        "evaluation.tickInterval", "1h", "incidents.groupWait", GROUP_WAIT.toSeconds() + "s",
        "incidents.integrations", "alertmanager:am:" + KEY)), InstantSource.system());
  }

  String post(GovernorServer server, String path, String contentType, String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.baseUri().resolve(path))
        .header("Content-Type", contentType).header("Authorization", "Bearer " + KEY)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  /** Opens an incident through the Alertmanager intake; returns when its group wait ends. */
  Instant openIncident(GovernorServer server, WebhookReceiver receiver) throws Exception {
    applyTeam(server, receiver);
    return alert(server);
  }

  void applyTeam(GovernorServer server, WebhookReceiver receiver) throws Exception {
    post(server, "/api/v1/oncall?file=team.yaml", "application/yaml", """
        apiVersion: governor.dev/v1
        kind: User
        metadata: {name: dave}
        spec:
          contacts:
            - webhook: %s
        ---
        apiVersion: governor.dev/v1
        kind: EscalationPolicy
        metadata: {name: shop-team}
        spec:
          services: [checkout]
          levels:
            - after: 0m
              notify:
                - user: dave
        """.formatted(receiver.url("/dave")));
  }

  Instant alert(GovernorServer server) throws Exception {
    JsonNode opened = Json.MAPPER.readTree(post(server, "/api/v1/integrations/alertmanager", "application/json", """
        {"version": "4", "status": "firing", "receiver": "governor", "groupKey": "g", "truncatedAlerts": 0,
         "groupLabels": {}, "commonLabels": {}, "commonAnnotations": {}, "externalURL": "http://127.0.0.1",
         "alerts": [{"status": "firing", "labels": {"alertname": "CheckoutErrors", "service": "checkout",
           "severity": "critical"}, "annotations": {"summary": "checkout fails"}, "startsAt": "%s",
           "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "http://127.0.0.1", "fingerprint": "f1"}]}"""
        .formatted(Instant.now())));
    long id = opened.path("results").get(0).path("incident").asLong();
    HttpResponse<String> incident = http.send(HttpRequest.newBuilder(server.baseUri().resolve("/api/v1/incidents/" + id))
        .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
    return Instant.parse(Json.MAPPER.readTree(incident.body()).path("notifyAfter").asString());
  }

  @Test
  void thePage_reachesTheWebhook_withinASecondOfTheGroupWaitsEnd_withoutAnEvaluationTick() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver().start(); GovernorServer server = start()) {
      Instant notifyAfter = openIncident(server, receiver);
      assertThat(receiver.received()).as("the group wait holds the page back").isEmpty();

      Duration bound = Duration.between(Instant.now(), notifyAfter).plus(Duration.ofSeconds(1));
      await().atMost(bound).pollInterval(Duration.ofMillis(10))
          .until(() -> !receiver.received().isEmpty());
      Instant arrived = Instant.now();
      assertThat(arrived).as("not before the group wait ended").isAfterOrEqualTo(notifyAfter);
      assertThat(Duration.between(notifyAfter, arrived)).isLessThanOrEqualTo(Duration.ofSeconds(1));
      assertThat(receiver.received().getFirst().idempotencyKey()).isEqualTo("incident-1/round-1/level-1/dave/webhook");
    }
  }

  @Test
  void anIncidentThatPagedNobody_pagesWithinASecond_whenAPolicyForItIsApplied() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver().start(); GovernorServer server = start()) {
      Instant notifyAfter = alert(server);
      await().atMost(GROUP_WAIT.plusSeconds(1)).until(() -> Instant.now().isAfter(notifyAfter));
      applyTeam(server, receiver);
      await().atMost(Duration.ofSeconds(1)).until(() -> !receiver.received().isEmpty());
    }
  }

  @Test
  void aPageThatFellDueWhileTheServerWasDown_goesOutAsItStartsAgain() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver().start()) {
      Instant notifyAfter;
      try (GovernorServer server = start()) {
        notifyAfter = openIncident(server, receiver);
      }
      // Down across the end of the group wait.
      await().atMost(GROUP_WAIT.plusSeconds(1)).until(() -> Instant.now().isAfter(notifyAfter));
      assertThat(receiver.received()).isEmpty();

      try (GovernorServer restarted = start()) {
        await().atMost(Duration.ofSeconds(5)).until(() -> !receiver.received().isEmpty());
        assertThat(receiver.received()).extracting(WebhookReceiver.Received::idempotencyKey)
            .containsExactly("incident-1/round-1/level-1/dave/webhook");
      }
    }
  }
}

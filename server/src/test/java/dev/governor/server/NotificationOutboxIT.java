package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.governor.server.http.HmacSignature;
import dev.governor.server.http.Json;
import dev.governor.server.notify.WebhookReceiver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Nothing queued is lost when the server is killed: notifications are queued through the API to a
 * webhook endpoint that is down, the server process is killed with SIGKILL while it retries them,
 * a new one starts on the same data directory, the endpoint comes up (answering 503 twice before
 * it takes anything), and every notification must arrive, each idempotency key acknowledged
 * exactly once. Short backoffs (200 ms, at most 1 s) keep it to seconds; all traffic stays on
 * 127.0.0.1. Likewise a page that was not even computed yet (the incident's group wait still ran)
 * when the server was killed goes out once the next server starts, with no evaluation tick.
 */
class NotificationOutboxIT {

  private static final int NOTIFICATIONS = 20;
  private static final String SECRET = "it-secret";

  @TempDir Path dataDir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Process> processes = new ArrayList<>();
  private final WebhookReceiver receiver = new WebhookReceiver();

  @AfterEach
  void killLeftovers() {
    processes.forEach(Process::destroyForcibly);
    receiver.close();
    http.close();
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void everyQueuedNotification_arrivesExactlyOnceByKey_afterAKillDashNineAndARestart() throws Exception {
    Process first = startServer();
    URI base = ServerProcess.awaitListening(first);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < NOTIFICATIONS; i++) {
      HttpResponse<String> queued = post(base.resolve("/api/v1/notifications/test"), """
          {"channel": {"type": "webhook", "url": "%s", "secret": "%s"}}""".formatted(receiver.url("/hook/" + i), SECRET));
      assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
      keys.add(Json.MAPPER.readTree(queued.body()).path("idempotencyKey").asString());
    }

    // The endpoint is down: wait until the server has tried, and failed, every one of them.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
      JsonNode pending = notifications(base, "?state=pending&limit=1000");
      return pending.size() == NOTIFICATIONS && allMatch(pending, n -> n.path("attempts").asInt() >= 1);
    });
    assertThat(receiver.received()).isEmpty();

    first.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, nothing flushed
    assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();

    Process second = startServer();
    URI restarted = ServerProcess.awaitListening(second);
    assertThat(notifications(restarted, "?state=pending&limit=1000").findValuesAsString("idempotencyKey"))
        .as("the outbox survived the kill").containsExactlyInAnyOrderElementsOf(keys);
    receiver.refuseNext(2).start();

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> notifications(restarted, "?state=delivered&limit=1000").size() == NOTIFICATIONS);
    assertThat(receiver.acknowledgedKeys()).as("each key acknowledged exactly once")
        .containsOnlyKeys(keys)
        .allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1));
    for (WebhookReceiver.Received r : receiver.received()) {
      assertThat(r.signature()).isEqualTo(HmacSignature.sha256(SECRET, r.body()));
      assertThat(r.bodyKey()).isEqualTo(r.idempotencyKey());
    }
    assertThat(notifications(restarted, "?state=pending")).isEmpty();
    assertThat(notifications(restarted, "?state=failed")).isEmpty();
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void aPageDueWhileTheServerWasKilled_goesOutAsTheNextOneStarts_withoutWaitingForATick() throws Exception {
    Map<String, String> env = Map.of("GOVERNOR_TICK_INTERVAL", "1h", "GOVERNOR_INCIDENT_GROUP_WAIT", "3s",
        "GOVERNOR_INTEGRATIONS", "alertmanager:am:am-key");
    Process first = startServer(env);
    URI base = ServerProcess.awaitListening(first);
    HttpResponse<String> team = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/oncall?file=team.yaml"))
        .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString("""
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
            """.formatted(receiver.url("/dave")))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(team.statusCode()).as(team.body()).isEqualTo(200);
    HttpResponse<String> alert = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/integrations/alertmanager"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer am-key")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"version": "4", "status": "firing", "receiver": "governor", "groupKey": "g", "truncatedAlerts": 0,
             "groupLabels": {}, "commonLabels": {}, "commonAnnotations": {}, "externalURL": "http://127.0.0.1",
             "alerts": [{"status": "firing", "labels": {"alertname": "CheckoutErrors", "service": "checkout",
               "severity": "critical"}, "annotations": {}, "startsAt": "%s", "endsAt": "0001-01-01T00:00:00Z",
               "generatorURL": "http://127.0.0.1", "fingerprint": "f1"}]}""".formatted(java.time.Instant.now())))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(alert.statusCode()).as(alert.body()).isEqualTo(200);

    first.destroyForcibly(); // within the group wait: the page was never computed, let alone queued
    assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
    receiver.start();
    assertThat(receiver.received()).isEmpty();

    Process second = startServer(env);
    ServerProcess.awaitListening(second);
    // The group wait ends while the new server starts, or just after: its first sweep or its timer
    // pages, long before the hour-long tick.
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
        .until(() -> !receiver.received().isEmpty());
    assertThat(receiver.acknowledgedKeys()).containsOnlyKeys("incident-1/round-1/level-1/dave/webhook");
  }

  private static boolean allMatch(JsonNode array, java.util.function.Predicate<JsonNode> test) {
    for (JsonNode n : array) if (!test.test(n)) return false;
    return true;
  }

  private JsonNode notifications(URI base, String query) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(base.resolve("/api/v1/notifications" + query)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.MAPPER.readTree(response.body()).path("notifications");
  }

  private HttpResponse<String> post(URI uri, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Process startServer() throws IOException {
    return startServer(Map.of());
  }

  private Process startServer(Map<String, String> more) throws IOException {
    Map<String, String> env = new java.util.HashMap<>(Map.of(
        // Quick retries, so that the test waits seconds, not the production minutes.
        "GOVERNOR_NOTIFICATIONS_INITIAL_BACKOFF", "200ms",
        "GOVERNOR_NOTIFICATIONS_MAX_BACKOFF", "1s",
        "GOVERNOR_NOTIFICATIONS_CONNECT_TIMEOUT", "1s",
        "GOVERNOR_NOTIFICATIONS_TIMEOUT", "2s"));
    env.putAll(more);
    Process process = ServerProcess.start(dataDir, env);
    processes.add(process);
    return process;
  }
}

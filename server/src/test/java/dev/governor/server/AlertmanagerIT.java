package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.governor.server.config.ServerConfig;
import dev.governor.server.http.Json;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Governor behind the real Prometheus Alertmanager (Debian package {@code prometheus-alertmanager},
 * 0.25), on loopback: alerts posted to Alertmanager's API reach Governor through a
 * {@code webhook_config} with the integration key as bearer token, as docs/incidents-intake.md
 * tells users to configure it. Without the binary the test is skipped, and fails under CI
 * ({@code CI=true}), where .ci/run installs it.
 */
class AlertmanagerIT {

  static final String KEY = "3f9c2a71d04b8e65a1c7f0d29b64e8a3";

  @TempDir static Path dir;
  static Process alertmanager;
  static URI alertmanagerUrl;
  static GovernorServer governor;
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Debian names it prometheus-alertmanager; upstream's tarball and other distributions alertmanager. */
  static Optional<Path> binary() {
    Path debian = Path.of("/usr/bin/prometheus-alertmanager");
    if (Files.isExecutable(debian)) return Optional.of(debian);
    return Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator))
        .filter(p -> !p.isEmpty())
        .map(p -> Path.of(p, "alertmanager"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  @BeforeAll
  static void start() throws Exception {
    Optional<Path> binary = binary();
    String reason = "neither /usr/bin/prometheus-alertmanager nor alertmanager on PATH is installed"
        + " (apt-get install prometheus-alertmanager)";
    if (binary.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(reason + "; CI must run this test, see .ci/run");
    }
    Assumptions.assumeTrue(binary.isPresent(), reason + ": skipping the Alertmanager test");

    governor = GovernorServer.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of(
        "server.port", "0", "server.bind", "127.0.0.1", "storage.dataDir", dir.resolve("data").toString(),
        "incidents.integrations", "alertmanager:am:" + KEY,
        "incidents.groupWait", "0s")));

    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    alertmanagerUrl = URI.create("http://127.0.0.1:" + port);
    // Alertmanager groups by alertname and service, so the two alerts below reach Governor in two
    // notifications; Governor's own grouping by service has to make them one incident.
    Files.writeString(dir.resolve("alertmanager.yml"), """
        route:
          receiver: governor
          group_by: ['alertname', 'service']
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: governor
            webhook_configs:
              - url: %s/api/v1/integrations/alertmanager
                send_resolved: true
                http_config:
                  authorization:
                    type: Bearer
                    credentials: %s
        """.formatted(governor.baseUri().toString().replaceAll("/$", ""), KEY));
    alertmanager = new ProcessBuilder(binary.get().toString(),
        "--config.file=" + dir.resolve("alertmanager.yml"),
        "--storage.path=" + dir.resolve("am-data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--cluster.listen-address=")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("alertmanager.log").toFile())
        .start();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> send(HttpRequest.newBuilder(alertmanagerUrl.resolve("/-/ready")).GET()).statusCode() == 200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (alertmanager != null) {
      alertmanager.destroy();
      if (!alertmanager.waitFor(15, TimeUnit.SECONDS)) {
        alertmanager.destroyForcibly();
        alertmanager.waitFor(15, TimeUnit.SECONDS);
      }
    }
    if (governor != null) governor.close();
  }

  static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Posts both alerts to Alertmanager; with {@code endsAt} in the past they are resolved. */
  static void postAlerts(Instant startsAt, Optional<Instant> endsAt) throws Exception {
    List<String> alerts = new ArrayList<>();
    for (String[] a : List.of(
        new String[] {"HighErrorRate", "critical", "checkout answers 5xx for 4 % of requests"},
        new String[] {"HighLatency", "warning", "checkout p99 latency above 2 s"})) {
      alerts.add("""
          {"labels": {"alertname": "%s", "service": "checkout", "severity": "%s"},
           "annotations": {"summary": "%s"},
           "startsAt": "%s"%s}""".formatted(a[0], a[1], a[2], startsAt,
          endsAt.map(t -> ", \"endsAt\": \"" + t + "\"").orElse("")));
    }
    HttpResponse<String> response = send(HttpRequest.newBuilder(alertmanagerUrl.resolve("/api/v2/alerts"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", alerts) + "]")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  static JsonNode governor(String path) throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(governor.baseUri().resolve(path)).GET());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.MAPPER.readTree(response.body());
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void two_alerts_of_one_service_become_one_incident_that_resolves_when_alertmanager_says_they_ended() throws Exception {
    Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
    postAlerts(startsAt, Optional.empty());

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> {
          JsonNode incidents = governor("/api/v1/incidents").path("incidents");
          assertThat(incidents.size()).as(incidents.toString()).isEqualTo(1);
          JsonNode detail = governor("/api/v1/incidents/" + incidents.get(0).path("id").asLong());
          assertThat(detail.path("alerts").size()).as(detail.toString()).isEqualTo(2);
        });
    JsonNode incident = governor("/api/v1/incidents").path("incidents").get(0);
    assertThat(incident.path("services").toString()).isEqualTo("[\"checkout\"]");
    assertThat(incident.path("state").asString()).isEqualTo("triggered");
    assertThat(incident.path("severity").asString()).isEqualTo("critical");
    JsonNode detail = governor("/api/v1/incidents/" + incident.path("id").asLong());
    List<String> summaries = new ArrayList<>();
    for (JsonNode a : detail.path("alerts")) {
      summaries.add(a.path("summary").asString());
      assertThat(a.path("integration").asString()).isEqualTo("am");
      assertThat(a.path("labels").path("service").asString()).isEqualTo("checkout");
    }
    assertThat(summaries).containsExactlyInAnyOrder(
        "checkout answers 5xx for 4 % of requests", "checkout p99 latency above 2 s");

    // Ended a second ago: Alertmanager resolves them and, with send_resolved, tells Governor.
    postAlerts(startsAt, Optional.of(Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1)));

    long id = incident.path("id").asLong();
    await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(governor("/api/v1/incidents/" + id).path("state").asString())
            .isEqualTo("resolved"));
    JsonNode resolved = governor("/api/v1/incidents/" + id);
    for (JsonNode a : resolved.path("alerts")) assertThat(a.path("state").asString()).isEqualTo("resolved");
    assertThat(resolved.path("resolvedBy").asString()).isEqualTo("am");
    assertThat(governor("/api/v1/incidents").path("incidents").size()).as("nothing new opened").isEqualTo(1);
  }
}

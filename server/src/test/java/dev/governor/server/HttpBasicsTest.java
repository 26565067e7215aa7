package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Errors outside any handler, health, readiness and metrics. */
class HttpBasicsTest {

  @TempDir static Path dataDir;
  static TestServer api;

  @BeforeAll
  static void start() {
    api = new TestServer(dataDir);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void anUnknownRoute_isA404Problem() {
    TestServer.Response response = api.get("/api/v1/nothing-here");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.contentType()).startsWith("application/problem+json");
    JsonNode problem = response.json();
    assertThat(problem.get("type").asString()).isEqualTo("/problems/not-found");
    assertThat(problem.get("title").asString()).isEqualTo("Not found");
    assertThat(problem.get("status").asInt()).isEqualTo(404);
    assertThat(problem.get("detail").asString()).contains("/api/v1/nothing-here");
    assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/nothing-here");
  }

  /**
   * Jetty refuses such paths itself, before any route: its own error page was HTML. Sent over a raw
   * socket, since an HTTP client would encode or refuse them.
   */
  @ParameterizedTest
  @ValueSource(strings = {"/api/v1/slos/%00", "/api/v1/%ff", "/%2e%2e/etc/passwd",
      "/api/v1/slos/%zz", "/api/v1/slos/x%00y/status"})
  void aPathJettyRefuses_isAProblemJson400_notAnHtmlPage(String path) {
    TestServer.RawResponse response = api.withHost("GET", path, "127.0.0.1");

    assertThat(response.status()).as(response.text()).isEqualTo(400);
    assertThat(response.text()).containsIgnoringCase("Content-Type: application/problem+json")
        .doesNotContain("<html").contains("\"status\":400").contains("\"type\":\"/problems/bad-request\"");
  }

  @Test
  void aWrongMethod_isA405Problem() {
    TestServer.Response response = api.delete("/api/v1/status");

    assertThat(response.status()).isEqualTo(405);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("type").asString()).isEqualTo("/problems/method-not-allowed");
    assertThat(response.header("Allow")).isEqualTo("GET");
  }

  @Test
  void anUnknownSlo_isA404Problem_evenWhenItsNameCouldNeverExist() {
    assertThat(api.get("/api/v1/slos/nope").status()).isEqualTo(404);
    assertThat(api.get("/api/v1/slos/NOT_VALID/status").status()).isEqualTo(404);
  }

  @Test
  void healthAndReadiness_answer() {
    assertThat(api.get("/healthz").json().get("status").asString()).isEqualTo("up");
    JsonNode ready = api.get("/readyz").json();
    assertThat(ready.get("status").asString()).isEqualTo("ready");
    assertThat(ready.get("checks").get("database").asString()).isEqualTo("up");
  }

  @Test
  void metrics_areInThePrometheusTextFormat() {
    api.get("/healthz");

    TestServer.Response response = api.get("/metrics");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("text/plain");
    assertThat(response.body()).contains(
        "governor_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}",
        "governor_events_accepted_total",
        "governor_events_rejected_total",
        "governor_ingest_duration_seconds",
        "governor_evaluation_tick_duration_seconds",
        "governor_ingest_shard_waits_total ",
        "governor_ingest_shard_wait_seconds_total ",
        "governor_slos_loaded 0",
        "governor_alerts_firing 0",
        "jvm_memory_used_bytes");
  }

  @Test
  void theOpenApiDocument_isServed() {
    TestServer.Response response = api.get("/api/openapi.yaml");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).startsWith("openapi: 3.1");
  }
}

package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A database that stops answering is an outage, not a bug: every request that needs it gets a 503
 * problem with Retry-After, never the 500 "please report it". The database is closed under the
 * running server, which fails every later call as an unreachable one does.
 */
class DatabaseOutageTest {

  @TempDir Path dataDir;
  TestServer api;

  @BeforeEach
  void startThenLoseTheDatabase() {
    api = new TestServer(dataDir);
    assertThat(api.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
    api.server.database().close();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void events_are503WithRetryAfter() {
    assertServiceUnavailable(api.events("""
        {"events": [{"sli": "checkout-requests", "time": "2026-03-02T10:00:00Z", "good": 1, "total": 1}]}"""));
  }

  @Test
  void applyingAndDeletingSlos_are503WithRetryAfter() {
    assertServiceUnavailable(api.applyYaml(TestServer.resource("latency-calendar.yaml")));
    assertServiceUnavailable(api.delete("/api/v1/slos/checkout-availability"));
  }

  @Test
  void readsFromTheStore_are503WithRetryAfter() {
    assertServiceUnavailable(api.get("/api/v1/alerts"));
    assertServiceUnavailable(api.get("/api/v1/slos/checkout-availability/status?at=2026-03-02T10:00:00Z"));
    assertServiceUnavailable(api.get("/api/v1/slos/checkout-availability"));
    assertServiceUnavailable(api.get("/readyz"));
  }

  @Test
  void readiness_answersAtOnce_sayingTheDatabaseIsDown() {
    long start = System.nanoTime();
    TestServer.Response response = api.get("/readyz");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertServiceUnavailable(response);
    assertThat(took).isLessThan(Duration.ofSeconds(1));
    assertThat(response.json().get("checks").get("database").asString()).startsWith("down: ");
  }

  @Test
  void theStatusFromMemory_stillAnswers() {
    assertThat(api.get("/api/v1/slos/checkout-availability/status").status()).isEqualTo(200);
  }

  private static void assertServiceUnavailable(TestServer.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(503);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.header("Retry-After")).isEqualTo("5");
    JsonNode problem = response.json();
    assertThat(problem.get("type").asString()).isEqualTo("/problems/service-unavailable");
    assertThat(problem.get("detail").asString()).contains("database").doesNotContain("bug");
    assertThat(problem.has("errorId")).as("an outage is not logged as a bug").isFalse();
  }
}

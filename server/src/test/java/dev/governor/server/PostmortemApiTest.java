package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.governor.incident.AlertSeverity;
import dev.governor.incident.Signal;
import dev.governor.incident.SignalAction;
import dev.governor.incident.SignalSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Postmortem drafts and incident-deployment links over real HTTP.
 *
 * <p>The story: checkout-availability (99.9 %, 28 days, Occurrences). 1,979,000 good requests at
 * 09:00; from 09:30 to 09:59 1,000 a minute, of which 40 a minute fail from 09:40 to 09:49.
 * checkout 2.4.0 went live at 09:00, 2.4.1 at 09:32; search 7.0 at 09:38. The clock starts at
 * 09:35; a critical Alertmanager alert for checkout opens incident #1 at 09:40:00; it is resolved
 * at 09:50:20 and the draft is written at 10:00:30.
 */
class PostmortemApiTest {

  static final String JSON = "application/json";

  @TempDir Path dataDir;
  TestServer api;

  @BeforeEach
  void start() {
    api = new TestServer(dataDir, Map.of("auth.tokens", "writer-token"), Instant.parse("2026-03-02T09:35:00Z"))
        .withToken("writer-token");
    assertThat(api.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
    deploy("deploy-100", "checkout", "2.3.9", "2026-03-01T09:00:00Z", "2026-03-01T09:02:00Z");
    deploy("deploy-122", "checkout", "2.4.0", "2026-03-02T08:58:00Z", "2026-03-02T09:00:00Z");
    deploy("deploy-123", "checkout", "2.4.1", "2026-03-02T09:30:00Z", "2026-03-02T09:32:00Z");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  void deploy(String id, String service, String version, String startedAt, String finishedAt) {
    TestServer.Response response = api.post("/api/v1/deployments", JSON, """
        {"id": "%s", "service": "%s", "environment": "production", "version": "%s",
         "commit": "3f2a9c1d", "startedAt": "%s", "finishedAt": "%s", "outcome": "succeeded"}"""
        .formatted(id, service, version, startedAt, finishedAt));
    assertThat(response.status()).as(response.body()).isEqualTo(201);
  }

  long openIncident() {
    Signal signal = new Signal(SignalSource.ALERTMANAGER, "alertmanager", SignalAction.TRIGGER,
        Optional.of("fp-1"), "checkout answers 5xx", AlertSeverity.CRITICAL,
        Map.of("service", "checkout", "alertname", "HighErrorRate", "slo", "checkout-availability"),
        Map.of("users_affected", "1,200"), List.of(), api.clock.instant());
    return api.server.incidents().accept(List.of(signal)).getFirst().incident().orElseThrow().number();
  }

  void sendEvents() {
    List<String> events = new ArrayList<>();
    events.add("{\"sli\": \"checkout-requests\", \"time\": \"2026-03-02T09:00:10Z\", \"good\": 1979000, \"total\": 1979000}");
    for (int m = 30; m < 60; m++) {
      int bad = m >= 40 && m < 50 ? 40 : 0;
      events.add("{\"sli\": \"checkout-requests\", \"time\": \"2026-03-02T09:" + m + ":10Z\", \"bad\": " + bad
          + ", \"total\": 1000}");
    }
    TestServer.Response response = api.events("{\"events\": [" + String.join(",", events) + "]}");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }

  /** The incident of the story, resolved, with all events sent and the clock at 10:00:30. */
  long storyIncident() {
    deploy("deploy-200", "search", "7.0", "2026-03-02T09:37:00Z", "2026-03-02T09:38:00Z");
    api.clock.advance(Duration.ofMinutes(5)); // 09:40:00
    long id = openIncident();
    api.clock.advance(Duration.ofSeconds(620)); // 09:50:20
    assertThat(api.post("/api/v1/incidents/" + id + "/resolve", JSON, "{\"by\": \"alice\"}").status()).isEqualTo(200);
    api.clock.advance(Duration.ofSeconds(610)); // 10:00:30
    sendEvents();
    return id;
  }

  TestServer.Response getJson(String path) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.server.baseUri().resolve(path))
          .header("Accept", JSON).header("Authorization", "Bearer writer-token").timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new TestServer.Response(response.statusCode(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void the_draft_holds_the_budget_the_incident_burned_the_users_and_the_deployment_that_went_live_before_it() {
    long id = storyIncident();

    TestServer.Response response = getJson("/api/v1/incidents/" + id + "/postmortem");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode draft = response.json();
    assertThat(draft.path("incident").asLong()).isEqualTo(id);
    assertThat(draft.path("openedAt").asString()).isEqualTo("2026-03-02T09:40:00Z");
    assertThat(draft.path("resolvedAt").asString()).isEqualTo("2026-03-02T09:50:20Z");
    assertThat(draft.path("durationSeconds").asLong()).isEqualTo(620);
    assertThat(draft.path("usersAffected").asLong()).isEqualTo(1200);

    // During the incident: the minutes 09:40 to 09:50, both included (buckets are whole minutes):
    //   11 x 1,000 = 11,000 requests; 10 x 40 = 400 failed (09:50 had none); 10,600 good.
    // The window as of 09:50:20: 1,979,000 + 21 minutes (09:30-09:50) x 1,000 = 2,000,000 requests.
    //   Budget 0.001 x 2,000,000 = 2,000 failures; the incident spent 400 / 2,000 = 20 %.
    // Now (10:00:30): 1,979,000 + 30 x 1,000 = 2,009,000 requests, 400 failed:
    //   consumed 400 / 2,009 = 0.199104...; remaining 1 - 400/2009 = 1609/2009 = 0.800896...
    JsonNode impact = draft.path("impacts").get(0);
    assertThat(draft.path("impacts").size()).isEqualTo(1);
    assertThat(impact.path("slo").asString()).isEqualTo("checkout-availability");
    assertThat(impact.path("objective").asString()).isEqualTo("available");
    assertThat(impact.path("totalDuringIncident").asLong()).isEqualTo(11_000);
    assertThat(impact.path("badDuringIncident").asLong()).isEqualTo(400);
    assertThat(impact.path("goodDuringIncident").asLong()).isEqualTo(10_600);
    assertThat(impact.path("totalInWindow").asLong()).isEqualTo(2_000_000);
    assertThat(impact.path("budgetConsumed").asDouble()).isCloseTo(0.2, within(1e-12));
    assertThat(impact.path("budgetRemainingNow").asDouble()).isCloseTo(1609.0 / 2009.0, within(1e-9));

    // 2.4.1 went live at 09:32, 8 minutes before; 2.4.0 is older, 2.3.9 outside the day's look-back,
    // and search is not an affected service.
    assertThat(draft.path("suspect").path("id").asString()).isEqualTo("deploy-123");
    assertThat(draft.path("suspect").path("incidents").toString()).isEqualTo("[\"" + id + "\"]");

    String markdown = draft.path("markdown").asString();
    assertThat(markdown)
        .contains("# Postmortem: checkout answers 5xx (incident #" + id + ")")
        .contains("| Users affected | 1,200 |")
        .contains("| checkout-availability | available | 99.9 % | 400 of 11,000 | 20.0 % | 80.1 % |")
        .contains("**checkout 2.4.1** to production (deployment `deploy-123`")
        .contains("| governor | linked to deployment deploy-123 (checkout 2.4.1) |")
        .contains("| alice |");

    TestServer.Response plain = api.get("/api/v1/incidents/" + id + "/postmortem");
    assertThat(plain.status()).isEqualTo(200);
    assertThat(plain.contentType()).startsWith("text/markdown");
    assertThat(plain.body()).isEqualTo(markdown);
  }

  @Test
  void opening_an_incident_links_its_suspect_and_says_so_on_the_timeline() {
    long id = storyIncident();

    JsonNode deployment = api.get("/api/v1/deployments/deploy-123").json();
    assertThat(deployment.path("incidents").toString()).isEqualTo("[\"" + id + "\"]");
    assertThat(api.get("/api/v1/deployments/deploy-200").json().path("incidents").size()).isZero();
    JsonNode timeline = api.get("/api/v1/incidents/" + id).json().path("timeline");
    List<String> links = new ArrayList<>();
    for (JsonNode e : timeline) if (e.path("kind").asString().equals("deployment")) links.add(e.path("text").asString());
    assertThat(links).containsExactly("linked to deployment deploy-123 (checkout 2.4.1)");
    assertThat(api.get("/api/v1/incidents/" + id + "/deployments").json().path("deployments").get(0).path("id").asString())
        .isEqualTo("deploy-123");
  }

  @Test
  void a_person_moves_the_link_to_another_deployment_and_the_draft_follows() {
    long id = storyIncident();

    TestServer.Response linked = api.post("/api/v1/incidents/" + id + "/deployments", JSON,
        "{\"deployment\": \"deploy-122\", \"by\": \"bob\"}");
    assertThat(linked.status()).as(linked.body()).isEqualTo(200);
    assertThat(linked.json().path("changed").asBoolean()).isTrue();
    TestServer.Response again = api.post("/api/v1/incidents/" + id + "/deployments", JSON,
        "{\"deployment\": \"deploy-122\", \"by\": \"bob\"}");
    assertThat(again.json().path("changed").asBoolean()).isFalse();
    TestServer.Response unlinked = api.delete("/api/v1/incidents/" + id + "/deployments/deploy-123?by=bob");
    assertThat(unlinked.status()).as(unlinked.body()).isEqualTo(200);
    assertThat(unlinked.json().path("incidents").size()).isZero();

    JsonNode draft = getJson("/api/v1/incidents/" + id + "/postmortem").json();
    assertThat(draft.path("suspect").path("id").asString()).isEqualTo("deploy-122");
    assertThat(draft.path("markdown").asString())
        .contains("| bob | linked to deployment deploy-122 (checkout 2.4.0) |")
        .contains("| bob | unlinked from deployment deploy-123 (checkout 2.4.1) |");

    // Unlinking the last one leaves no suspect: the person said 2.4.1 did not do it.
    api.delete("/api/v1/incidents/" + id + "/deployments/deploy-122?by=bob");
    assertThat(getJson("/api/v1/incidents/" + id + "/postmortem").json().path("suspect").isNull()).isTrue();
  }

  @Test
  void unknown_incidents_and_deployments_are_404_and_bad_input_is_400_naming_the_field() {
    assertThat(api.get("/api/v1/incidents/99/postmortem").status()).isEqualTo(404);
    assertThat(getJson("/api/v1/incidents/99/postmortem").status()).isEqualTo(404);
    IncidentApiTest.assertProblem(api.get("/api/v1/incidents/abc/postmortem"), 400, "parameter", "id");
    api.clock.advance(Duration.ofMinutes(5));
    long id = openIncident();
    IncidentApiTest.assertProblem(api.post("/api/v1/incidents/" + id + "/deployments", JSON,
        "{\"deployment\": \"nope\", \"by\": \"bob\"}"), 404, null, null);
    IncidentApiTest.assertProblem(api.post("/api/v1/incidents/" + id + "/deployments", JSON,
        "{\"deployment\": \"has space\", \"by\": \"bob\"}"), 400, "field", "deployment");
    IncidentApiTest.assertProblem(api.post("/api/v1/incidents/" + id + "/deployments", JSON,
        "{\"deployment\": \"deploy-122\"}"), 400, "field", "by");
    IncidentApiTest.assertProblem(api.delete("/api/v1/incidents/" + id + "/deployments/deploy-123"), 400,
        "parameter", "by");
    IncidentApiTest.assertProblem(api.post("/api/v1/incidents/99/deployments", JSON,
        "{\"deployment\": \"deploy-122\", \"by\": \"bob\"}"), 404, null, null);
    assertThat(api.get("/api/v1/deployments/deploy-123").json().path("incidents").toString())
        .as("nothing changed but the link made when it opened").isEqualTo("[\"" + id + "\"]");
  }
}

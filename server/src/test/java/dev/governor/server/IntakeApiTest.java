package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.incident.AlertSeverity;
import dev.governor.incident.Signal;
import dev.governor.incident.SignalAction;
import dev.governor.incident.SignalSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The Alertmanager webhook and the PagerDuty-compatible {@code /v2/enqueue} over real HTTP, with a
 * recording test double in place of the incident engine: what reaches it, and that nothing does
 * when the key or the payload is wrong.
 */
class IntakeApiTest {

  static final String INTEGRATIONS = "alertmanager:prod-am:am-key-1,pagerduty:ci:pd-key-2";

  @TempDir Path dataDir;
  final RecordingIntake intake = new RecordingIntake();
  TestServer api;

  TestServer start(Map<String, String> overrides) {
    Map<String, String> all = new HashMap<>(Map.of("incidents.integrations", INTEGRATIONS));
    all.putAll(overrides);
    api = new TestServer(dataDir, all, intake);
    return api;
  }

  @AfterEach
  void stop() {
    if (api != null) api.close();
  }

  static final String FIRING_AND_RESOLVED = """
      {"version": "4", "status": "firing", "receiver": "governor", "groupKey": "{}:{alertname=\\"CheckoutErrors\\"}",
       "truncatedAlerts": 0, "groupLabels": {"alertname": "CheckoutErrors"},
       "commonLabels": {"alertname": "CheckoutErrors", "severity": "critical"}, "commonAnnotations": {},
       "externalURL": "http://alertmanager:9093",
       "alerts": [
         {"status": "firing", "labels": {"alertname": "CheckoutErrors", "instance": "checkout-2", "severity": "critical"},
          "annotations": {"summary": "Checkout is failing 7% of requests"},
          "startsAt": "2026-03-02T09:58:00Z", "endsAt": "0001-01-01T00:00:00Z",
          "generatorURL": "http://prometheus:9090/graph", "fingerprint": "4d5541084ee061e7"},
         {"status": "resolved", "labels": {"alertname": "CheckoutErrors", "instance": "checkout-1", "severity": "critical"},
          "annotations": {"summary": "Checkout is failing 5% of requests"},
          "startsAt": "2026-03-02T09:50:00Z", "endsAt": "2026-03-02T09:59:00Z",
          "generatorURL": "http://prometheus:9090/graph", "fingerprint": "55443ce946895296"}
       ]}""";

  TestServer.Response alertmanager(String path, String body, Map<String, String> headers) {
    return api.post(path, "application/json", body, headers);
  }

  TestServer.Response enqueue(String body) {
    return api.post("/v2/enqueue", "application/json", body);
  }

  @Test
  void an_alertmanager_delivery_with_its_bearer_key_hands_every_alert_to_the_intake_and_answers_each_result() {
    start(Map.of());

    TestServer.Response r = alertmanager("/api/v1/integrations/alertmanager", FIRING_AND_RESOLVED,
        Map.of("Authorization", "Bearer am-key-1"));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode json = r.json();
    assertThat(json.path("integration").asString()).isEqualTo("prod-am");
    assertThat(json.path("results").size()).isEqualTo(2);
    assertThat(json.path("results").get(0).path("dedupKey").asString()).isEqualTo("4d5541084ee061e7");
    assertThat(json.path("results").get(0).path("disposition").asString()).isEqualTo("opened_incident");
    assertThat(json.path("results").get(1).path("incident").asLong()).isEqualTo(2);

    List<Signal> signals = intake.accepted();
    assertThat(signals).extracting(Signal::action).containsExactly(SignalAction.TRIGGER, SignalAction.RESOLVE);
    assertThat(signals).allSatisfy(s -> {
      assertThat(s.source()).isEqualTo(SignalSource.ALERTMANAGER);
      assertThat(s.integration()).isEqualTo("prod-am");
      assertThat(s.severity()).isEqualTo(AlertSeverity.CRITICAL);
    });
    assertThat(signals.get(1).at()).isEqualTo(Instant.parse("2026-03-02T09:59:00Z"));
  }

  @Test
  void the_key_may_come_as_a_token_query_parameter_for_senders_that_cannot_set_a_header() {
    start(Map.of());

    TestServer.Response r = alertmanager("/api/v1/integrations/alertmanager?token=am-key-1", FIRING_AND_RESOLVED, Map.of());

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(intake.accepted()).hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no key at all                                   | /api/v1/integrations/alertmanager                 | ''                    | needs the key of an alertmanager integration",
      "an unknown bearer key                           | /api/v1/integrations/alertmanager                 | Bearer wrong          | not one of incidents.integrations",
      "an unknown token parameter                      | /api/v1/integrations/alertmanager?token=wrong     | ''                    | not one of incidents.integrations",
      "a bearer key is not read from another scheme    | /api/v1/integrations/alertmanager                 | Basic YW0ta2V5LTE=    | must be \"Bearer <key>\"",
      "the key of the pagerduty integration            | /api/v1/integrations/alertmanager                 | Bearer pd-key-2       | belongs to the pagerduty integration 'ci'",
      "a wrong header wins over a right token          | /api/v1/integrations/alertmanager?token=am-key-1  | Bearer wrong          | not one of incidents.integrations",
  })
  void a_delivery_without_the_key_of_an_alertmanager_integration_is_a_401_and_reaches_nothing(
      String sentence, String path, String authorization, String detail) {
    start(Map.of());

    TestServer.Response r = alertmanager(path, FIRING_AND_RESOLVED,
        authorization.isEmpty() ? Map.of() : Map.of("Authorization", authorization));

    assertThat(r.status()).as(sentence).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer realm=");
    assertThat(r.json().path("detail").asString()).contains(detail).doesNotContain("am-key-1").doesNotContain("pd-key-2");
    assertThat(intake.accepted()).isEmpty();
  }

  @Test
  void a_bad_payload_is_a_400_problem_naming_each_field_and_reaches_nothing() {
    start(Map.of());
    String broken = FIRING_AND_RESOLVED.replace("\"startsAt\": \"2026-03-02T09:58:00Z\"", "\"startsAt\": \"yesterday\"")
        .replace("\"endsAt\": \"2026-03-02T09:59:00Z\"", "\"endsAt\": null");

    TestServer.Response r = alertmanager("/api/v1/integrations/alertmanager", broken, Map.of("Authorization", "Bearer am-key-1"));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonNode json = r.json();
    assertThat(json.path("type").asString()).isEqualTo("/problems/invalid-payload");
    assertThat(json.path("detail").asString()).contains("2 problems", "nothing of it was stored");
    assertThat(json.path("errors").get(0).path("field").asString()).isEqualTo("alerts[0].startsAt");
    assertThat(json.path("errors").get(0).path("message").asString()).contains("RFC 3339");
    assertThat(json.path("errors").get(1).path("field").asString()).isEqualTo("alerts[1].endsAt");
    assertThat(intake.accepted()).isEmpty();
  }

  @Test
  void a_pagerduty_trigger_is_answered_as_pagerduty_answers_it() {
    start(Map.of());

    TestServer.Response r = enqueue("""
        {"routing_key": "pd-key-2", "event_action": "trigger", "dedup_key": "disk-db-1",
         "payload": {"summary": "Disk full on db-1", "source": "db-1", "severity": "error",
                     "custom_details": {"service": "checkout", "used": 0.97}}}""");

    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.json().path("status").asString()).isEqualTo("success");
    assertThat(r.json().path("message").asString()).isEqualTo("Event processed");
    assertThat(r.json().path("dedup_key").asString()).isEqualTo("disk-db-1");
    assertThat(intake.accepted()).singleElement().satisfies(s -> {
      assertThat(s.source()).isEqualTo(SignalSource.PAGERDUTY);
      assertThat(s.integration()).isEqualTo("ci");
      assertThat(s.severity()).isEqualTo(AlertSeverity.ERROR);
      assertThat(s.labels()).containsEntry("service", "checkout").containsEntry("source", "db-1");
      assertThat(s.at()).isEqualTo(TestServer.NOW);
    });
  }

  @Test
  void a_trigger_without_a_dedup_key_gets_the_key_the_intake_made_up() {
    start(Map.of());

    TestServer.Response r = enqueue("""
        {"routing_key": "pd-key-2", "event_action": "trigger",
         "payload": {"summary": "s", "source": "ci", "severity": "info"}}""");

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().path("dedup_key").asString()).isEqualTo("made-up-1");
  }

  @Test
  void an_unknown_routing_key_is_refused_like_pagerduty_does_before_anything_about_the_event_is_said() {
    start(Map.of());

    TestServer.Response r = enqueue("{\"routing_key\": \"nope\", \"event_action\": \"fire\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.json().path("status").asString()).isEqualTo("invalid event");
    assertThat(r.json().path("message").asString()).isEqualTo("Event object is invalid");
    assertThat(r.json().path("errors").size()).isEqualTo(1);
    assertThat(r.json().path("errors").get(0).asString()).startsWith("Invalid routing key");
    assertThat(intake.accepted()).isEmpty();
  }

  @Test
  void the_key_of_the_alertmanager_integration_is_no_routing_key() {
    start(Map.of());

    TestServer.Response r = enqueue("""
        {"routing_key": "am-key-1", "event_action": "resolve", "dedup_key": "disk-db-1"}""");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("errors").get(0).asString())
        .startsWith("Invalid routing key").contains("alertmanager integration 'prod-am'");
    assertThat(intake.accepted()).isEmpty();
  }

  @Test
  void a_time_beyond_the_year_9999_is_an_invalid_event_or_payload_not_a_server_error() {
    start(Map.of());

    TestServer.Response event = enqueue("""
        {"routing_key": "pd-key-2", "event_action": "trigger",
         "payload": {"summary": "s", "source": "ci", "severity": "info", "timestamp": "+999999999-12-31T23:59:59Z"}}""");
    TestServer.Response webhook = alertmanager("/api/v1/integrations/alertmanager",
        FIRING_AND_RESOLVED.replace("2026-03-02T09:58:00Z", "+999999999-12-31T23:59:59Z"),
        Map.of("Authorization", "Bearer am-key-1"));

    assertThat(event.status()).as(event.body()).isEqualTo(400);
    assertThat(webhook.status()).as(webhook.body()).isEqualTo(400);
    assertThat(webhook.body()).contains("alerts[0].startsAt");
    assertThat(intake.accepted()).isEmpty();
  }

  @Test
  void an_invalid_event_with_a_good_key_lists_every_error_and_reaches_nothing() {
    start(Map.of());

    TestServer.Response r = enqueue("""
        {"routing_key": "pd-key-2", "event_action": "trigger", "payload": {"summary": " ", "severity": "page"}}""");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("errors").valueStream().map(JsonNode::asString).toList()).containsExactly(
        "'payload.summary' is missing or blank",
        "'payload.source' is missing or blank",
        "'payload.severity' must be one of critical, error, warning, info, got the string \"page\"");
    assertThat(intake.accepted()).isEmpty();
  }

  @Test
  void an_event_of_almost_512_kb_is_taken_whatever_server_maxRequestSize_says_and_a_larger_one_is_a_413() {
    start(Map.of("server.maxRequestSize", "64KiB"));
    String padding = "x".repeat(500_000);
    String big = "{\"routing_key\": \"pd-key-2\", \"event_action\": \"trigger\", \"payload\": {\"summary\": \"s\","
        + " \"source\": \"ci\", \"severity\": \"info\", \"custom_details\": {\"log\": \"" + padding + "\"}}}";

    TestServer.Response taken = enqueue(big);
    TestServer.Response tooLarge = enqueue(big.replace(padding, padding + "x".repeat(30_000)));

    assertThat(taken.status()).as(taken.body()).isEqualTo(202);
    assertThat(intake.accepted()).singleElement().satisfies(s -> assertThat(s.details().get("log")).hasSize(500_000));
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.json().path("status").asString()).isEqualTo("invalid event");
    assertThat(tooLarge.json().path("errors").get(0).asString()).contains("larger than 524288 bytes");
    assertThat(intake.accepted()).hasSize(1);
  }

  @Test
  void with_api_tokens_configured_both_routes_take_their_own_keys_and_an_api_token_opens_neither() {
    start(Map.of("auth.tokens", "writer-token"));

    TestServer.Response webhook = alertmanager("/api/v1/integrations/alertmanager", FIRING_AND_RESOLVED,
        Map.of("Authorization", "Bearer am-key-1"));
    TestServer.Response event = enqueue("""
        {"routing_key": "pd-key-2", "event_action": "acknowledge", "dedup_key": "disk-db-1"}""");
    TestServer.Response apiTokenAsKey = alertmanager("/api/v1/integrations/alertmanager", FIRING_AND_RESOLVED,
        Map.of("Authorization", "Bearer writer-token"));
    TestServer.Response apiWrite = api.post("/api/v1/events", "application/json", "{\"events\": []}");

    assertThat(webhook.status()).as(webhook.body()).isEqualTo(200);
    assertThat(event.status()).as(event.body()).isEqualTo(202);
    assertThat(apiTokenAsKey.status()).isEqualTo(401);
    assertThat(apiWrite.status()).as("every other write still needs the API token").isEqualTo(401);
    assertThat(intake.accepted()).hasSize(3);
  }

  @Test
  void without_integrations_configured_every_delivery_is_refused() {
    start(Map.of("incidents.integrations", ""));

    assertThat(alertmanager("/api/v1/integrations/alertmanager", FIRING_AND_RESOLVED,
        Map.of("Authorization", "Bearer am-key-1")).status()).isEqualTo(401);
    assertThat(enqueue("{\"routing_key\": \"pd-key-2\", \"event_action\": \"resolve\", \"dedup_key\": \"d\"}").status())
        .isEqualTo(400);
    assertThat(intake.accepted()).isEmpty();
  }

  @Test
  void with_the_real_engine_a_firing_alert_opens_an_incident_and_a_resolved_one_for_an_unknown_key_is_dropped() {
    api = new TestServer(dataDir, Map.of("incidents.integrations", INTEGRATIONS));

    TestServer.Response r = alertmanager("/api/v1/integrations/alertmanager", FIRING_AND_RESOLVED,
        Map.of("Authorization", "Bearer am-key-1"));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().path("results").get(0).path("disposition").asString()).isEqualTo("opened_incident");
    assertThat(r.json().path("results").get(1).path("disposition").asString()).isEqualTo("dropped");
    JsonNode incidents = api.get("/api/v1/incidents").json();
    assertThat(incidents.path("incidents").size()).as(incidents.toString()).isEqualTo(1);
    assertThat(incidents.path("incidents").get(0).path("title").asString()).contains("Checkout is failing 7%");
  }
}

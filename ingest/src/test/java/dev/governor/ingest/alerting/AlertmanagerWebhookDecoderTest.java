package dev.governor.ingest.alerting;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.incident.AlertSeverity;
import dev.governor.incident.Signal;
import dev.governor.incident.SignalAction;
import dev.governor.incident.SignalLink;
import dev.governor.incident.SignalSource;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertmanagerWebhookDecoderTest {

  static DecodedSignals decode(String json) {
    return AlertmanagerWebhookDecoder.decode(json.replace('\'', '"').getBytes(UTF_8), "prod-am");
  }

  /** A payload of version 4 around {@code alerts}, the way Alertmanager frames them. */
  static String payload(String alerts) {
    return "{'version': '4', 'status': 'firing', 'receiver': 'governor', 'groupKey': '{}:{}',"
        + " 'truncatedAlerts': 0, 'groupLabels': {}, 'commonLabels': {}, 'commonAnnotations': {},"
        + " 'externalURL': 'http://alertmanager:9093', 'alerts': [" + alerts + "]}";
  }

  static final String FIRING = "{'status': 'firing', 'labels': {'alertname': 'Down', 'severity': 'critical'},"
      + " 'annotations': {'summary': 'api is down'}, 'startsAt': '2026-11-21T10:00:30Z',"
      + " 'endsAt': '0001-01-01T00:00:00Z', 'generatorURL': 'http://prometheus:9090/graph', 'fingerprint': 'aaaa'}";

  @Test
  void a_firing_alert_is_a_trigger_at_startsAt_keyed_by_its_fingerprint() {
    DecodedSignals decoded = decode(payload(FIRING));

    assertThat(decoded.problems()).isEmpty();
    Signal s = decoded.signals().getFirst();
    assertThat(s.source()).isEqualTo(SignalSource.ALERTMANAGER);
    assertThat(s.integration()).isEqualTo("prod-am");
    assertThat(s.action()).isEqualTo(SignalAction.TRIGGER);
    assertThat(s.dedupKey()).contains("aaaa");
    assertThat(s.at()).isEqualTo(Instant.parse("2026-11-21T10:00:30Z"));
    assertThat(s.summary()).isEqualTo("api is down");
    assertThat(s.severity()).isEqualTo(AlertSeverity.CRITICAL);
    assertThat(s.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("alertname", "Down", "severity", "critical"));
    assertThat(s.details()).containsExactlyEntriesOf(Map.of("summary", "api is down"));
    assertThat(s.links()).containsExactly(
        new SignalLink(URI.create("http://prometheus:9090/graph"), "Source", false),
        new SignalLink(URI.create("http://alertmanager:9093"), "Alertmanager", false));
  }

  @Test
  void a_resolved_alert_is_a_resolve_at_endsAt_with_the_same_key() {
    DecodedSignals decoded = decode(payload(FIRING.replace("'status': 'firing'", "'status': 'resolved'")
        .replace("0001-01-01T00:00:00Z", "2026-11-21T10:20:00+01:00")));

    Signal s = decoded.signals().getFirst();
    assertThat(s.action()).isEqualTo(SignalAction.RESOLVE);
    assertThat(s.dedupKey()).contains("aaaa");
    assertThat(s.at()).isEqualTo(Instant.parse("2026-11-21T09:20:00Z"));
  }

  @Test
  void without_a_fingerprint_the_key_is_a_hash_of_the_labels_whatever_their_order() {
    String a = "{'status': 'firing', 'labels': {'alertname': 'Down', 'job': 'api'}, 'startsAt': '2026-11-21T10:00:30Z'}";
    String b = "{'status': 'resolved', 'labels': {'job': 'api', 'alertname': 'Down'}, 'startsAt': '2026-11-21T10:00:30Z',"
        + " 'endsAt': '2026-11-21T10:10:30Z', 'fingerprint': ''}";
    String other = "{'status': 'firing', 'labels': {'alertname': 'Down', 'job': 'web'}, 'startsAt': '2026-11-21T10:00:30Z'}";

    DecodedSignals decoded = decode(payload(a + "," + b + "," + other));

    assertThat(decoded.problems()).isEmpty();
    String key = decoded.signals().get(0).dedupKey().orElseThrow();
    assertThat(key).matches("[0-9a-f]{16}");
    assertThat(decoded.signals().get(1).dedupKey()).contains(key);
    assertThat(decoded.signals().get(2).dedupKey()).isNotEqualTo(Optional.of(key));
  }

  @ParameterizedTest(name = "severity label {0} -> {1}")
  @CsvSource({"critical, CRITICAL", "CRITICAL, CRITICAL", "page, CRITICAL", "error, ERROR", "warning, WARNING",
      "ticket, WARNING", "info, INFO", "major, WARNING", "P1, WARNING", "'', WARNING"})
  void the_severity_label_maps_by_name_and_anything_unknown_is_a_warning(String label, AlertSeverity expected) {
    assertThat(AlertmanagerWebhookDecoder.severityOf(Optional.of(label))).isEqualTo(expected);
    assertThat(AlertmanagerWebhookDecoder.severityOf(Optional.empty())).isEqualTo(AlertSeverity.WARNING);
  }

  @Test
  void the_summary_falls_back_to_the_description_then_the_alertname_then_the_labels() {
    assertThat(AlertmanagerWebhookDecoder.summary(Map.of("description", "long story"), Map.of("alertname", "A")))
        .isEqualTo("long story");
    assertThat(AlertmanagerWebhookDecoder.summary(Map.of("summary", " "), Map.of("alertname", "A"))).isEqualTo("A");
    assertThat(AlertmanagerWebhookDecoder.summary(Map.of(), Map.of("job", "api", "instance", "x")))
        .isEqualTo("{instance=\"x\", job=\"api\"}");
  }

  @Test
  void a_summary_longer_than_1024_characters_is_cut_but_the_details_keep_it_whole() {
    String text = "x".repeat(2000);
    DecodedSignals decoded = decode(payload(FIRING.replace("'summary': 'api is down'", "'summary': '" + text + "'")));

    Signal s = decoded.signals().getFirst();
    assertThat(s.summary()).hasSize(1024).endsWith("…");
    assertThat(s.details().get("summary")).isEqualTo(text);
  }

  @Test
  void runbook_and_dashboard_annotations_become_links_when_they_are_urls_and_stay_details_when_not() {
    DecodedSignals decoded = decode(payload("{'status': 'firing', 'labels': {'alertname': 'A'},"
        + " 'annotations': {'runbook_url': 'https://runbooks/a', 'dashboard': 'see the team board',"
        + " 'dashboard_url': 'javascript:alert(1)'}, 'startsAt': '2026-11-21T10:00:30Z'}"));

    Signal s = decoded.signals().getFirst();
    assertThat(s.links()).extracting(SignalLink::text).containsExactly("Runbook", "Alertmanager");
    assertThat(s.details()).containsEntry("dashboard", "see the team board").containsEntry("dashboard_url", "javascript:alert(1)");
  }

  @Test
  void fields_governor_does_not_use_are_ignored_and_null_counts_as_absent() {
    DecodedSignals decoded = decode("{'version': '4', 'notification_reason': 'repeat', 'orgId': 1,"
        + " 'commonAnnotations': null, 'externalURL': null, 'alerts': [{'status': 'firing', 'labels': {'alertname': 'A'},"
        + " 'annotations': null, 'startsAt': '2026-11-21T10:00:30Z', 'endsAt': null, 'generatorURL': '',"
        + " 'silenceURL': 'http://grafana/silence', 'values': {'B': 1.5}}]}");

    assertThat(decoded.problems()).isEmpty();
    assertThat(decoded.signals()).singleElement().satisfies(s -> {
      assertThat(s.links()).isEmpty();
      assertThat(s.details()).isEmpty();
    });
  }

  @Test
  void a_payload_without_alerts_is_valid_and_gives_no_signals() {
    DecodedSignals decoded = decode(payload(""));
    assertThat(decoded.isValid()).isTrue();
    assertThat(decoded.signals()).isEmpty();
  }

  @Test
  void one_bad_alert_refuses_the_whole_payload_and_every_problem_is_reported() {
    String bad = "{'status': 'burning', 'labels': {'alertname': 'B'}, 'startsAt': 'yesterday'}";

    DecodedSignals decoded = decode(payload(FIRING + "," + FIRING + "," + bad));

    assertThat(decoded.signals()).isEmpty();
    assertThat(decoded.problems()).extracting(PayloadProblem::field)
        .containsExactly("alerts[2].status", "alerts[2].startsAt");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "a payload that is not JSON is refused                       | {'version': '4',                                    | ``                     | not valid JSON",
      "a key given twice is refused rather than guessed            | {'version': '4', 'version': '4', 'alerts': []}      | ``                     | not valid JSON",
      "a payload that is a list is refused                         | [1, 2]                                              | ``                     | must be a JSON object",
      "the version is required                                     | {'alerts': []}                                      | version                | version is missing",
      "only version 4 is taken                                     | {'version': '3', 'alerts': []}                      | version                | must be the string \"4\"",
      "a version given as a number is refused                      | {'version': 4, 'alerts': []}                        | version                | must be the string \"4\"",
      "the alerts list is required                                 | {'version': '4'}                                    | alerts                 | alerts is missing",
      "alerts must be a list                                       | {'version': '4', 'alerts': {}}                      | alerts                 | must be a list",
      "the group status is firing or resolved                      | {'version': '4', 'status': 'ok', 'alerts': []}      | status                 | \"firing\" or \"resolved\"",
      "truncatedAlerts is a whole number                           | {'version': '4', 'truncatedAlerts': -1, 'alerts': []} | truncatedAlerts      | whole number >= 0",
      "commonLabels holds strings                                  | {'version': '4', 'commonLabels': {'a': 1}, 'alerts': []} | commonLabels.a    | must be a string",
      "externalURL is an http URL                                  | {'version': '4', 'externalURL': 'am:9093', 'alerts': []} | externalURL       | absolute http or https URL",
      "an alert is an object                                       | {'version': '4', 'alerts': ['down']}                | alerts[0]              | must be an object",
  })
  void each_bad_payload_is_reported_with_its_field_and_how_to_fix_it(String sentence, String json, String field, String message) {
    DecodedSignals decoded = decode(json);
    assertThat(decoded.signals()).isEmpty();
    assertThat(decoded.problems()).as(sentence).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo(field);
      assertThat(p.message()).contains(message);
    });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "an alert needs a status                          | 'labels': {'a': 'b'}, 'startsAt': '2026-11-21T10:00:30Z'                                        | alerts[0].status       | status is missing",
      "an alert status is firing or resolved            | 'status': 'pending', 'labels': {'a': 'b'}, 'startsAt': '2026-11-21T10:00:30Z'                   | alerts[0].status       | \"firing\" or \"resolved\"",
      "an alert needs labels                            | 'status': 'firing', 'startsAt': '2026-11-21T10:00:30Z'                                          | alerts[0].labels       | labels is missing",
      "an alert needs at least one label                | 'status': 'firing', 'labels': {}, 'startsAt': '2026-11-21T10:00:30Z'                            | alerts[0].labels       | at least one label",
      "labels are an object                             | 'status': 'firing', 'labels': ['a'], 'startsAt': '2026-11-21T10:00:30Z'                         | alerts[0].labels       | object of string values",
      "label values are strings                         | 'status': 'firing', 'labels': {'code': 500}, 'startsAt': '2026-11-21T10:00:30Z'                 | alerts[0].labels.code  | quote numbers",
      "annotation values are strings                    | 'status': 'firing', 'labels': {'a': 'b'}, 'annotations': {'x': true}, 'startsAt': '2026-11-21T10:00:30Z' | alerts[0].annotations.x | must be a string",
      "an alert needs startsAt                          | 'status': 'firing', 'labels': {'a': 'b'}                                                        | alerts[0].startsAt     | startsAt is missing",
      "startsAt is RFC 3339                             | 'status': 'firing', 'labels': {'a': 'b'}, 'startsAt': '2026-11-21 10:00:30'                     | alerts[0].startsAt     | RFC 3339",
      "startsAt needs an offset                         | 'status': 'firing', 'labels': {'a': 'b'}, 'startsAt': '2026-11-21T10:00:30'                     | alerts[0].startsAt     | RFC 3339",
      "startsAt is a real date                          | 'status': 'firing', 'labels': {'a': 'b'}, 'startsAt': '2026-02-30T10:00:30Z'                    | alerts[0].startsAt     | RFC 3339",
      "startsAt is a string                             | 'status': 'firing', 'labels': {'a': 'b'}, 'startsAt': 1732183230                                | alerts[0].startsAt     | the number 1732183230",
      "a firing alert has a real startsAt               | 'status': 'firing', 'labels': {'a': 'b'}, 'startsAt': '0001-01-01T00:00:00Z'                    | alerts[0].startsAt     | zero time",
      "a resolved alert needs endsAt                    | 'status': 'resolved', 'labels': {'a': 'b'}, 'startsAt': '2026-11-21T10:00:30Z'                  | alerts[0].endsAt       | a resolved alert says when it resolved",
      "a resolved alert has a real endsAt               | 'status': 'resolved', 'labels': {'a': 'b'}, 'startsAt': '2026-11-21T10:00:30Z', 'endsAt': '0001-01-01T00:00:00Z' | alerts[0].endsAt | zero time",
      "endsAt of a firing alert is still RFC 3339       | 'status': 'firing', 'labels': {'a': 'b'}, 'startsAt': '2026-11-21T10:00:30Z', 'endsAt': 'soon'  | alerts[0].endsAt       | RFC 3339",
      "generatorURL is an http URL                      | 'status': 'firing', 'labels': {'a': 'b'}, 'startsAt': '2026-11-21T10:00:30Z', 'generatorURL': 'javascript:alert(1)' | alerts[0].generatorURL | absolute http or https URL",
      "the fingerprint is a string                      | 'status': 'firing', 'labels': {'a': 'b'}, 'startsAt': '2026-11-21T10:00:30Z', 'fingerprint': 42 | alerts[0].fingerprint  | must be a string",
  })
  void each_bad_alert_is_reported_with_its_path_and_how_to_fix_it(String sentence, String fields, String field, String message) {
    DecodedSignals decoded = decode(payload("{" + fields + "}"));
    assertThat(decoded.signals()).isEmpty();
    assertThat(decoded.problems()).as(sentence).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo(field);
      assertThat(p.message()).startsWith(field).contains(message);
    });
  }
}

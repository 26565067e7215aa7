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

class PagerDutyEventDecoderTest {

  static final Instant RECEIVED = Instant.parse("2026-11-21T10:04:17Z");

  static PagerDutyEventDecoder.Decoded decode(String json) {
    return PagerDutyEventDecoder.decode(json.replace('\'', '"').getBytes(UTF_8), Optional.empty(), RECEIVED);
  }

  static Signal signal(String json) {
    PagerDutyEventDecoder.Decoded decoded = decode(json);
    assertThat(decoded.errors()).isEmpty();
    return decoded.event().orElseThrow().signal("ci");
  }

  static final String TRIGGER = "{'routing_key': 'key-1', 'event_action': 'trigger', 'dedup_key': 'disk-db-1',"
      + " 'payload': {'summary': 'Disk full on db-1', 'source': 'db-1', 'severity': 'critical'}}";

  @Test
  void a_minimal_trigger_is_a_signal_with_its_source_as_a_label_at_the_time_of_receipt() {
    Signal s = signal(TRIGGER);

    assertThat(s.source()).isEqualTo(SignalSource.PAGERDUTY);
    assertThat(s.integration()).isEqualTo("ci");
    assertThat(s.action()).isEqualTo(SignalAction.TRIGGER);
    assertThat(s.dedupKey()).contains("disk-db-1");
    assertThat(s.summary()).isEqualTo("Disk full on db-1");
    assertThat(s.severity()).isEqualTo(AlertSeverity.CRITICAL);
    assertThat(s.labels()).containsExactlyEntriesOf(Map.of("source", "db-1"));
    assertThat(s.details()).isEmpty();
    assertThat(s.links()).isEmpty();
    assertThat(s.at()).isEqualTo(RECEIVED);
    assertThat(decode(TRIGGER).routingKey()).contains("key-1");
  }

  @Test
  void a_trigger_without_a_dedup_key_leaves_the_key_to_the_intake() {
    assertThat(signal(TRIGGER.replace("'dedup_key': 'disk-db-1',", "")).dedupKey()).isEmpty();
    assertThat(signal(TRIGGER.replace("'disk-db-1'", "''")).dedupKey()).isEmpty();
  }

  @Test
  void acknowledge_and_resolve_need_only_the_key_and_ignore_a_payload_they_carry() {
    Signal ack = signal("{'routing_key': 'key-1', 'event_action': 'acknowledge', 'dedup_key': 'disk-db-1'}");
    Signal resolve = signal("{'routing_key': 'key-1', 'event_action': 'resolve', 'dedup_key': 'disk-db-1',"
        + " 'payload': {'summary': 'fixed', 'severity': 'loud', 'timestamp': 'never', 'custom_details': 7}}");

    assertThat(ack.action()).isEqualTo(SignalAction.ACKNOWLEDGE);
    assertThat(ack.dedupKey()).contains("disk-db-1");
    assertThat(resolve.action()).isEqualTo(SignalAction.RESOLVE);
    assertThat(resolve.summary()).isEqualTo("fixed");
    assertThat(resolve.at()).isEqualTo(RECEIVED);
  }

  @Test
  void the_routing_key_may_come_in_the_x_routing_key_header() {
    PagerDutyEventDecoder.Decoded decoded = PagerDutyEventDecoder.decode(
        TRIGGER.replace("'routing_key': 'key-1',", "").replace('\'', '"').getBytes(UTF_8), Optional.of("key-2"), RECEIVED);
    assertThat(decoded.errors()).isEmpty();
    assertThat(decoded.routingKey()).contains("key-2");
  }

  @Test
  void the_routing_key_is_read_even_when_the_rest_is_wrong_so_an_unknown_key_can_be_refused_first() {
    PagerDutyEventDecoder.Decoded decoded = decode("{'routing_key': 'key-1', 'event_action': 'fire'}");
    assertThat(decoded.routingKey()).contains("key-1");
    assertThat(decoded.event()).isEmpty();
    assertThat(decoded.errors()).isNotEmpty();
  }

  @Test
  void component_group_and_class_are_labels_and_service_comes_from_custom_details() {
    Signal s = signal("{'routing_key': 'k', 'event_action': 'trigger', 'payload': {'summary': 's', 'source': 'db-1',"
        + " 'severity': 'warning', 'component': 'postgres', 'group': 'prod-datapipe', 'class': 'disk',"
        + " 'custom_details': {'service': 'checkout', 'disk': {'used': 0.97, 'mount': '/var'}, 'tags': ['a', 'b'],"
        + " 'paged': true, 'empty': {}, 'nothing': null}}}");

    assertThat(s.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("source", "db-1", "component", "postgres",
        "group", "prod-datapipe", "class", "disk", "service", "checkout"));
    assertThat(s.details()).containsExactlyInAnyOrderEntriesOf(Map.of("service", "checkout", "disk.used", "0.97",
        "disk.mount", "/var", "tags", "[\"a\",\"b\"]", "paged", "true", "empty", "{}", "nothing", "null"));
  }

  @Test
  void a_component_is_not_taken_for_a_service_and_details_that_are_no_object_are_kept_whole() {
    Signal s = signal("{'routing_key': 'k', 'event_action': 'trigger', 'payload': {'summary': 's', 'source': 'db-1',"
        + " 'severity': 'info', 'component': 'checkout', 'custom_details': 'disk at 97%'}}");
    assertThat(s.labels()).doesNotContainKey("service");
    assertThat(s.details()).containsExactlyEntriesOf(Map.of("custom_details", "disk at 97%"));
  }

  @Test
  void links_images_and_the_client_url_become_links() {
    Signal s = signal("{'routing_key': 'k', 'event_action': 'trigger', 'payload': {'summary': 's', 'source': 'x',"
        + " 'severity': 'error'}, 'links': [{'href': 'https://runbooks/x', 'text': 'Runbook'}, {'href': 'https://y'}],"
        + " 'images': [{'src': 'https://img/x.png', 'href': 'https://grafana/d/x', 'alt': 'Latency'}, {'src': 'https://img/y.png'}],"
        + " 'client': 'Grafana', 'client_url': 'https://grafana'}");

    assertThat(s.links()).containsExactly(
        new SignalLink(URI.create("https://runbooks/x"), "Runbook", false),
        new SignalLink(URI.create("https://y"), "", false),
        new SignalLink(URI.create("https://img/x.png"), "Latency", true),
        new SignalLink(URI.create("https://grafana/d/x"), "Latency", false),
        new SignalLink(URI.create("https://img/y.png"), "", true),
        new SignalLink(URI.create("https://grafana"), "Grafana", false));
  }

  @ParameterizedTest(name = "timestamp {0}")
  @CsvSource({
      "2015-07-17T08:42:58.315+0000, 2015-07-17T08:42:58.315Z",
      "2015-07-17T08:42:58Z, 2015-07-17T08:42:58Z",
      "2015-07-17T10:42:58+02:00, 2015-07-17T08:42:58Z",
      "2015-07-17T10:42:58+02, 2015-07-17T08:42:58Z",
      "2015-07-17T03:42:58-0500, 2015-07-17T08:42:58Z",
      "2015-07-17T08:42:58, 2015-07-17T08:42:58Z",
  })
  void the_timestamp_is_read_in_the_iso_8601_forms_senders_use(String timestamp, Instant expected) {
    Signal s = signal(TRIGGER.replace("'severity': 'critical'", "'severity': 'critical', 'timestamp': '" + timestamp + "'"));
    assertThat(s.at()).isEqualTo(expected);
  }

  @Test
  void a_dedup_key_of_255_characters_is_fine() {
    assertThat(signal(TRIGGER.replace("disk-db-1", "k".repeat(255))).dedupKey()).contains("k".repeat(255));
  }

  @Test
  void every_error_is_reported_at_once() {
    PagerDutyEventDecoder.Decoded decoded = decode("{'event_action': 'trigger', 'payload': {'severity': 'loud'}}");
    assertThat(decoded.errors()).containsExactly(
        "'routing_key' is missing or blank; send the integration key configured in Governor's"
            + " incidents.integrations (in the body, or in the X-Routing-Key header)",
        "'payload.summary' is missing or blank",
        "'payload.source' is missing or blank",
        "'payload.severity' must be one of critical, error, warning, info, got the string \"loud\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "a body that is not JSON is refused                  | {'routing_key':                                                       | Event object is not valid JSON",
      "a body that is not an object is refused             | ['trigger']                                                           | Event object must be a JSON object",
      "a key given twice is refused rather than guessed    | {'routing_key': 'k', 'routing_key': 'k', 'event_action': 'resolve', 'dedup_key': 'd'} | Event object is not valid JSON",
      "the routing key is required                         | {'event_action': 'resolve', 'dedup_key': 'd'}                         | 'routing_key' is missing or blank",
      "a blank routing key is missing                      | {'routing_key': ' ', 'event_action': 'resolve', 'dedup_key': 'd'}     | 'routing_key' is missing or blank",
      "the routing key is a string                         | {'routing_key': 42, 'event_action': 'resolve', 'dedup_key': 'd'}      | 'routing_key' must be a string",
      "the event action is required                        | {'routing_key': 'k', 'dedup_key': 'd'}                                | 'event_action' is missing or blank",
      "the event action is one of three                    | {'routing_key': 'k', 'event_action': 'fire', 'dedup_key': 'd'}        | 'event_action' must be one of trigger, acknowledge, resolve",
      "the event action is spelled as PagerDuty spells it  | {'routing_key': 'k', 'event_action': 'Resolve', 'dedup_key': 'd'}     | 'event_action' must be one of trigger, acknowledge, resolve",
      "acknowledge needs a dedup key                       | {'routing_key': 'k', 'event_action': 'acknowledge'}                   | 'dedup_key' is required for acknowledge and resolve",
      "resolve needs a dedup key                           | {'routing_key': 'k', 'event_action': 'resolve', 'dedup_key': ''}      | 'dedup_key' is required for acknowledge and resolve",
      "the dedup key is a string                           | {'routing_key': 'k', 'event_action': 'resolve', 'dedup_key': 7}       | 'dedup_key' must be a string",
      "a trigger needs a payload                           | {'routing_key': 'k', 'event_action': 'trigger'}                       | 'payload' is missing",
      "the payload is an object                            | {'routing_key': 'k', 'event_action': 'trigger', 'payload': 'disk'}    | 'payload' must be an object",
      "a trigger needs a summary                           | {'routing_key': 'k', 'event_action': 'trigger', 'payload': {'source': 's', 'severity': 'info'}} | 'payload.summary' is missing or blank",
      "a blank summary is missing                          | {'routing_key': 'k', 'event_action': 'trigger', 'payload': {'summary': '  ', 'source': 's', 'severity': 'info'}} | 'payload.summary' is missing or blank",
      "the summary is a string                             | {'routing_key': 'k', 'event_action': 'trigger', 'payload': {'summary': 5, 'source': 's', 'severity': 'info'}} | 'payload.summary' must be a string",
      "a trigger needs a source                            | {'routing_key': 'k', 'event_action': 'trigger', 'payload': {'summary': 's', 'severity': 'info'}} | 'payload.source' is missing or blank",
      "a trigger needs a severity                          | {'routing_key': 'k', 'event_action': 'trigger', 'payload': {'summary': 's', 'source': 's'}} | 'payload.severity' is missing or blank",
      "the severity is one of four                         | {'routing_key': 'k', 'event_action': 'trigger', 'payload': {'summary': 's', 'source': 's', 'severity': 'page'}} | 'payload.severity' must be one of critical, error, warning, info",
      "the severity is spelled in lower case               | {'routing_key': 'k', 'event_action': 'trigger', 'payload': {'summary': 's', 'source': 's', 'severity': 'CRITICAL'}} | 'payload.severity' must be one of critical, error, warning, info",
      "the timestamp is ISO 8601                           | {'routing_key': 'k', 'event_action': 'trigger', 'payload': {'summary': 's', 'source': 's', 'severity': 'info', 'timestamp': 'yesterday'}} | 'payload.timestamp' must be an ISO 8601 date-time",
      "the timestamp is a real date                        | {'routing_key': 'k', 'event_action': 'trigger', 'payload': {'summary': 's', 'source': 's', 'severity': 'info', 'timestamp': '2015-02-30T08:42:58Z'}} | 'payload.timestamp' must be an ISO 8601 date-time",
      "the timestamp is a string                           | {'routing_key': 'k', 'event_action': 'trigger', 'payload': {'summary': 's', 'source': 's', 'severity': 'info', 'timestamp': 1437122578}} | 'payload.timestamp' must be a string",
      "the component is a string                           | {'routing_key': 'k', 'event_action': 'trigger', 'payload': {'summary': 's', 'source': 's', 'severity': 'info', 'component': ['a']}} | 'payload.component' must be a string",
      "the group is a string                               | {'routing_key': 'k', 'event_action': 'trigger', 'payload': {'summary': 's', 'source': 's', 'severity': 'info', 'group': {}}} | 'payload.group' must be a string",
      "the class is a string                               | {'routing_key': 'k', 'event_action': 'trigger', 'payload': {'summary': 's', 'source': 's', 'severity': 'info', 'class': true}} | 'payload.class' must be a string",
      "links are a list                                    | {'routing_key': 'k', 'event_action': 'resolve', 'dedup_key': 'd', 'links': {'href': 'https://x'}} | 'links' must be a list of objects",
      "a link is an object                                 | {'routing_key': 'k', 'event_action': 'resolve', 'dedup_key': 'd', 'links': ['https://x']} | 'links[0]' must be an object",
      "a link needs an href                                | {'routing_key': 'k', 'event_action': 'resolve', 'dedup_key': 'd', 'links': [{'text': 'x'}]} | 'links[0].href' is missing or blank",
      "a link href is an http URL                          | {'routing_key': 'k', 'event_action': 'resolve', 'dedup_key': 'd', 'links': [{'href': 'javascript:alert(1)'}]} | 'links[0].href' must be an http or https URL",
      "an image needs a src                                | {'routing_key': 'k', 'event_action': 'resolve', 'dedup_key': 'd', 'images': [{'alt': 'x'}]} | 'images[0].src' is missing or blank",
      "an image src is an http URL                         | {'routing_key': 'k', 'event_action': 'resolve', 'dedup_key': 'd', 'images': [{'src': 'x.png'}]} | 'images[0].src' must be an http or https URL",
      "an image href is an http URL                        | {'routing_key': 'k', 'event_action': 'resolve', 'dedup_key': 'd', 'images': [{'src': 'https://x.png', 'href': 'ftp://x'}]} | 'images[0].href' must be an http or https URL",
      "the client url is an http URL                       | {'routing_key': 'k', 'event_action': 'resolve', 'dedup_key': 'd', 'client_url': 'grafana'} | 'client_url' must be an http or https URL",
      "the client is a string                              | {'routing_key': 'k', 'event_action': 'resolve', 'dedup_key': 'd', 'client': 1} | 'client' must be a string",
  })
  void each_bad_event_gets_one_pagerduty_style_error(String sentence, String json, String error) {
    PagerDutyEventDecoder.Decoded decoded = decode(json);
    assertThat(decoded.event()).isEmpty();
    assertThat(decoded.errors()).as(sentence).singleElement().asString().startsWith(error);
  }

  @Test
  void a_dedup_key_over_255_characters_and_a_summary_over_1024_are_refused_with_their_lengths() {
    assertThat(decode(TRIGGER.replace("disk-db-1", "k".repeat(256))).errors())
        .containsExactly("'dedup_key' is longer than 255 characters (256); send a shorter key, e.g. a hash of the long one");
    assertThat(decode(TRIGGER.replace("Disk full on db-1", "s".repeat(1025))).errors())
        .containsExactly("'payload.summary' is longer than 1024 characters (1025); shorten it and put the rest in"
            + " payload.custom_details");
  }
}

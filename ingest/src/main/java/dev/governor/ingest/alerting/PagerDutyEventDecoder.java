package dev.governor.ingest.alerting;

import dev.governor.incident.AlertSeverity;
import dev.governor.incident.SignalAction;
import dev.governor.incident.SignalLink;
import dev.governor.ingest.internal.json.JsonTree;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;

/**
 * Decodes a PagerDuty Events API v2 alert event (the body of {@code POST /v2/enqueue}), so that
 * anything that can page PagerDuty (Alertmanager's {@code pagerduty_configs}, Grafana, CI jobs,
 * scripts) can page Governor by changing one URL.
 *
 * <p>The rules are PagerDuty's: {@code routing_key} and {@code event_action} (trigger, acknowledge,
 * resolve) always; {@code payload.summary} (at most 1024 characters), {@code payload.source} and
 * {@code payload.severity} (critical, error, warning, info) for a trigger; {@code dedup_key} (at
 * most 255 characters) for acknowledge and resolve. A routing key need not be PagerDuty's 32
 * characters: Governor's keys are whatever its configuration says. The payload of an acknowledge or
 * resolve is ignored, as PagerDuty ignores it. Problems are sentences in PagerDuty's style
 * ({@code 'payload.summary' is missing or blank}), all of them at once.
 *
 * <p>What becomes of the event:
 * <ul>
 *   <li>labels: {@code source}, {@code component}, {@code group} and {@code class} from the payload,
 *       and {@code service} when {@code custom_details.service} is a string. A component
 *       ({@code mysql}, {@code eth0}) is a part of a machine, not a service, so it is not taken for
 *       one; a sender that knows the service says so in the details (Alertmanager:
 *       {@code details: {service: '{{ .CommonLabels.service }}'}}).
 *   <li>details: {@code custom_details} flattened to strings: nested objects by dotted keys
 *       ({@code db.host}), lists as compact JSON, numbers and booleans as written; details that are
 *       not an object at all are kept whole under {@code custom_details}.
 *   <li>links: {@code links[]}, {@code images[]} (as image links, plus their {@code href}), and
 *       {@code client_url} (named by {@code client}); each must be an http(s) URL.
 *   <li>time: {@code payload.timestamp} (ISO 8601), else the time of receipt.
 * </ul>
 */
public final class PagerDutyEventDecoder {

  public static final int MAX_DEDUP_KEY = 255;
  public static final int MAX_SUMMARY = 1024;

  private PagerDutyEventDecoder() {}

  /**
   * What was read: the routing key whenever it could be read (even when the rest is wrong, so that
   * the caller can refuse an unknown key before it says anything about the event), and either the
   * event or the errors.
   */
  public record Decoded(Optional<String> routingKey, Optional<PagerDutyEvent> event, List<String> errors) {
    public Decoded {
      errors = List.copyOf(errors);
      if (event.isPresent() == !errors.isEmpty()) {
        throw new IllegalArgumentException("a decoded event has either the event or errors");
      }
    }
  }

  /**
   * Decodes {@code json}.
   *
   * @param routingKeyHeader the {@code X-Routing-Key} header, which PagerDuty takes instead of a
   *     {@code routing_key} in the body (older PagerDuty clients send it there)
   * @param receivedAt the time of an event without {@code payload.timestamp}
   */
  public static Decoded decode(byte[] json, Optional<String> routingKeyHeader, Instant receivedAt) {
    Objects.requireNonNull(receivedAt, "receivedAt");
    Object root;
    try {
      root = JsonTree.read(json);
    } catch (JacksonException e) {
      return refused("Event object is not valid JSON: " + JsonTree.describe(e));
    } catch (JsonTree.MalformedJson e) {
      return refused("Event object is not valid JSON: " + e.getMessage());
    }
    if (!(root instanceof Map<?, ?> event)) {
      return refused("Event object must be a JSON object, got " + Fields.describe(root));
    }
    return new Reading(event, routingKeyHeader, receivedAt).read();
  }

  private static Decoded refused(String error) {
    return new Decoded(Optional.empty(), Optional.empty(), List.of(error));
  }

  private static final class Reading {
    final Map<?, ?> event;
    final Optional<String> header;
    final Instant receivedAt;
    final List<String> errors = new ArrayList<>();

    Reading(Map<?, ?> event, Optional<String> header, Instant receivedAt) {
      this.event = event;
      this.header = header;
      this.receivedAt = receivedAt;
    }

    Decoded read() {
      String routingKey = string(event, "routing_key", "routing_key");
      boolean notAString = routingKey == null && !Fields.absent(event.get("routing_key"));
      if (routingKey == null || routingKey.isBlank()) {
        routingKey = header.filter(h -> !h.isBlank()).orElse(null);
      }
      routingKey = routingKey == null ? null : routingKey.strip();
      if (routingKey == null && !notAString) {
        errors.add("'routing_key' is missing or blank; send the integration key configured in Governor's"
            + " incidents.integrations (in the body, or in the X-Routing-Key header)");
      }

      SignalAction action = null;
      Object actionValue = event.get("event_action");
      if (Fields.absent(actionValue) || (actionValue instanceof String s && s.isBlank())) {
        errors.add("'event_action' is missing or blank; it must be one of trigger, acknowledge, resolve");
      } else {
        action = switch (actionValue instanceof String s ? s : "") {
          case "trigger" -> SignalAction.TRIGGER;
          case "acknowledge" -> SignalAction.ACKNOWLEDGE;
          case "resolve" -> SignalAction.RESOLVE;
          default -> null;
        };
        if (action == null) {
          errors.add("'event_action' must be one of trigger, acknowledge, resolve, got " + Fields.describe(actionValue));
        }
      }

      String dedup = string(event, "dedup_key", "dedup_key");
      Optional<String> dedupKey = Optional.ofNullable(dedup).filter(d -> !d.isBlank());
      if (dedupKey.isPresent() && dedupKey.get().length() > MAX_DEDUP_KEY) {
        errors.add("'dedup_key' is longer than " + MAX_DEDUP_KEY + " characters (" + dedupKey.get().length()
            + "); send a shorter key, e.g. a hash of the long one");
      }
      boolean dedupNotAString = dedup == null && !Fields.absent(event.get("dedup_key"));
      if (dedupKey.isEmpty() && !dedupNotAString
          && (action == SignalAction.ACKNOWLEDGE || action == SignalAction.RESOLVE)) {
        errors.add("'dedup_key' is required for acknowledge and resolve: it names the alert to change");
      }

      Content content = action == SignalAction.TRIGGER ? trigger() : followUp();
      List<SignalLink> links = links();
      if (!errors.isEmpty() || content == null) {
        return new Decoded(Optional.ofNullable(routingKey), Optional.empty(), errors);
      }
      return new Decoded(Optional.of(routingKey), Optional.of(new PagerDutyEvent(routingKey, action, dedupKey,
          content.summary, content.severity, content.labels, content.details, links, content.at)), List.of());
    }

    private record Content(String summary, AlertSeverity severity, Map<String, String> labels,
        Map<String, String> details, Instant at) {}

    private Content trigger() {
      Object payloadValue = event.get("payload");
      if (Fields.absent(payloadValue)) {
        errors.add("'payload' is missing; a trigger needs payload.summary, payload.source and payload.severity");
        return null;
      }
      if (!(payloadValue instanceof Map<?, ?> payload)) {
        errors.add("'payload' must be an object, got " + Fields.describe(payloadValue));
        return null;
      }
      String summary = required(payload, "summary");
      if (summary != null && summary.length() > MAX_SUMMARY) {
        errors.add("'payload.summary' is longer than " + MAX_SUMMARY + " characters (" + summary.length()
            + "); shorten it and put the rest in payload.custom_details");
      }
      String source = required(payload, "source");
      String severityText = required(payload, "severity");
      AlertSeverity severity = null;
      if (severityText != null) {
        severity = severity(severityText);
        if (severity == null) {
          errors.add("'payload.severity' must be one of critical, error, warning, info, got "
              + Fields.describe(severityText));
        }
      }
      Instant at = receivedAt;
      String timestamp = string(payload, "timestamp", "payload.timestamp");
      if (timestamp != null) {
        at = Fields.iso8601(timestamp);
        if (at == null) {
          errors.add("'payload.timestamp' must be an ISO 8601 date-time such as 2015-07-17T08:42:58.315+0000"
              + " or 2015-07-17T08:42:58Z, got " + Fields.describe(timestamp));
        }
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (source != null) labels.put("source", source);
      for (String field : List.of("component", "group", "class")) {
        String value = string(payload, field, "payload." + field);
        if (value != null && !value.isBlank()) labels.put(field, value);
      }
      Map<String, String> details = details(payload.get("custom_details"));
      if (payload.get("custom_details") instanceof Map<?, ?> custom
          && custom.get("service") instanceof String service && !service.isBlank()) {
        labels.put("service", service.strip());
      }
      if (!errors.isEmpty()) return null;
      return new Content(summary, severity, labels, details, at);
    }

    /**
     * Acknowledge and resolve: PagerDuty ignores their payload, so a bad one is no reason to lose the
     * follow-up. Whatever readable summary and severity it has are kept for the timeline.
     */
    private Content followUp() {
      Object payloadValue = event.get("payload");
      String summary = "";
      AlertSeverity severity = AlertSeverity.WARNING;
      if (payloadValue instanceof Map<?, ?> payload) {
        if (payload.get("summary") instanceof String s) summary = AlertmanagerWebhookDecoder.cut(s.strip());
        if (payload.get("severity") instanceof String s && severity(s) != null) severity = severity(s);
      }
      return new Content(summary, severity, Map.of(), Map.of(), receivedAt);
    }

    private List<SignalLink> links() {
      List<SignalLink> links = new ArrayList<>();
      List<Map<?, ?>> linkObjects = objects("links");
      for (int i = 0; i < linkObjects.size(); i++) {
        Map<?, ?> link = linkObjects.get(i);
        if (link == null) continue;
        URI href = requiredUrl(link, "href", "links[" + i + "].href");
        String text = string(link, "text", "links[" + i + "].text");
        if (href != null) links.add(new SignalLink(href, text == null ? "" : text, false));
      }
      List<SignalLink> images = new ArrayList<>();
      List<Map<?, ?>> imageObjects = objects("images");
      for (int i = 0; i < imageObjects.size(); i++) {
        Map<?, ?> image = imageObjects.get(i);
        if (image == null) continue;
        URI src = requiredUrl(image, "src", "images[" + i + "].src");
        String alt = string(image, "alt", "images[" + i + "].alt");
        String hrefText = string(image, "href", "images[" + i + "].href");
        URI href = null;
        if (hrefText != null && !hrefText.isBlank()) {
          href = Fields.httpUrl(hrefText);
          if (href == null) errors.add("'images[" + i + "].href' must be an http or https URL, got " + Fields.describe(hrefText));
        }
        if (src != null) images.add(new SignalLink(src, alt == null ? "" : alt, true));
        if (href != null) images.add(new SignalLink(href, alt == null || alt.isBlank() ? "image" : alt, false));
      }
      links.addAll(images);
      String clientUrl = string(event, "client_url", "client_url");
      String client = string(event, "client", "client");
      if (clientUrl != null && !clientUrl.isBlank()) {
        URI uri = Fields.httpUrl(clientUrl);
        if (uri == null) errors.add("'client_url' must be an http or https URL, got " + Fields.describe(clientUrl));
        else links.add(new SignalLink(uri, client == null || client.isBlank() ? "client" : client, false));
      }
      return links;
    }

    /**
     * The objects of the optional list {@code field}, in order; anything in it that is not an
     * object is an error (and leaves a null, so that the indexes in later errors stay right).
     */
    private List<Map<?, ?>> objects(String field) {
      Object value = event.get(field);
      if (Fields.absent(value)) return List.of();
      if (!(value instanceof List<?> list)) {
        errors.add("'" + field + "' must be a list of objects, got " + Fields.describe(value));
        return List.of();
      }
      List<Map<?, ?>> objects = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) instanceof Map<?, ?> m) {
          objects.add(m);
        } else {
          errors.add("'" + field + "[" + i + "]' must be an object, got " + Fields.describe(list.get(i)));
          objects.add(null);
        }
      }
      return objects;
    }

    private URI requiredUrl(Map<?, ?> object, String field, String path) {
      String text = required(object, field, path);
      if (text == null) return null;
      URI uri = Fields.httpUrl(text);
      if (uri == null) errors.add("'" + path + "' must be an http or https URL, got " + Fields.describe(text));
      return uri;
    }

    private String required(Map<?, ?> payload, String field) {
      return required(payload, field, "payload." + field);
    }

    /** A string that must be there and not blank; null and an error otherwise. */
    private String required(Map<?, ?> object, String field, String path) {
      boolean absent = Fields.absent(object.get(field));
      String value = string(object, field, path); // reports a value of the wrong type
      if (absent || (value != null && value.isBlank())) {
        errors.add("'" + path + "' is missing or blank");
        return null;
      }
      return value;
    }

    /** An optional string field; null when absent, an error when it is something else. */
    private String string(Map<?, ?> object, String field, String path) {
      Object value = object.get(field);
      if (Fields.absent(value)) return null;
      if (value instanceof String s) return s;
      errors.add(wrongType(path, value));
      return null;
    }

    private static String wrongType(String path, Object value) {
      return "'" + path + "' must be a string, got " + Fields.describe(value);
    }
  }

  /** PagerDuty's four severities, spelled as PagerDuty spells them; null for anything else. */
  static AlertSeverity severity(String text) {
    return switch (text) {
      case "critical" -> AlertSeverity.CRITICAL;
      case "error" -> AlertSeverity.ERROR;
      case "warning" -> AlertSeverity.WARNING;
      case "info" -> AlertSeverity.INFO;
      default -> null;
    };
  }

  /** custom_details as strings; see the class comment. */
  static Map<String, String> details(Object customDetails) {
    Map<String, String> details = new LinkedHashMap<>();
    if (Fields.absent(customDetails)) return details;
    if (customDetails instanceof Map<?, ?> map) {
      flatten("", map, details);
    } else {
      details.put("custom_details", scalar(customDetails));
    }
    return details;
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> nested && !nested.isEmpty()) {
        flatten(key + ".", nested, out);
      } else {
        out.put(key, scalar(e.getValue()));
      }
    }
  }

  private static String scalar(Object value) {
    return switch (value) {
      case String s -> s;
      case BigDecimal d -> d.toPlainString(); // at most a few hundred digits: JsonTree refuses more
      case Boolean b -> b.toString();
      default -> JsonTree.text(value); // lists, empty objects, null
    };
  }
}

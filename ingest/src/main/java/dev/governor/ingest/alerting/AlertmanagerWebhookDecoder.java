package dev.governor.ingest.alerting;

import dev.governor.incident.AlertSeverity;
import dev.governor.incident.Signal;
import dev.governor.incident.SignalAction;
import dev.governor.incident.SignalLink;
import dev.governor.incident.SignalSource;
import dev.governor.ingest.internal.json.JsonTree;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;

/**
 * Decodes the payload of an Alertmanager {@code webhook_config} (webhook payload version 4) into one
 * {@link Signal} per alert:
 *
 * <ul>
 *   <li>the dedup key is the alert's {@code fingerprint} (Alertmanager's hash of its labels, the same
 *       while it fires and when it resolves), or, when a sender leaves it out, a SHA-256 of the
 *       sorted labels cut to 16 hex digits like Alertmanager's own;
 *   <li>{@code firing} is a trigger at {@code startsAt}, {@code resolved} a resolve at {@code endsAt};
 *   <li>the summary is the {@code summary} annotation, else {@code description}, else the
 *       {@code alertname} label (at most {@value #MAX_SUMMARY} characters; the details keep the
 *       whole text);
 *   <li>the severity comes from the {@code severity} label, see {@link #severityOf};
 *   <li>labels are the alert's labels, details its annotations; links are the
 *       {@code runbook_url}/{@code runbook} and {@code dashboard_url}/{@code dashboard} annotations
 *       when they are http(s) URLs, {@code generatorURL} and {@code externalURL}.
 * </ul>
 *
 * <p>Every problem is reported with the path of its field ({@code alerts[2].startsAt}), and any
 * problem refuses the whole payload: Alertmanager sends a group of alerts as one notification, and
 * taking half of it would leave Governor with a picture of the group that never existed. Fields
 * this decoder does not use ({@code notification_reason}, Grafana's {@code silenceURL}, ...) are
 * ignored, so newer senders keep working; JSON null counts as absent for every optional field.
 */
public final class AlertmanagerWebhookDecoder {

  /** The longest summary kept; PagerDuty's limit, so a summary means the same whichever way it came. */
  public static final int MAX_SUMMARY = 1024;

  /** Go's zero time, which Alertmanager sends as the {@code endsAt} of an alert that has no end yet. */
  static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  private static final String FORMAT_HINT =
      "Governor takes the JSON that an Alertmanager webhook_config sends (webhook payload version 4)";

  private AlertmanagerWebhookDecoder() {}

  /** Decodes {@code json}, received through the integration named {@code integration}. */
  public static DecodedSignals decode(byte[] json, String integration) {
    Object root;
    try {
      root = JsonTree.read(json);
    } catch (JacksonException e) {
      return refused(new PayloadProblem("", "the body is not valid JSON (" + JsonTree.describe(e) + "); " + FORMAT_HINT));
    } catch (JsonTree.MalformedJson e) {
      return refused(new PayloadProblem("", "the body is not valid JSON (" + e.getMessage() + "); " + FORMAT_HINT));
    }
    if (!(root instanceof Map<?, ?> payload)) {
      return refused(new PayloadProblem("", "the payload must be a JSON object, got " + Fields.describe(root)
          + "; " + FORMAT_HINT));
    }
    Reading reading = new Reading(integration);
    reading.payload(payload);
    return reading.problems.isEmpty()
        ? new DecodedSignals(reading.signals, List.of())
        : new DecodedSignals(List.of(), reading.problems);
  }

  /**
   * The severity an Alertmanager {@code severity} label stands for, compared without case:
   * {@code critical} and {@code page} are CRITICAL, {@code error} is ERROR, {@code warning} and
   * {@code ticket} are WARNING, {@code info} is INFO. Anything else, and no label at all, is
   * WARNING: an alert someone bothered to route here deserves a look, but a label Governor does not
   * know ({@code major}, {@code P2}) must not wake anyone at night by guess.
   */
  public static AlertSeverity severityOf(Optional<String> label) {
    return switch (label.map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse("")) {
      case "critical", "page" -> AlertSeverity.CRITICAL;
      case "error" -> AlertSeverity.ERROR;
      case "info" -> AlertSeverity.INFO;
      default -> AlertSeverity.WARNING;
    };
  }

  private static DecodedSignals refused(PayloadProblem problem) {
    return new DecodedSignals(List.of(), List.of(problem));
  }

  /** The state of one decoding. */
  private static final class Reading {
    final String integration;
    final List<PayloadProblem> problems = new ArrayList<>();
    final List<Signal> signals = new ArrayList<>();
    Optional<URI> externalUrl = Optional.empty();

    Reading(String integration) {
      this.integration = integration;
    }

    void payload(Map<?, ?> payload) {
      Object version = payload.get("version");
      if (Fields.absent(version)) {
        problem("version", "version is missing; " + FORMAT_HINT + ", which says \"version\": \"4\"");
      } else if (!"4".equals(version)) {
        problem("version", "version must be the string \"4\", got " + Fields.describe(version) + "; "
            + FORMAT_HINT + " (Alertmanager 0.x sends \"4\")");
      }
      oneOf(payload, "status", "", false);
      string(payload, "receiver", "");
      string(payload, "groupKey", "");
      Object truncated = payload.get("truncatedAlerts");
      if (!Fields.absent(truncated) && !(truncated instanceof BigDecimal n && isWholeAtLeastZero(n))) {
        problem("truncatedAlerts", "truncatedAlerts must be a whole number >= 0, got " + Fields.describe(truncated));
      }
      stringMap(payload, "groupLabels", "");
      stringMap(payload, "commonLabels", "");
      stringMap(payload, "commonAnnotations", "");
      externalUrl = url(payload, "externalURL", "");

      Object alerts = payload.get("alerts");
      if (Fields.absent(alerts)) {
        problem("alerts", "alerts is missing: the payload carries its alerts in \"alerts\": [...]");
        return;
      }
      if (!(alerts instanceof List<?> list)) {
        problem("alerts", "alerts must be a list of alerts, got " + Fields.describe(alerts));
        return;
      }
      for (int i = 0; i < list.size(); i++) {
        String path = "alerts[" + i + "]";
        if (list.get(i) instanceof Map<?, ?> alert) {
          alert(alert, path + ".");
        } else {
          problem(path, path + " must be an object with status, labels, annotations, startsAt and endsAt, got "
              + Fields.describe(list.get(i)));
        }
      }
    }

    private void alert(Map<?, ?> alert, String prefix) {
      int problemsBefore = problems.size();
      String status = oneOf(alert, "status", prefix, true);
      Map<String, String> labels = stringMap(alert, "labels", prefix);
      if (labels != null && labels.isEmpty()) {
        problem(prefix + "labels", prefix + "labels must hold at least one label; an alert is named by its labels"
            + " (alertname and the rest)");
      } else if (labels == null && Fields.absent(alert.get("labels"))) {
        problem(prefix + "labels", prefix + "labels is missing; an alert is named by its labels (alertname and the rest)");
      }
      Map<String, String> annotations = stringMap(alert, "annotations", prefix);
      Instant startsAt = time(alert, "startsAt", prefix, true);
      boolean resolved = "resolved".equals(status);
      Instant endsAt = time(alert, "endsAt", prefix, resolved);
      if (startsAt != null && startsAt.equals(GO_ZERO_TIME)) {
        problem(prefix + "startsAt", prefix + "startsAt is Go's zero time (0001-01-01T00:00:00Z); send when the"
            + " alert started");
      }
      if (resolved && endsAt != null && endsAt.equals(GO_ZERO_TIME)) {
        problem(prefix + "endsAt", prefix + "endsAt is Go's zero time (0001-01-01T00:00:00Z), but the alert is"
            + " resolved; send when it resolved");
      }
      Optional<URI> generator = url(alert, "generatorURL", prefix);
      String fingerprint = string(alert, "fingerprint", prefix);
      if (problems.size() > problemsBefore) return;

      Map<String, String> notes = annotations == null ? Map.of() : annotations;
      String key = fingerprint == null || fingerprint.isBlank() ? labelHash(labels) : fingerprint.trim();
      signals.add(new Signal(SignalSource.ALERTMANAGER, integration,
          resolved ? SignalAction.RESOLVE : SignalAction.TRIGGER, Optional.of(key),
          summary(notes, labels), severityOf(Optional.ofNullable(labels.get("severity"))), labels, notes,
          links(notes, generator), resolved ? endsAt : startsAt));
    }

    private List<SignalLink> links(Map<String, String> annotations, Optional<URI> generator) {
      List<SignalLink> links = new ArrayList<>();
      annotationLink(annotations, "Runbook", "runbook_url", "runbook").ifPresent(links::add);
      annotationLink(annotations, "Dashboard", "dashboard_url", "dashboard").ifPresent(links::add);
      generator.ifPresent(uri -> links.add(new SignalLink(uri, "Source", false)));
      externalUrl.ifPresent(uri -> links.add(new SignalLink(uri, "Alertmanager", false)));
      return links;
    }

    /** The first of {@code names} that holds an http(s) URL; annotations that hold prose stay details only. */
    private static Optional<SignalLink> annotationLink(Map<String, String> annotations, String text, String... names) {
      for (String name : names) {
        String value = annotations.get(name);
        URI uri = value == null ? null : Fields.httpUrl(value);
        if (uri != null) return Optional.of(new SignalLink(uri, text, false));
      }
      return Optional.empty();
    }

    private String oneOf(Map<?, ?> object, String field, String prefix, boolean required) {
      Object value = object.get(field);
      if (Fields.absent(value)) {
        if (required) problem(prefix + field, prefix + field + " is missing; send \"firing\" or \"resolved\"");
        return null;
      }
      if (value instanceof String s && (s.equals("firing") || s.equals("resolved"))) return s;
      problem(prefix + field, prefix + field + " must be \"firing\" or \"resolved\", got " + Fields.describe(value));
      return null;
    }

    private String string(Map<?, ?> object, String field, String prefix) {
      Object value = object.get(field);
      if (Fields.absent(value)) return null;
      if (value instanceof String s) return s;
      problem(prefix + field, prefix + field + " must be a string, got " + Fields.describe(value));
      return null;
    }

    /** A map of string values; null when absent (or wrong, which is reported). */
    private Map<String, String> stringMap(Map<?, ?> object, String field, String prefix) {
      Object value = object.get(field);
      if (Fields.absent(value)) return null;
      if (!(value instanceof Map<?, ?> map)) {
        problem(prefix + field, prefix + field + " must be an object of string values, got " + Fields.describe(value));
        return null;
      }
      Map<String, String> strings = new LinkedHashMap<>();
      boolean ok = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String path = prefix + field + "." + e.getKey();
        if (e.getValue() instanceof String s) {
          strings.put((String) e.getKey(), s);
        } else {
          ok = false;
          problem(path, path + " must be a string, got " + Fields.describe(e.getValue())
              + "; label and annotation values are text (quote numbers)");
        }
      }
      return ok ? strings : null;
    }

    private Instant time(Map<?, ?> object, String field, String prefix, boolean required) {
      Object value = object.get(field);
      if (Fields.absent(value)) {
        if (required) {
          problem(prefix + field, prefix + field + " is missing; send an RFC 3339 time such as \"2026-11-21T10:00:30Z\""
              + ("endsAt".equals(field) ? " (a resolved alert says when it resolved)" : ""));
        }
        return null;
      }
      Instant at = value instanceof String s ? Fields.rfc3339(s) : null;
      if (at == null) {
        problem(prefix + field, prefix + field + " must be an RFC 3339 time such as \"2026-11-21T10:00:30Z\" or"
            + " \"2026-11-21T11:00:30.25+01:00\", got " + Fields.describe(value));
      }
      return at;
    }

    /** An optional http(s) URL; the empty string, which Alertmanager sends for "none", is absent. */
    private Optional<URI> url(Map<?, ?> object, String field, String prefix) {
      String text = string(object, field, prefix);
      if (text == null || text.isBlank()) return Optional.empty();
      URI uri = Fields.httpUrl(text);
      if (uri == null) {
        problem(prefix + field, prefix + field + " must be an absolute http or https URL, got "
            + Fields.describe(text) + "; leave it out or send \"\" when there is none");
        return Optional.empty();
      }
      return Optional.of(uri);
    }

    private void problem(String field, String message) {
      problems.add(new PayloadProblem(field, message));
    }
  }

  private static boolean isWholeAtLeastZero(BigDecimal n) {
    return n.signum() >= 0 && n.stripTrailingZeros().scale() <= 0;
  }

  static String summary(Map<String, String> annotations, Map<String, String> labels) {
    for (String text : new String[] {annotations.get("summary"), annotations.get("description"), labels.get("alertname")}) {
      if (text != null && !text.isBlank()) return cut(text.strip());
    }
    return cut(labelText(labels));
  }

  /** At most {@link #MAX_SUMMARY} characters, cut with an ellipsis, never inside a surrogate pair. */
  static String cut(String text) {
    if (text.length() <= MAX_SUMMARY) return text;
    int end = MAX_SUMMARY - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) end--;
    return text.substring(0, end) + "…";
  }

  /** {alertname="X", instance="y"}: Prometheus' way of writing a label set, sorted. */
  private static String labelText(Map<String, String> labels) {
    StringBuilder out = new StringBuilder("{");
    new TreeMap<>(labels).forEach((k, v) -> {
      if (out.length() > 1) out.append(", ");
      out.append(k).append("=\"").append(v).append('"');
    });
    return out.append('}').toString();
  }

  /**
   * A stable key for an alert without a fingerprint: SHA-256 over the sorted labels as JSON (which
   * cannot be ambiguous, whatever the values hold), 16 hex digits like Alertmanager's fingerprints.
   */
  static String labelHash(Map<String, String> labels) {
    byte[] canonical = JsonTree.text(new TreeMap<>(labels)).getBytes(StandardCharsets.UTF_8);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}

package dev.governor.ingest.sloth;

import dev.governor.text.Quoted;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A Sloth SLO's {@code alerting} section: how the page and ticket alerts of the exported
 * Prometheus rules are named, labelled and annotated, and whether each is written at all.
 *
 * <p>Governor's own evaluator does not use it (its burn-rate alerts are its own), so it has no place
 * in the core model. It travels with the SLO as OpenSLO annotations instead, one plain value a key,
 * which also lets an OpenSLO SLO written by hand name its exported alerts:
 * <pre>
 * governor.dev/prometheus-alert-name: ApiHighErrorRate         alerting.name
 * governor.dev/prometheus-alert-label.category: availability   alerting.labels
 * governor.dev/prometheus-alert-annotation.runbook: https://…  alerting.annotations
 * governor.dev/prometheus-page-alert-disable: "true"           alerting.page_alert.disable
 * governor.dev/prometheus-page-alert-label.severity: critical  alerting.page_alert.labels
 * governor.dev/prometheus-page-alert-annotation.summary: …     alerting.page_alert.annotations
 * governor.dev/prometheus-ticket-alert-…                       alerting.ticket_alert.…
 * </pre>
 * The structure is Sloth's, unmerged, so the export merges exactly as Sloth does: an alert's labels
 * are the section's with the alert's own over them, and likewise its annotations.
 *
 * <p>Label and annotation names must be Prometheus label names as Prometheus 2 checks them
 * ({@code [a-zA-Z_][a-zA-Z0-9_]*}, not {@code __name__}), and values must not be empty, as Sloth
 * requires. (Sloth 0.16 also accepts the UTF-8 names of Prometheus 3; Governor's rule files must
 * load into Prometheus 2 as well, whose rule loader refuses them.)
 *
 * @param name the name of both alerts; empty for Governor's own ({@code <Id>ErrorBudgetBurn})
 */
public record SlothAlerting(Optional<String> name, Map<String, String> labels, Map<String, String> annotations,
    Alert page, Alert ticket) {

  public static final String PREFIX = "governor.dev/prometheus-";

  /** No section: Governor's names and texts, both alerts written. */
  public static final SlothAlerting NONE = new SlothAlerting(Optional.empty(), Map.of(), Map.of(), Alert.ENABLED, Alert.ENABLED);

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  public SlothAlerting {
    labels = sorted(labels);
    annotations = sorted(annotations);
  }

  /** One of the two alerts: {@code page_alert} or {@code ticket_alert}. */
  public record Alert(boolean disable, Map<String, String> labels, Map<String, String> annotations) {
    public static final Alert ENABLED = new Alert(false, Map.of(), Map.of());

    public Alert {
      labels = sorted(labels);
      annotations = sorted(annotations);
    }
  }

  /** The section as annotations (see the class comment), in a stable order. */
  public Map<String, String> toAnnotations() {
    Map<String, String> out = new LinkedHashMap<>();
    name.ifPresent(n -> out.put(PREFIX + "alert-name", n));
    labels.forEach((k, v) -> out.put(PREFIX + "alert-label." + k, v));
    annotations.forEach((k, v) -> out.put(PREFIX + "alert-annotation." + k, v));
    write(out, "page", page);
    write(out, "ticket", ticket);
    return out;
  }

  private static void write(Map<String, String> out, String which, Alert alert) {
    if (alert.disable) out.put(PREFIX + which + "-alert-disable", "true");
    alert.labels.forEach((k, v) -> out.put(PREFIX + which + "-alert-label." + k, v));
    alert.annotations.forEach((k, v) -> out.put(PREFIX + which + "-alert-annotation." + k, v));
  }

  /** What an SLO's annotations say, or each thing wrong with them. */
  public sealed interface Read permits Found, Invalid {}

  public record Found(SlothAlerting alerting) implements Read {}

  public record Invalid(List<String> problems) implements Read {
    public Invalid {
      problems = List.copyOf(problems);
    }
  }

  /** Reads the {@code governor.dev/prometheus-*} keys of {@code annotations}; other keys are not this class's. */
  public static Read fromAnnotations(Map<String, String> annotations) {
    List<String> problems = new ArrayList<>();
    Optional<String> name = Optional.empty();
    Map<String, String> labels = new TreeMap<>();
    Map<String, String> notes = new TreeMap<>();
    Draft page = new Draft();
    Draft ticket = new Draft();
    for (Map.Entry<String, String> e : new TreeMap<>(annotations).entrySet()) {
      if (!e.getKey().startsWith(PREFIX)) continue;
      String key = e.getKey().substring(PREFIX.length());
      String value = e.getValue();
      Draft alert = key.startsWith("page-") ? page : key.startsWith("ticket-") ? ticket : null;
      String rest = alert == null ? key : key.substring(key.indexOf('-') + 1);
      if (alert == null && rest.equals("alert-name")) {
        if (value.isEmpty()) problems.add(quote(e.getKey()) + " is empty; give the alerts' name, e.g. ApiHighErrorRate");
        else name = Optional.of(value);
      } else if (alert != null && rest.equals("alert-disable")) {
        if (value.equals("true") || value.equals("false")) alert.disable = value.equals("true");
        else problems.add(quote(e.getKey()) + " must be \"true\" or \"false\", got " + quote(value));
      } else if (rest.startsWith("alert-label.")) {
        entry(e.getKey(), rest.substring("alert-label.".length()), value, "label", problems)
            .ifPresent(n -> (alert == null ? labels : alert.labels).put(n, value));
      } else if (rest.startsWith("alert-annotation.")) {
        entry(e.getKey(), rest.substring("alert-annotation.".length()), value, "annotation", problems)
            .ifPresent(n -> (alert == null ? notes : alert.annotations).put(n, value));
      } else {
        problems.add("unknown annotation " + quote(e.getKey()) + "; the " + PREFIX + "* keys are alert-name,"
            + " alert-label.NAME, alert-annotation.NAME, and page-alert-… or ticket-alert-… with disable,"
            + " label.NAME or annotation.NAME");
      }
    }
    if (!problems.isEmpty()) return new Invalid(problems);
    return new Found(new SlothAlerting(name, labels, notes, page.alert(), ticket.alert()));
  }

  private static Optional<String> entry(String key, String name, String value, String what, List<String> problems) {
    Optional<String> invalid = checkName(name);
    if (invalid.isPresent()) {
      problems.add("annotation " + quote(key) + " names the " + what + " " + invalid.get());
      return Optional.empty();
    }
    if (value.isEmpty()) {
      problems.add("annotation " + quote(key) + " is empty; an alert " + what + " needs a value");
      return Optional.empty();
    }
    return Optional.of(name);
  }

  /** Why {@code name} is no Prometheus label (or annotation) name, with the name to use instead. */
  public static Optional<String> checkName(String name) {
    if (LABEL_NAME.matcher(name).matches() && !name.equals("__name__")) return Optional.empty();
    String valid = name.replaceAll("[^a-zA-Z0-9_]", "_");
    if (valid.isEmpty() || Character.isDigit(valid.charAt(0))) valid = "_" + valid;
    return Optional.of(quote(name) + ", which is not a Prometheus label name (letters, digits and '_', not"
        + " starting with a digit, not __name__)" + (valid.equals(name) ? "" : "; write it as " + valid));
  }

  private static final class Draft {
    boolean disable;
    final Map<String, String> labels = new TreeMap<>();
    final Map<String, String> annotations = new TreeMap<>();

    Alert alert() {
      return new Alert(disable, labels, annotations);
    }
  }

  /** A value quoted for a message, cut short so that no input is echoed at any length. */
  static String quote(String value) {
    return "'" + Quoted.bounded(value) + "'";
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return java.util.Collections.unmodifiableMap(new TreeMap<>(map));
  }
}

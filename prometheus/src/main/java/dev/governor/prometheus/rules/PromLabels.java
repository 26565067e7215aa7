package dev.governor.prometheus.rules;

import dev.governor.text.Quoted;
import java.util.Map;
import java.util.TreeMap;

/** Label names and values as PromQL and the rule file format accept them. */
final class PromLabels {

  private PromLabels() {}

  /**
   * The SLO's labels as Prometheus labels: names made valid ({@code app.kubernetes.io/name} becomes
   * {@code app_kubernetes_io_name}); names Prometheus reserves ({@code __*}) or Sloth's own
   * ({@code sloth_*}) are left out, so an SLO label can never hide the ids the rules match on.
   */
  static Map<String, String> sanitize(Map<String, String> labels) {
    return sanitize(labels, new java.util.ArrayList<>());
  }

  /** As {@link #sanitize(Map)}, adding to {@code warnings} a sentence for each label written otherwise. */
  static Map<String, String> sanitize(Map<String, String> labels, java.util.List<String> warnings) {
    Map<String, String> out = new TreeMap<>();
    new TreeMap<>(labels).forEach((name, value) -> {
      String valid = name.replaceAll("[^a-zA-Z0-9_]", "_");
      if (valid.isEmpty() || Character.isDigit(valid.charAt(0))) valid = "_" + valid;
      if (valid.startsWith("__") || valid.startsWith("sloth_")) {
        warnings.add("label '" + cut(name) + "' is left out: " + (valid.startsWith("__")
            ? "label names starting with __ are Prometheus's own"
            : "sloth_* labels are the ids these rules match on, and an SLO label must not hide them"));
        return;
      }
      if (out.containsKey(valid)) {
        warnings.add("label '" + cut(name) + "' is left out: it would be written as " + cut(valid) + ", as another label is");
        return;
      }
      if (!valid.equals(name)) {
        warnings.add("label '" + cut(name) + "' is written as " + cut(valid) + ", since Prometheus label names hold only"
            + " letters, digits and '_' (Sloth refuses the spec instead)");
      }
      out.put(valid, value);
    });
    return out;
  }

  /** A label name cut short for a warning: a warning never echoes input at any length. */
  private static String cut(String name) {
    return Quoted.bounded(name);
  }

  /** A PromQL string literal: {@code "value"} with quotes and backslashes escaped. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}

package dev.governor.prometheus.rules;

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
    Map<String, String> out = new TreeMap<>();
    new TreeMap<>(labels).forEach((name, value) -> {
      String valid = name.replaceAll("[^a-zA-Z0-9_]", "_");
      if (valid.isEmpty() || Character.isDigit(valid.charAt(0))) valid = "_" + valid;
      if (valid.startsWith("__") || valid.startsWith("sloth_")) return;
      out.putIfAbsent(valid, value);
    });
    return out;
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

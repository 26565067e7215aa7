package dev.governor.prometheus.rules;

import java.util.Map;
import java.util.TreeMap;

/** One Prometheus rule: a recording rule or an alerting rule. Labels and annotations are sorted by name. */
public sealed interface Rule permits Rule.Recording, Rule.Alerting {

  String expr();

  Map<String, String> labels();

  /** {@code record: name}: stores {@code expr} as a new series. */
  record Recording(String record, String expr, Map<String, String> labels) implements Rule {
    public Recording {
      labels = sorted(labels);
    }
  }

  /** {@code alert: name}: fires for every series {@code expr} returns. */
  record Alerting(String alert, String expr, Map<String, String> labels, Map<String, String> annotations)
      implements Rule {
    public Alerting {
      labels = sorted(labels);
      annotations = sorted(annotations);
    }
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return java.util.Collections.unmodifiableMap(new TreeMap<>(map));
  }
}

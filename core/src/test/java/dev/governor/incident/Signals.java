package dev.governor.incident;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Signals for tests, built in one line each so a test shows only what it depends on. */
final class Signals {
  private Signals() {}

  static final String AM = "alertmanager";
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z"); // a Monday

  /** "service", "checkout", "slo", "checkout-availability" … as a map. */
  static Map<String, String> labels(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) map.put(pairs[i], pairs[i + 1]);
    return map;
  }

  static Signal trigger(String integration, String key, AlertSeverity severity, String summary, String... labelPairs) {
    return new Signal(SignalSource.ALERTMANAGER, integration, SignalAction.TRIGGER, Optional.ofNullable(key), summary,
        severity, labels(labelPairs), Map.of("runbook", "see wiki"), List.of(), T0);
  }

  static Signal trigger(String key, String... labelPairs) {
    return trigger(AM, key, AlertSeverity.CRITICAL, "alert " + key, labelPairs);
  }

  static Signal keyless(String... labelPairs) {
    return trigger(AM, null, AlertSeverity.CRITICAL, "no key", labelPairs);
  }

  static Signal acknowledge(String integration, String key) {
    return new Signal(SignalSource.ALERTMANAGER, integration, SignalAction.ACKNOWLEDGE, Optional.of(key), "",
        AlertSeverity.CRITICAL, Map.of(), Map.of(), List.of(), T0);
  }

  static Signal resolve(String integration, String key) {
    return new Signal(SignalSource.ALERTMANAGER, integration, SignalAction.RESOLVE, Optional.of(key), "",
        AlertSeverity.CRITICAL, Map.of(), Map.of(), List.of(), T0);
  }

  static Signal acknowledge(String key) {
    return acknowledge(AM, key);
  }

  static Signal resolve(String key) {
    return resolve(AM, key);
  }
}

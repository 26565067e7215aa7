package dev.governor.prometheus.otlp;

import java.util.Map;

/**
 * OTLP names and resource attributes as Prometheus labels: characters outside {@code [a-zA-Z0-9_:]}
 * become {@code _}, and no unit or {@code _total} suffix is added. That is Prometheus' OTLP intake
 * with {@code translation_strategy: UnderscoreEscapingWithoutSuffixes}, not its default, which
 * appends units and {@code _total}: a selector names the metric as the OTLP name reads.
 */
final class OtlpNames {

  private OtlpNames() {}

  /** {@code http.server.request.count} → {@code http_server_request_count}; no unit or _total suffix is added. */
  static String metricName(String name) {
    return sanitize(name, true);
  }

  /** {@code service.name} → {@code service_name}. */
  static String labelName(String name) {
    return sanitize(name, false);
  }

  private static String sanitize(String name, boolean metric) {
    StringBuilder b = new StringBuilder(name.length() + 1);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || (metric && c == ':');
      b.append(ok ? c : '_');
    }
    if (b.isEmpty() || Character.isDigit(b.charAt(0))) b.insert(0, '_');
    return b.toString();
  }

  /**
   * Adds the resource's attributes to {@code labels}, names sanitised, and {@code job}
   * ({@code service.namespace/service.name}) and {@code instance} ({@code service.instance.id})
   * as Prometheus derives them, so a selector written for scraped metrics matches pushed ones.
   */
  static void addResource(Map<String, String> raw, Map<String, String> labels) {
    raw.forEach((k, v) -> labels.put(labelName(k), v));
    String service = raw.get("service.name");
    if (service != null && !service.isEmpty()) {
      String namespace = raw.get("service.namespace");
      labels.putIfAbsent("job", namespace == null || namespace.isEmpty() ? service : namespace + "/" + service);
    }
    String instance = raw.get("service.instance.id");
    if (instance != null && !instance.isEmpty()) labels.putIfAbsent("instance", instance);
  }
}

package dev.governor.slo;

import java.util.Map;
import java.util.Optional;

/**
 * Where an SLI's numbers come from. {@code type} "Governor" means events pushed to Governor's own
 * events API; other types (Prometheus, ...) are pulled by adapters. {@code spec} is kept as the
 * document gave it (strings, numbers, lists and maps) because only the adapter of that type knows
 * what it means.
 */
public record MetricSource(String type, Optional<String> dataSourceRef, Map<String, Object> spec) {

  public static final String GOVERNOR = "Governor";

  public MetricSource {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("a metric source needs a type, got '" + type + "'");
    }
    spec = Map.copyOf(spec);
  }

  public boolean isPushedToGovernor() {
    return GOVERNOR.equalsIgnoreCase(type);
  }
}

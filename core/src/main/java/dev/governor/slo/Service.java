package dev.governor.slo;

import java.util.Map;

/** A service that SLOs belong to. */
public record Service(ServiceName name, String displayName, String description, Map<String, String> labels) {
  public Service {
    labels = Map.copyOf(labels);
  }
}

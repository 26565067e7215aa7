package dev.governor.slo;

import java.util.Map;

/** A connection to a metrics backend that metric sources refer to by name. */
public record DataSource(String name, String type, Map<String, Object> connectionDetails) {
  public DataSource {
    connectionDetails = Map.copyOf(connectionDetails);
  }
}

package dev.governor.incident;

import java.util.Locale;

/** Where an incident, or one alert of it, stands. Resolved ones may be reopened. */
public enum IncidentState {
  TRIGGERED,
  ACKNOWLEDGED,
  RESOLVED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isOpen() {
    return this != RESOLVED;
  }

  public static IncidentState ofLabel(String label) {
    for (IncidentState s : values()) if (s.label().equals(label)) return s;
    throw new IllegalArgumentException("a state is triggered, acknowledged or resolved, got '" + label + "'");
  }
}

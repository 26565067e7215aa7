package dev.governor.status;

import java.util.Locale;

/** How a component is doing, as Statuspage says it; ordered from best to worst. */
public enum ComponentState {
  OPERATIONAL("Operational"),
  UNDER_MAINTENANCE("Under maintenance"),
  DEGRADED("Degraded performance"),
  PARTIAL_OUTAGE("Partial outage"),
  MAJOR_OUTAGE("Major outage");

  private final String words;

  ComponentState(String words) {
    this.words = words;
  }

  /** What the page says: "Partial outage". */
  public String words() {
    return words;
  }

  /** The name in the API: "partial_outage". */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ComponentState of(String label) {
    for (ComponentState s : values()) if (s.label().equals(label)) return s;
    throw new IllegalArgumentException("a state is operational, under_maintenance, degraded, partial_outage or"
        + " major_outage, got '" + (label.length() > 40 ? label.substring(0, 40) + "…" : label) + "'");
  }

  public ComponentState worse(ComponentState other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}

package dev.governor.incident;

import java.util.Locale;

/**
 * How bad an incoming alert is, on PagerDuty's scale. Governor's page alerts are critical and its
 * ticket alerts warnings; Alertmanager's severity label maps by name.
 */
public enum AlertSeverity {
  CRITICAL,
  ERROR,
  WARNING,
  INFO;

  /** The lower-case name used in the API and in PagerDuty payloads. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this is worse than {@code other}. */
  public boolean worseThan(AlertSeverity other) {
    return ordinal() < other.ordinal();
  }
}

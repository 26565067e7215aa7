package dev.governor.incident;

import java.util.Locale;

/**
 * Why an alert opened no incident: a silence or maintenance window matched it, or a worse alert
 * inhibits it. {@code by} names what did: "silence 5f0c…", "maintenance sunday-db", "alert
 * governor/8d1e…".
 */
public record Suppression(Kind kind, String by) {

  public enum Kind {
    SILENCED, INHIBITED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public IntakeResult.Disposition disposition() {
      return this == SILENCED ? IntakeResult.Disposition.SILENCED : IntakeResult.Disposition.INHIBITED;
    }
  }

  public Suppression {
    if (kind == null) throw new IllegalArgumentException("a suppression needs a kind");
    if (by == null || by.isBlank()) throw new IllegalArgumentException("a suppression names what suppressed");
  }
}

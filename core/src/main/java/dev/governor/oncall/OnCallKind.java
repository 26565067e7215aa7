package dev.governor.oncall;

import java.util.Optional;

/** The three kinds of on-call document, in the order they depend on each other. */
public enum OnCallKind {
  USER("User"),
  SCHEDULE("Schedule"),
  ESCALATION_POLICY("EscalationPolicy");

  private final String kind;

  OnCallKind(String kind) {
    this.kind = kind;
  }

  /** The {@code kind:} of the YAML document. */
  public String kind() {
    return kind;
  }

  public static Optional<OnCallKind> fromKind(String kind) {
    for (OnCallKind k : values()) if (k.kind.equals(kind)) return Optional.of(k);
    return Optional.empty();
  }
}

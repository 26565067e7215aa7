package dev.governor.delivery.gate;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of the delivery audit trail: a gate decision, an override, a verification, a rollback.
 *
 * @param id the store's number for it; 0 before it is stored
 * @param subject what the entry is about: the service of a gate, the deployment id of a rollback
 * @param outcome the verdict or result ("allow", "block", "fail", "delivered")
 * @param detail the reasons, one a line
 */
public record AuditEntry(
    long id,
    Instant at,
    Action action,
    String subject,
    Optional<String> environment,
    Optional<String> version,
    String outcome,
    Optional<String> actor,
    Optional<String> reason,
    String detail) {

  public AuditEntry {
    if (subject.isBlank()) throw new IllegalArgumentException("an audit entry needs a subject");
  }

  public AuditEntry withId(long id) {
    return new AuditEntry(id, at, action, subject, environment, version, outcome, actor, reason, detail);
  }

  public enum Action {
    GATE_DECISION("gate.decision"),
    GATE_OVERRIDE("gate.override"),
    /** A person approved deploys of the subject (for an environment and version, when named) for a while. */
    GATE_APPROVAL("gate.approval"),
    /** A person granted a hotfix override, with a reason, for a while. */
    GATE_HOTFIX_GRANT("gate.hotfix-grant"),
    VERIFICATION("verification"),
    ROLLBACK_REQUESTED("rollback.requested"),
    ROLLBACK_DELIVERED("rollback.delivered");

    private final String label;

    Action(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public static Optional<Action> ofLabel(String label) {
      for (Action a : values()) if (a.label.equals(label)) return Optional.of(a);
      return Optional.empty();
    }
  }
}

package dev.governor.oncall;

import java.time.Duration;
import java.util.List;

/**
 * One step of an escalation policy: if nobody has acknowledged {@code after} the previous level was
 * paged (for the first level: after the incident started notifying), page {@code targets}.
 */
public record EscalationLevel(Duration after, List<EscalationTarget> targets) {

  public EscalationLevel {
    if (after == null || after.isNegative()) throw new IllegalArgumentException("a level waits 0m or more, got " + after);
    targets = List.copyOf(targets);
    if (targets.isEmpty()) throw new IllegalArgumentException("a level needs at least one user or schedule to page");
  }
}

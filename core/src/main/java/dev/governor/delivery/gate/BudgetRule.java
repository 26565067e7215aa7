package dev.governor.delivery.gate;

import dev.governor.basics.Names;

/**
 * One rule of a policy: when an SLO objective has less than {@code belowRemaining} of its error
 * budget left (a share: 0 is exhausted, 0.25 is a quarter left), {@code action} applies.
 */
public record BudgetRule(String name, double belowRemaining, Action action) {

  public BudgetRule {
    if (!Names.isValid(name)) {
      throw new IllegalArgumentException("a rule name needs lowercase letters, digits, '-', '_', '.', got '" + name + "'");
    }
    if (!Double.isFinite(belowRemaining) || belowRemaining > 1) {
      throw new IllegalArgumentException("belowRemaining must be a share of at most 1 (100 %), got " + belowRemaining);
    }
  }

  /** What a rule does when it applies, mildest first. */
  public enum Action {
    WARN, REQUIRE_APPROVAL, BLOCK;

    public String label() {
      return switch (this) {
        case WARN -> "warn";
        case REQUIRE_APPROVAL -> "requireApproval";
        case BLOCK -> "block";
      };
    }
  }
}

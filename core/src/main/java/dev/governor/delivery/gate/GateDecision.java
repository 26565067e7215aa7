package dev.governor.delivery.gate;

import java.util.List;
import java.util.Optional;

/**
 * The answer of a gate. A refusal is a value: {@link Block} stops a pipeline (the CLI exits 1),
 * {@link AllowWithWarning} lets it go with the reasons to read, {@link Allow} lets it go.
 */
public sealed interface GateDecision {

  /** Why: every rule, budget and freeze that shaped the answer, most severe first. */
  List<Reason> reasons();

  /** The override that let a deploy through which the rules would have stopped or held. */
  Optional<GateOverride> override();

  /**
   * Who judged: the name of every policy that gated the request ({@code default} for the default
   * policy), and {@code incidents} when an open incident froze the service's deploys. Empty when
   * nothing gated it, which {@link Allow#why()} then says.
   */
  List<String> policies();

  /** "allow", "warn" or "block", as the API and the CLI say it. */
  default String verdict() {
    return switch (this) {
      case Allow a -> "allow";
      case AllowWithWarning w -> "warn";
      case Block b -> "block";
    };
  }

  /**
   * The deploy may go, nothing holding it.
   *
   * @param why why nothing held it, in a sentence: no policy gates the service, it has no SLO, or
   *     its budgets break no rule
   */
  record Allow(List<String> policies, String why) implements GateDecision {
    public Allow {
      policies = List.copyOf(policies);
      if (why == null || why.isBlank()) throw new IllegalArgumentException("an allow says why");
    }

    @Override
    public List<Reason> reasons() {
      return List.of();
    }

    @Override
    public Optional<GateOverride> override() {
      return Optional.empty();
    }
  }

  /**
   * The deploy may go, but someone should read why.
   *
   * @param approvalRequired a rule asks for an approval that the request did not carry
   */
  record AllowWithWarning(List<Reason> reasons, boolean approvalRequired, Optional<GateOverride> override,
      List<String> policies) implements GateDecision {
    public AllowWithWarning {
      reasons = List.copyOf(reasons);
      policies = List.copyOf(policies);
    }
  }

  record Block(List<Reason> reasons, List<String> policies) implements GateDecision {
    public Block {
      reasons = List.copyOf(reasons);
      policies = List.copyOf(policies);
    }

    @Override
    public Optional<GateOverride> override() {
      return Optional.empty();
    }
  }

  /**
   * One reason. {@code slo}, {@code objective} and {@code budgetRemaining} are set when the reason
   * is an SLO's budget; {@code freeze} when it is a freeze window.
   */
  record Reason(
      String policy,
      String rule,
      BudgetRule.Action action,
      Optional<String> slo,
      Optional<String> objective,
      Optional<Double> budgetRemaining,
      Optional<String> freeze,
      String message) {}

  /** An override that was used: which, why, and who asked. */
  record GateOverride(Kind kind, String reason, Optional<String> by) {
    public enum Kind {
      ROLLBACK, HOTFIX, APPROVAL;

      public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
      }
    }
  }
}

package dev.governor.delivery.gate;

import dev.governor.basics.Names;
import dev.governor.slo.ServiceName;
import dev.governor.basics.SloName;
import java.util.List;
import java.util.Set;

/**
 * When deploys of a service may go out, judged on the error budget of its SLOs: the rules (block
 * below 0 % left, require an approval below 25 % ...), the freeze windows, and which overrides the
 * policy grants (rollbacks, hotfixes with a recorded reason).
 *
 * @param environments the environments the policy gates; empty for every environment
 * @param allowRollbacks whether a rollback goes out whatever the rules and freezes say
 * @param allowHotfixes whether a change labelled hotfix goes out whatever the rules and freezes
 *     say, as long as it gives a reason
 */
public record ErrorBudgetPolicy(
    String name,
    Scope scope,
    Set<String> environments,
    List<BudgetRule> rules,
    List<FreezeWindow> freezes,
    boolean allowRollbacks,
    boolean allowHotfixes) {

  public ErrorBudgetPolicy {
    if (!Names.isValid(name)) {
      throw new IllegalArgumentException("a policy name needs lowercase letters, digits, '-', '_', '.', got '" + name + "'");
    }
    environments = Set.copyOf(environments);
    rules = List.copyOf(rules);
    freezes = List.copyOf(freezes);
  }

  /** The name of the default policy; an applied policy may not take it. */
  public static final String DEFAULT_NAME = "default";

  /**
   * The default policy: block while an SLO has spent its whole error budget, let rollbacks, and
   * hotfixes with a reason, through. It judges the SLOs of every service that no policy names,
   * so that a service nobody wrote a policy for is not waved through however much it burned.
   *
   * @param environments the environments it gates; empty for every environment
   */
  public static ErrorBudgetPolicy defaultPolicy(Set<String> environments) {
    return new ErrorBudgetPolicy(DEFAULT_NAME, new Scope.AnyService(), environments,
        List.of(new BudgetRule("budget-exhausted", 0, BudgetRule.Action.BLOCK)), List.of(), true, true);
  }

  /**
   * What the policy covers: every SLO of a service, one SLO, or (the default policy) the SLOs of
   * every service that no policy of its own, of its SLO or of its service, names.
   */
  public sealed interface Scope {
    record ForService(ServiceName service) implements Scope {}

    record ForSlo(SloName slo) implements Scope {}

    record AnyService() implements Scope {}
  }

  /** Whether the policy gates deploys to {@code environment}; all of them when none is named. */
  public boolean gates(java.util.Optional<String> environment) {
    return environments.isEmpty() || environment.isEmpty() || environments.contains(environment.get());
  }
}

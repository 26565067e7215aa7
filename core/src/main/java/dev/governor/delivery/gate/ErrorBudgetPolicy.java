package dev.governor.delivery.gate;

import dev.governor.slo.Names;
import dev.governor.slo.ServiceName;
import dev.governor.slo.SloName;
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

  /** What the policy covers: every SLO of a service, or one SLO. */
  public sealed interface Scope {
    record ForService(ServiceName service) implements Scope {}

    record ForSlo(SloName slo) implements Scope {}
  }

  /** Whether the policy gates deploys to {@code environment}; all of them when none is named. */
  public boolean gates(java.util.Optional<String> environment) {
    return environments.isEmpty() || environment.isEmpty() || environments.contains(environment.get());
  }
}

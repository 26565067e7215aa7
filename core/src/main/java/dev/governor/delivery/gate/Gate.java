package dev.governor.delivery.gate;

import dev.governor.delivery.gate.GateDecision.GateOverride;
import dev.governor.delivery.gate.GateDecision.Reason;
import dev.governor.slo.SloName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The deploy gate: a pure function of the request, the policies, the budgets and the time.
 *
 * <p>Which policy judges which SLO: a policy for the SLO itself wins over a policy for its service,
 * so a team can set a stricter or looser rule for one SLO without copying the service's policy.
 * Freeze windows of every policy that gates the environment apply. An override is granted only when
 * every policy that had a say grants it (the strictest wins): a rollback when they allow rollbacks,
 * a hotfix when they allow hotfixes and the request gives a reason, an approval when a rule asked
 * for one and the request names who approved.
 */
public final class Gate {

  private Gate() {}

  public static GateDecision decide(
      GateRequest request, List<ErrorBudgetPolicy> policies, List<SloBudget> budgets, Instant now) {
    return decide(request, policies, budgets, List.of(), now);
  }

  /**
   * The same, with the open incidents that freeze deploys: each one on the requested service blocks,
   * whatever the budgets say and whether or not a policy gates the service. Overrides still apply
   * as the gating policies say (with none, a rollback, and a hotfix with a reason, go through), since
   * the fix for the incident must be able to ship.
   */
  public static GateDecision decide(GateRequest request, List<ErrorBudgetPolicy> policies, List<SloBudget> budgets,
      List<IncidentFreeze> incidents, Instant now) {
    List<IncidentFreeze> freezing = incidents.stream().filter(f -> f.service().equals(request.service())).toList();
    List<ErrorBudgetPolicy> gating = policies.stream()
        .filter(p -> p.gates(request.environment()))
        .filter(p -> switch (p.scope()) {
          case ErrorBudgetPolicy.Scope.ForService s -> s.service().equals(request.service());
          case ErrorBudgetPolicy.Scope.ForSlo s -> budgets.stream().anyMatch(b -> b.slo().equals(s.slo()));
        })
        .toList();
    if (gating.isEmpty() && freezing.isEmpty()) return new GateDecision.Allow(List.of(), Optional.empty());

    List<Reason> reasons = new ArrayList<>();
    for (IncidentFreeze f : freezing) {
      reasons.add(new Reason("incidents", "incident-freeze", BudgetRule.Action.BLOCK, Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.of("incident #" + f.incident()), f.message()));
    }
    for (ErrorBudgetPolicy policy : gating) {
      for (FreezeWindow freeze : policy.freezes()) {
        if (freeze.covers(now)) {
          reasons.add(new Reason(policy.name(), "freeze", BudgetRule.Action.BLOCK, Optional.empty(),
              Optional.empty(), Optional.empty(), Optional.of(freeze.name()),
              "deploys are frozen: " + freeze.name() + " (" + freeze.describe() + ")"));
        }
      }
    }
    List<ErrorBudgetPolicy> used = new ArrayList<>(gating.stream().filter(p -> !p.freezes().isEmpty()
        && p.freezes().stream().anyMatch(f -> f.covers(now))).toList());
    // An incident freeze is every gating policy's business: their overrides decide.
    if (!freezing.isEmpty()) gating.stream().filter(p -> !used.contains(p)).forEach(used::add);
    for (SloBudget budget : budgets) {
      Optional<ErrorBudgetPolicy> policy = policyFor(budget.slo(), gating);
      if (policy.isEmpty()) continue;
      for (BudgetRule rule : policy.get().rules()) {
        if (budget.remaining() < rule.belowRemaining()) {
          reasons.add(new Reason(policy.get().name(), rule.name(), rule.action(),
              Optional.of(budget.slo().value()), Optional.of(budget.objective()),
              Optional.of(budget.remaining()), Optional.empty(),
              "SLO " + budget.slo() + " (objective " + budget.objective() + ") has "
                  + percent(budget.remaining()) + " of its error budget left, below "
                  + percent(rule.belowRemaining()) + ": " + rule.action().label()));
          if (!used.contains(policy.get())) used.add(policy.get());
        }
      }
    }
    reasons.sort(Comparator.comparing(Reason::action).reversed());
    BudgetRule.Action worst = reasons.isEmpty() ? null : reasons.getFirst().action();
    if (worst == null) return new GateDecision.Allow(List.of(), Optional.empty());

    boolean holds = worst != BudgetRule.Action.WARN;
    if (holds && request.rollback()) {
      if (used.stream().allMatch(ErrorBudgetPolicy::allowRollbacks)) {
        return new GateDecision.AllowWithWarning(reasons, false, Optional.of(new GateOverride(
            GateOverride.Kind.ROLLBACK, request.reason().orElse("rollback"), request.actor())));
      }
    }
    if (holds && request.hotfix()) {
      if (used.stream().allMatch(ErrorBudgetPolicy::allowHotfixes)) {
        if (request.reason().isPresent()) {
          return new GateDecision.AllowWithWarning(reasons, false, Optional.of(new GateOverride(
              GateOverride.Kind.HOTFIX, request.reason().get(), request.actor())));
        }
        if (worst == BudgetRule.Action.BLOCK) {
          List<Reason> more = new ArrayList<>(reasons);
          more.add(new Reason(used.isEmpty() ? "incidents" : used.getFirst().name(), "hotfix", BudgetRule.Action.BLOCK, Optional.empty(),
              Optional.empty(), Optional.empty(), Optional.empty(),
              "a hotfix may override this policy only with a reason; pass one (reason=...)"));
          return new GateDecision.Block(more);
        }
      }
    }
    return switch (worst) {
      case BLOCK -> new GateDecision.Block(reasons);
      case REQUIRE_APPROVAL -> request.approvedBy()
          .<GateDecision>map(by -> new GateDecision.AllowWithWarning(reasons, false, Optional.of(new GateOverride(
              GateOverride.Kind.APPROVAL, request.reason().orElse("approved"), Optional.of(by)))))
          .orElseGet(() -> new GateDecision.AllowWithWarning(reasons, true, Optional.empty()));
      case WARN -> new GateDecision.AllowWithWarning(reasons, false, Optional.empty());
    };
  }

  private static Optional<ErrorBudgetPolicy> policyFor(SloName slo, List<ErrorBudgetPolicy> gating) {
    Optional<ErrorBudgetPolicy> own = gating.stream()
        .filter(p -> p.scope() instanceof ErrorBudgetPolicy.Scope.ForSlo s && s.slo().equals(slo))
        .findFirst();
    if (own.isPresent()) return own;
    return gating.stream().filter(p -> p.scope() instanceof ErrorBudgetPolicy.Scope.ForService).findFirst();
  }

  /** 0.25 as "25 %", -0.031 as "-3.1 %". */
  static String percent(double share) {
    double p = share * 100;
    String text = Math.abs(p - Math.rint(p)) < 0.05 ? String.format(Locale.ROOT, "%.0f", p)
        : String.format(Locale.ROOT, "%.1f", p);
    return text + " %";
  }
}

package dev.governor.delivery.gate;

import dev.governor.delivery.gate.GateDecision.GateOverride;
import dev.governor.delivery.gate.GateDecision.Reason;
import dev.governor.basics.SloName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The deploy gate: a pure function of the request, the policies, the budgets and the time.
 *
 * <p>Which policy judges which SLO: a policy for the SLO itself wins over a policy for its service,
 * so a team can set a stricter or looser rule for one SLO without copying the service's policy.
 * The default policy ({@link ErrorBudgetPolicy.Scope.AnyService}) judges only what no policy names:
 * the SLOs of a service that no policy names, except those with a policy of their own. A policy
 * names its service or SLO whatever environments it gates, so a service whose policy gates only
 * production is not handed to the default for staging: its team chose to leave staging open.
 * Freeze windows of every policy that gates the environment apply. An override is granted only when
 * every policy that had a say grants it (the strictest wins): a rollback when they allow rollbacks,
 * a hotfix when they allow hotfixes and the request gives a reason, an approval when a rule asked
 * for one and the request names who approved.
 */
public final class Gate {

  /** The name reasons and {@link GateDecision#policies()} give the incident deploy freeze. */
  public static final String INCIDENTS = "incidents";

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
    Judges judges = judges(request, policies, budgets);
    List<ErrorBudgetPolicy> gating = judges.gating();
    List<String> names = new ArrayList<>();
    if (!freezing.isEmpty()) names.add(INCIDENTS);
    gating.forEach(p -> names.add(p.name()));
    if (gating.isEmpty() && freezing.isEmpty()) {
      return new GateDecision.Allow(names, "no policy gates deploys of " + request.service()
          + request.environment().map(e -> " to " + e).orElse("")
          + (judges.nameless() && policies.stream().noneMatch(p -> p.scope() instanceof ErrorBudgetPolicy.Scope.AnyService)
              ? ": no policy names it, and the default policy is off" : ""));
    }

    List<Reason> reasons = new ArrayList<>();
    for (IncidentFreeze f : freezing) {
      reasons.add(new Reason(INCIDENTS, "incident-freeze", BudgetRule.Action.BLOCK, Optional.empty(),
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
      Optional<ErrorBudgetPolicy> policy = judges.policyFor(budget.slo());
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
    if (worst == null) {
      String judged = gating.stream().map(ErrorBudgetPolicy::name).collect(Collectors.joining(", "));
      return new GateDecision.Allow(names, budgets.isEmpty()
          ? "no SLO: " + request.service() + " has no SLO, so there is no error budget to judge"
          : "no rule of " + (gating.size() == 1 ? "policy " : "policies ") + judged + " applies to the error budgets of "
              + request.service());
    }

    boolean holds = worst != BudgetRule.Action.WARN;
    if (holds && request.rollback()) {
      if (used.stream().allMatch(ErrorBudgetPolicy::allowRollbacks)) {
        return new GateDecision.AllowWithWarning(reasons, false, Optional.of(new GateOverride(
            GateOverride.Kind.ROLLBACK, request.reason().orElse("rollback"), request.actor())), names);
      }
    }
    if (holds && request.hotfix()) {
      if (used.stream().allMatch(ErrorBudgetPolicy::allowHotfixes)) {
        if (request.reason().isPresent()) {
          return new GateDecision.AllowWithWarning(reasons, false, Optional.of(new GateOverride(
              GateOverride.Kind.HOTFIX, request.reason().get(), request.actor())), names);
        }
        if (worst == BudgetRule.Action.BLOCK) {
          List<Reason> more = new ArrayList<>(reasons);
          more.add(new Reason(used.isEmpty() ? INCIDENTS : used.getFirst().name(), "hotfix", BudgetRule.Action.BLOCK,
              Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
              "a hotfix may override this policy only with a reason; pass one (reason=...)"));
          return new GateDecision.Block(more, names);
        }
      }
    }
    return switch (worst) {
      case BLOCK -> new GateDecision.Block(reasons, names);
      case REQUIRE_APPROVAL -> request.approvedBy()
          .<GateDecision>map(by -> new GateDecision.AllowWithWarning(reasons, false, Optional.of(new GateOverride(
              GateOverride.Kind.APPROVAL, request.reason().orElse("approved"), Optional.of(by))), names))
          .orElseGet(() -> new GateDecision.AllowWithWarning(reasons, true, Optional.empty(), names));
      case WARN -> new GateDecision.AllowWithWarning(reasons, false, Optional.empty(), names);
    };
  }

  /**
   * The policies that gate a request, in the order given, and which of them judges each SLO.
   *
   * @param fallback the default policy, when it gates the request; it judges the SLOs no policy names
   * @param named the SLOs a policy of their own names, in any environment
   * @param nameless whether no policy names the service or any of its SLOs
   */
  private record Judges(List<ErrorBudgetPolicy> gating, Optional<ErrorBudgetPolicy> fallback, Set<SloName> named,
      boolean nameless) {

    Optional<ErrorBudgetPolicy> policyFor(SloName slo) {
      Optional<ErrorBudgetPolicy> own = gating.stream()
          .filter(p -> p.scope() instanceof ErrorBudgetPolicy.Scope.ForSlo s && s.slo().equals(slo))
          .findFirst();
      if (own.isPresent()) return own;
      Optional<ErrorBudgetPolicy> service = gating.stream()
          .filter(p -> p.scope() instanceof ErrorBudgetPolicy.Scope.ForService).findFirst();
      if (service.isPresent()) return service;
      return fallback.filter(p -> !named.contains(slo));
    }
  }

  private static Judges judges(GateRequest request, List<ErrorBudgetPolicy> policies, List<SloBudget> budgets) {
    Set<SloName> named = new HashSet<>();
    boolean serviceNamed = false;
    for (ErrorBudgetPolicy p : policies) {
      switch (p.scope()) {
        case ErrorBudgetPolicy.Scope.ForService s -> serviceNamed |= s.service().equals(request.service());
        case ErrorBudgetPolicy.Scope.ForSlo s -> named.add(s.slo());
        case ErrorBudgetPolicy.Scope.AnyService a -> { }
      }
    }
    List<ErrorBudgetPolicy> gating = new ArrayList<>(policies.stream()
        .filter(p -> p.gates(request.environment()))
        .filter(p -> switch (p.scope()) {
          case ErrorBudgetPolicy.Scope.ForService s -> s.service().equals(request.service());
          case ErrorBudgetPolicy.Scope.ForSlo s -> budgets.stream().anyMatch(b -> b.slo().equals(s.slo()));
          case ErrorBudgetPolicy.Scope.AnyService a -> false;
        })
        .toList());
    Optional<ErrorBudgetPolicy> fallback = Optional.empty();
    // The default steps in for a service no policy names: for all its SLOs but those with a policy of
    // their own, and, when it has no SLO at all, to say so.
    if (!serviceNamed && (budgets.isEmpty() || budgets.stream().anyMatch(b -> !named.contains(b.slo())))) {
      fallback = policies.stream()
          .filter(p -> p.scope() instanceof ErrorBudgetPolicy.Scope.AnyService && p.gates(request.environment()))
          .findFirst();
      fallback.ifPresent(gating::add);
    }
    boolean nameless = !serviceNamed && budgets.stream().noneMatch(b -> named.contains(b.slo()));
    return new Judges(List.copyOf(gating), fallback, Set.copyOf(named), nameless);
  }

  /** 0.25 as "25 %", -0.031 as "-3.1 %". */
  static String percent(double share) {
    double p = share * 100;
    String text = Math.abs(p - Math.rint(p)) < 0.05 ? String.format(Locale.ROOT, "%.0f", p)
        : String.format(Locale.ROOT, "%.1f", p);
    return text + " %";
  }
}

package dev.governor.delivery.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.delivery.gate.BudgetRule.Action;
import dev.governor.delivery.gate.GateDecision.GateOverride;
import dev.governor.slo.ServiceName;
import dev.governor.basics.SloName;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The gate's decisions as a table: each row a sentence, a situation and the answer it must give. */
class GateTest {

  static final ServiceName CHECKOUT = ServiceName.of("checkout");
  static final SloName AVAILABILITY = SloName.of("checkout-availability");
  static final SloName LATENCY = SloName.of("checkout-latency");
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  /** A Wednesday. */
  static final Instant WEDNESDAY = Instant.parse("2026-03-04T10:00:00Z");
  /** Saturday 00:30 in Berlin, still Friday in UTC. */
  static final Instant SATURDAY_IN_BERLIN = Instant.parse("2026-03-06T23:30:00Z");

  static final ErrorBudgetPolicy STANDARD = new ErrorBudgetPolicy("checkout-policy",
      new ErrorBudgetPolicy.Scope.ForService(CHECKOUT), Set.of("production"),
      List.of(new BudgetRule("exhausted", 0, Action.BLOCK), new BudgetRule("low", 0.25, Action.REQUIRE_APPROVAL)),
      List.of(new FreezeWindow.Weekly("weekends", Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), BERLIN)),
      true, true);

  /** The default policy, as the server configures it out of the box. */
  static final ErrorBudgetPolicy DEFAULT = ErrorBudgetPolicy.defaultPolicy(Set.of());

  record Case(String sentence, List<ErrorBudgetPolicy> policies, List<SloBudget> budgets, Instant now,
      UnaryOperator<GateRequest> request, String verdict, Optional<GateOverride.Kind> override,
      boolean approvalRequired, List<String> rules) {
    @Override
    public String toString() {
      return sentence;
    }
  }

  static SloBudget budget(SloName slo, double remaining) {
    return new SloBudget(slo, CHECKOUT, "default", remaining, false);
  }

  static GateRequest production(GateRequest r) {
    return new GateRequest(r.service(), Optional.of("production"), Optional.of("v2"), r.hotfix(), r.rollback(),
        r.reason(), Optional.of("ci"), r.approvedBy());
  }

  static UnaryOperator<GateRequest> hotfix(String reason) {
    return r -> new GateRequest(r.service(), Optional.of("production"), r.version(), true, false,
        Optional.ofNullable(reason), Optional.of("alice"), Optional.empty());
  }

  static UnaryOperator<GateRequest> rollback() {
    return r -> new GateRequest(r.service(), Optional.of("production"), r.version(), false, true,
        Optional.of("v2 broke checkout"), Optional.of("ci"), Optional.empty());
  }

  static UnaryOperator<GateRequest> approvedBy(String who) {
    return r -> new GateRequest(r.service(), Optional.of("production"), r.version(), false, false,
        Optional.of("reviewed the risk"), Optional.of("ci"), Optional.of(who));
  }

  static Case row(String sentence, List<ErrorBudgetPolicy> policies, List<SloBudget> budgets, Instant now,
      UnaryOperator<GateRequest> request, String verdict, List<String> rules) {
    return new Case(sentence, policies, budgets, now, request, verdict, Optional.empty(), false, rules);
  }

  static Stream<Case> cases() {
    ErrorBudgetPolicy loosePerSlo = new ErrorBudgetPolicy("latency-policy",
        new ErrorBudgetPolicy.Scope.ForSlo(LATENCY), Set.of(),
        List.of(new BudgetRule("overspent-a-lot", -0.5, Action.BLOCK), new BudgetRule("overspent", 0, Action.WARN)),
        List.of(), true, false);
    ErrorBudgetPolicy strictNoOverrides = new ErrorBudgetPolicy("strict",
        new ErrorBudgetPolicy.Scope.ForService(CHECKOUT), Set.of(),
        List.of(new BudgetRule("exhausted", 0, Action.BLOCK)), List.of(), false, false);
    ErrorBudgetPolicy releaseFreeze = new ErrorBudgetPolicy("year-end",
        new ErrorBudgetPolicy.Scope.ForService(CHECKOUT), Set.of(), List.of(),
        List.of(new FreezeWindow.Range("year-end", LocalDateTime.parse("2026-03-01T00:00"),
            LocalDateTime.parse("2026-03-05T00:00"), BERLIN)), true, true);
    return Stream.of(
        row("a service with budget left everywhere is allowed",
            List.of(STANDARD), List.of(budget(AVAILABILITY, 0.8), budget(LATENCY, 0.3)), WEDNESDAY,
            GateTest::production, "allow", List.of()),
        row("a service without any policy is allowed whatever its budget",
            List.of(), List.of(budget(AVAILABILITY, -3)), WEDNESDAY, GateTest::production, "allow", List.of()),
        row("an SLO that has spent its whole budget blocks the deploy",
            List.of(STANDARD), List.of(budget(AVAILABILITY, 0.8), budget(LATENCY, -0.01)), WEDNESDAY,
            GateTest::production, "block", List.of("exhausted", "low")),
        new Case("an SLO below a quarter of its budget asks for an approval but lets the deploy go with a warning",
            List.of(STANDARD), List.of(budget(AVAILABILITY, 0.2)), WEDNESDAY, GateTest::production, "warn",
            Optional.empty(), true, List.of("low")),
        new Case("an approval, with who approved, satisfies the approval rule and is recorded as an override",
            List.of(STANDARD), List.of(budget(AVAILABILITY, 0.2)), WEDNESDAY, approvedBy("bob"), "warn",
            Optional.of(GateOverride.Kind.APPROVAL), false, List.of("low")),
        new Case("an approval does not lift a block",
            List.of(STANDARD), List.of(budget(AVAILABILITY, -0.2)), WEDNESDAY, approvedBy("bob"), "block",
            Optional.empty(), false, List.of("exhausted", "low")),
        row("a deploy on a Saturday in the policy's time zone is frozen, though it is still Friday in UTC",
            List.of(STANDARD), List.of(budget(AVAILABILITY, 1)), SATURDAY_IN_BERLIN, GateTest::production,
            "block", List.of("freeze")),
        row("a release freeze given as a date range blocks inside it",
            List.of(releaseFreeze), List.of(budget(AVAILABILITY, 1)), WEDNESDAY, GateTest::production,
            "block", List.of("freeze")),
        row("a release freeze given as a date range lets deploys through after its end",
            List.of(releaseFreeze), List.of(budget(AVAILABILITY, 1)), Instant.parse("2026-03-05T00:00:00Z"),
            GateTest::production, "allow", List.of()),
        new Case("a rollback goes out over an exhausted budget and is recorded as an override",
            List.of(STANDARD), List.of(budget(AVAILABILITY, -1)), WEDNESDAY, rollback(), "warn",
            Optional.of(GateOverride.Kind.ROLLBACK), false, List.of("exhausted", "low")),
        new Case("a rollback goes out during a freeze",
            List.of(STANDARD), List.of(budget(AVAILABILITY, 1)), SATURDAY_IN_BERLIN, rollback(), "warn",
            Optional.of(GateOverride.Kind.ROLLBACK), false, List.of("freeze")),
        new Case("a hotfix with a reason goes out over an exhausted budget",
            List.of(STANDARD), List.of(budget(AVAILABILITY, -1)), WEDNESDAY, hotfix("fixes the 500s"), "warn",
            Optional.of(GateOverride.Kind.HOTFIX), false, List.of("exhausted", "low")),
        row("a hotfix without a reason is blocked, and told to give one",
            List.of(STANDARD), List.of(budget(AVAILABILITY, -1)), WEDNESDAY, hotfix(null), "block",
            List.of("exhausted", "low", "hotfix")),
        row("a policy that grants no overrides blocks hotfixes and rollbacks alike",
            List.of(strictNoOverrides), List.of(budget(AVAILABILITY, -1)), WEDNESDAY, rollback(), "block",
            List.of("exhausted")),
        row("a policy for one SLO replaces the service's policy for that SLO",
            List.of(STANDARD, loosePerSlo), List.of(budget(AVAILABILITY, 0.9), budget(LATENCY, -0.2)), WEDNESDAY,
            GateTest::production, "warn", List.of("overspent")),
        row("a policy for one SLO still blocks past its own limit",
            List.of(STANDARD, loosePerSlo), List.of(budget(LATENCY, -0.6)), WEDNESDAY,
            GateTest::production, "block", List.of("overspent-a-lot", "overspent")),
        row("a policy limited to production does not gate staging",
            List.of(STANDARD), List.of(budget(AVAILABILITY, -1)), WEDNESDAY,
            r -> new GateRequest(r.service(), Optional.of("staging"), r.version(), false, false,
                Optional.empty(), Optional.empty(), Optional.empty()), "allow", List.of()),
        row("a check without an environment is judged by every policy of the service",
            List.of(STANDARD), List.of(budget(AVAILABILITY, -1)), WEDNESDAY, r -> r, "block",
            List.of("exhausted", "low")),
        row("the default policy blocks a service no policy names once an SLO has spent its whole budget",
            List.of(DEFAULT), List.of(budget(AVAILABILITY, 0.5), budget(LATENCY, -0.01)), WEDNESDAY,
            GateTest::production, "block", List.of("budget-exhausted")),
        row("the default policy lets a service with budget left go",
            List.of(DEFAULT), List.of(budget(AVAILABILITY, 0.01)), WEDNESDAY, GateTest::production, "allow",
            List.of()),
        new Case("the default policy lets a rollback go out over an exhausted budget",
            List.of(DEFAULT), List.of(budget(AVAILABILITY, -1)), WEDNESDAY, rollback(), "warn",
            Optional.of(GateOverride.Kind.ROLLBACK), false, List.of("budget-exhausted")),
        new Case("the default policy lets a hotfix with a reason go out over an exhausted budget",
            List.of(DEFAULT), List.of(budget(AVAILABILITY, -1)), WEDNESDAY, hotfix("fixes the 500s"), "warn",
            Optional.of(GateOverride.Kind.HOTFIX), false, List.of("budget-exhausted")),
        row("the default policy blocks a hotfix without a reason, and says to give one",
            List.of(DEFAULT), List.of(budget(AVAILABILITY, -1)), WEDNESDAY, hotfix(null), "block",
            List.of("budget-exhausted", "hotfix")),
        row("a policy of the service replaces the default, even in an environment it leaves open",
            List.of(DEFAULT, STANDARD), List.of(budget(AVAILABILITY, -1)), WEDNESDAY,
            r -> new GateRequest(r.service(), Optional.of("staging"), r.version(), false, false,
                Optional.empty(), Optional.empty(), Optional.empty()), "allow", List.of()),
        row("a policy for one SLO replaces the default for that SLO only",
            List.of(DEFAULT, loosePerSlo), List.of(budget(AVAILABILITY, -0.1), budget(LATENCY, -0.2)), WEDNESDAY,
            GateTest::production, "block", List.of("budget-exhausted", "overspent")),
        row("a default policy limited to production does not gate staging",
            List.of(ErrorBudgetPolicy.defaultPolicy(Set.of("production"))), List.of(budget(AVAILABILITY, -1)),
            WEDNESDAY, r -> new GateRequest(r.service(), Optional.of("staging"), r.version(), false, false,
                Optional.empty(), Optional.empty(), Optional.empty()), "allow", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(Case c) {
    GateDecision decision = Gate.decide(c.request().apply(GateRequest.of(CHECKOUT)), c.policies(), c.budgets(), c.now());

    assertThat(decision.verdict()).isEqualTo(c.verdict());
    assertThat(decision.reasons()).extracting(GateDecision.Reason::rule).containsExactlyElementsOf(c.rules());
    assertThat(decision.override().map(GateOverride::kind)).isEqualTo(c.override());
    boolean approvalRequired = decision instanceof GateDecision.AllowWithWarning w && w.approvalRequired();
    assertThat(approvalRequired).isEqualTo(c.approvalRequired());
  }

  @org.junit.jupiter.api.Test
  void every_answer_names_the_policies_that_judged_it_the_default_included() {
    GateRequest request = production(GateRequest.of(CHECKOUT));
    ErrorBudgetPolicy latency = new ErrorBudgetPolicy("latency-policy", new ErrorBudgetPolicy.Scope.ForSlo(LATENCY),
        Set.of(), List.of(new BudgetRule("overspent", 0, Action.WARN)), List.of(), true, true);

    GateDecision byDefault = Gate.decide(request, List.of(DEFAULT), List.of(budget(AVAILABILITY, -1)), WEDNESDAY);
    GateDecision byItsPolicy = Gate.decide(request, List.of(DEFAULT, STANDARD), List.of(budget(AVAILABILITY, 0.9)),
        WEDNESDAY);
    GateDecision byBoth = Gate.decide(request, List.of(DEFAULT, latency),
        List.of(budget(AVAILABILITY, 0.9), budget(LATENCY, -1)), WEDNESDAY);
    GateDecision byNone = Gate.decide(request, List.of(), List.of(budget(AVAILABILITY, -1)), WEDNESDAY);

    assertThat(byDefault.policies()).containsExactly("default");
    assertThat(byDefault.reasons()).extracting(GateDecision.Reason::policy).containsExactly("default");
    assertThat(byItsPolicy.policies()).containsExactly("checkout-policy");
    assertThat(((GateDecision.Allow) byItsPolicy).why())
        .isEqualTo("no rule of policy checkout-policy applies to the error budgets of checkout");
    assertThat(byBoth.policies()).containsExactly("latency-policy", "default");
    assertThat(byBoth.reasons()).extracting(GateDecision.Reason::policy).containsExactly("latency-policy");
    assertThat(byNone.policies()).isEmpty();
    assertThat(((GateDecision.Allow) byNone).why())
        .isEqualTo("no policy gates deploys of checkout to production: no policy names it, and the default policy is off");
  }

  @org.junit.jupiter.api.Test
  void a_service_without_an_slo_is_allowed_by_the_default_which_says_it_has_no_slo() {
    GateDecision decision = Gate.decide(production(GateRequest.of(CHECKOUT)), List.of(DEFAULT), List.of(), WEDNESDAY);

    assertThat(decision.verdict()).isEqualTo("allow");
    assertThat(decision.policies()).containsExactly("default");
    assertThat(((GateDecision.Allow) decision).why())
        .isEqualTo("no SLO: checkout has no SLO, so there is no error budget to judge");
  }

  @org.junit.jupiter.api.Test
  void a_budget_reason_names_the_slo_the_budget_left_and_the_rule() {
    GateDecision decision = Gate.decide(production(GateRequest.of(CHECKOUT)), List.of(STANDARD),
        List.of(budget(LATENCY, -0.031)), WEDNESDAY);

    GateDecision.Reason first = decision.reasons().getFirst();
    assertThat(first.slo()).contains("checkout-latency");
    assertThat(first.budgetRemaining()).contains(-0.031);
    assertThat(first.message()).isEqualTo(
        "SLO checkout-latency (objective default) has -3.1 % of its error budget left, below 0 %: block");
  }
}

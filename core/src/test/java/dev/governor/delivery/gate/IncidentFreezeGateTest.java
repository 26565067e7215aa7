package dev.governor.delivery.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.delivery.gate.BudgetRule.Action;
import dev.governor.delivery.gate.GateDecision.GateOverride;
import dev.governor.slo.ServiceName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Open critical incidents freeze the deploys of their service; the fix may still ship. */
class IncidentFreezeGateTest {

  static final ServiceName CHECKOUT = ServiceName.of("checkout");
  static final Instant NOW = Instant.parse("2026-03-04T10:00:00Z");
  static final IncidentFreeze INCIDENT_12 = new IncidentFreeze(12, CHECKOUT, "critical");

  static GateRequest request(boolean hotfix, boolean rollback, String reason) {
    return new GateRequest(CHECKOUT, Optional.of("production"), Optional.of("v2"), hotfix, rollback,
        Optional.ofNullable(reason), Optional.of("ci"), Optional.empty());
  }

  static ErrorBudgetPolicy policy(boolean hotfixes, boolean rollbacks) {
    return new ErrorBudgetPolicy("checkout-policy", new ErrorBudgetPolicy.Scope.ForService(CHECKOUT),
        Set.of("production"), List.of(new BudgetRule("exhausted", 0, Action.BLOCK)), List.of(), rollbacks, hotfixes);
  }

  @Test
  void anOpenIncidentOnTheService_blocksADeploy_evenWithoutAPolicy_withAReasonThatNamesIt() {
    GateDecision d = Gate.decide(request(false, false, null), List.of(), List.of(), List.of(INCIDENT_12), NOW);
    assertThat(d).isInstanceOf(GateDecision.Block.class);
    assertThat(d.reasons()).extracting(GateDecision.Reason::message)
        .containsExactly("incident #12 is open on checkout (critical): deploys are frozen until it resolves");
    assertThat(d.reasons().getFirst().rule()).isEqualTo("incident-freeze");
  }

  @Test
  void anIncidentOnAnotherService_changesNothing() {
    IncidentFreeze payments = new IncidentFreeze(13, ServiceName.of("payments"), "critical");
    assertThat(Gate.decide(request(false, false, null), List.of(), List.of(), List.of(payments), NOW))
        .isInstanceOf(GateDecision.Allow.class);
  }

  @Test
  void aHotfixWithAReason_andARollback_stillGoOut_whenNoPolicyForbidsThem() {
    GateDecision hotfix = Gate.decide(request(true, false, "fixes #12"), List.of(), List.of(), List.of(INCIDENT_12), NOW);
    assertThat(hotfix).isInstanceOf(GateDecision.AllowWithWarning.class);
    assertThat(hotfix.override()).map(GateOverride::kind).contains(GateOverride.Kind.HOTFIX);
    assertThat(Gate.decide(request(false, true, null), List.of(), List.of(), List.of(INCIDENT_12), NOW).override())
        .map(GateOverride::kind).contains(GateOverride.Kind.ROLLBACK);
    assertThat(Gate.decide(request(true, false, null), List.of(), List.of(), List.of(INCIDENT_12), NOW))
        .as("a hotfix without a reason").isInstanceOf(GateDecision.Block.class);
  }

  @Test
  void underTheDefaultPolicy_anIncidentStillFreezesAServiceWithoutAnSlo_andTheFixStillShips() {
    List<ErrorBudgetPolicy> defaults = List.of(ErrorBudgetPolicy.defaultPolicy(Set.of()));

    GateDecision frozen = Gate.decide(request(false, false, null), defaults, List.of(), List.of(INCIDENT_12), NOW);
    GateDecision hotfix = Gate.decide(request(true, false, "fixes #12"), defaults, List.of(), List.of(INCIDENT_12), NOW);
    GateDecision rollback = Gate.decide(request(false, true, null), defaults, List.of(), List.of(INCIDENT_12), NOW);

    assertThat(frozen).isInstanceOf(GateDecision.Block.class);
    assertThat(frozen.policies()).containsExactly("incidents", "default");
    assertThat(frozen.reasons()).extracting(GateDecision.Reason::rule).containsExactly("incident-freeze");
    assertThat(hotfix.override()).map(GateOverride::kind).contains(GateOverride.Kind.HOTFIX);
    assertThat(rollback.override()).map(GateOverride::kind).contains(GateOverride.Kind.ROLLBACK);
  }

  @Test
  void aPolicyThatAllowsNoHotfixes_keepsTheFreezeForHotfixes_butItsRollbacksGoOut() {
    List<ErrorBudgetPolicy> strict = List.of(policy(false, true));
    assertThat(Gate.decide(request(true, false, "fixes #12"), strict, List.of(), List.of(INCIDENT_12), NOW))
        .isInstanceOf(GateDecision.Block.class);
    assertThat(Gate.decide(request(false, true, null), strict, List.of(), List.of(INCIDENT_12), NOW))
        .isInstanceOf(GateDecision.AllowWithWarning.class);
  }
}

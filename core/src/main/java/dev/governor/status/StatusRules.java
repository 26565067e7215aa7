package dev.governor.status;

import dev.governor.incident.AlertSeverity;
import dev.governor.probe.ProbeOutcome;
import java.util.List;
import java.util.Optional;

/**
 * How a component's state follows from what Governor knows, worst first. A manual override wins
 * over everything; scheduled maintenance in progress comes next (the outage is planned); then:
 *
 * <ul>
 *   <li><b>major outage</b>: every probe of the component fails, or a public update declares it;
 *   <li><b>partial outage</b>: some of its probes fail, a page alert fires on one of its SLOs, or a
 *       critical incident is open on its service;
 *   <li><b>degraded</b>: a probe passes slowly (or a certificate expires soon), a ticket alert fires,
 *       an SLO's budget is spent, or any other incident is open on its service;
 *   <li>otherwise <b>operational</b>.
 * </ul>
 *
 * A public incident update that names the component with an impact raises it to at least that.
 */
public final class StatusRules {

  private StatusRules() {}

  /** What is known about one component now. */
  public record Facts(
      List<ProbeOutcome> probes,
      boolean pageAlertFiring,
      boolean ticketAlertFiring,
      boolean budgetSpent,
      List<AlertSeverity> openIncidents,
      Optional<ComponentState> declaredImpact,
      boolean inMaintenance,
      Optional<ComponentState> override) {
    public Facts {
      probes = List.copyOf(probes);
      openIncidents = List.copyOf(openIncidents);
    }
  }

  public static ComponentState state(Facts facts) {
    if (facts.override().isPresent()) return facts.override().get();
    if (facts.inMaintenance()) return ComponentState.UNDER_MAINTENANCE;
    ComponentState state = ComponentState.OPERATIONAL;
    long down = facts.probes().stream().filter(o -> o == ProbeOutcome.DOWN).count();
    if (down > 0) state = state.worse(down == facts.probes().size() ? ComponentState.MAJOR_OUTAGE : ComponentState.PARTIAL_OUTAGE);
    if (facts.probes().contains(ProbeOutcome.DEGRADED)) state = state.worse(ComponentState.DEGRADED);
    if (facts.pageAlertFiring()) state = state.worse(ComponentState.PARTIAL_OUTAGE);
    if (facts.ticketAlertFiring() || facts.budgetSpent()) state = state.worse(ComponentState.DEGRADED);
    for (AlertSeverity severity : facts.openIncidents()) {
      state = state.worse(severity == AlertSeverity.CRITICAL ? ComponentState.PARTIAL_OUTAGE : ComponentState.DEGRADED);
    }
    if (facts.declaredImpact().isPresent()) state = state.worse(facts.declaredImpact().get());
    return state;
  }
}

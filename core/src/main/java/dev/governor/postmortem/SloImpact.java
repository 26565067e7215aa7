package dev.governor.postmortem;

import dev.governor.basics.EventCounts;
import dev.governor.slo.Ratio;

/**
 * What an incident cost one SLO objective: the events that failed while it was open, and how much
 * of the objective's error budget they were.
 *
 * <p>The budget of a window is the number of failures it may hold: (1 - target) x the window's
 * events. So an incident that failed 500 requests against a 99.9 % objective whose 30-day window
 * saw 2,000,000 requests spent 500 / 2,000 = 25 % of the budget.
 *
 * @param duringIncident the objective's good and total events from the incident's start to its end
 * @param window the events of the objective's whole window, as of the incident's end
 * @param remainingNow the budget left as the draft is written (below 0 when overspent)
 */
public record SloImpact(
    String slo, String objective, Ratio target, EventCounts duringIncident, EventCounts window,
    double remainingNow) {

  public SloImpact {
    if (slo == null || slo.isBlank()) throw new IllegalArgumentException("an SLO impact needs the SLO's name");
    if (target.isOne()) throw new IllegalArgumentException("a target of 100 % has no error budget: " + slo);
  }

  /** The failures during the incident. */
  public long badEvents() {
    return duringIncident.total() - duringIncident.good();
  }

  /**
   * The share of the window's error budget the incident spent: 0 when the window saw no events
   * (no events, no budget to spend, and none spent).
   */
  public double budgetConsumed() {
    double allowed = target.complement().toDouble() * window.total();
    return allowed == 0 ? 0 : badEvents() / allowed;
  }
}

package dev.governor.slo;

import dev.governor.basics.EventCounts;
import dev.governor.basics.Threshold;
import dev.governor.basics.TimeRange;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One objective of an SLO evaluated at one instant.
 *
 * @param counts good and total events over the window; for timeslice budgeting, slices: good are
 *     those that met the slice target (Timeslices) or had no bad event at all (RatioTimeslices)
 * @param goodUnits what attainment is the share of, over {@code counts.total()}: good events, good
 *     slices, or for RatioTimeslices the sum of the slices' good/total ratios (each exact to 10^-9)
 * @param attainment good/total, 1 when there was no data (see {@code noData})
 * @param burnRates over 5m, 30m, 1h, 2h, 6h, 1d, 3d and the whole window, shortest first
 * @param budgetExhaustedAt when the remaining budget runs out at the 1h burn rate; empty when it
 *     does not burn or the budget is already gone
 */
public record ObjectiveStatus(
    String objective,
    Ratio target,
    Optional<Threshold> threshold,
    TimeRange window,
    EventCounts counts,
    BigDecimal goodUnits,
    double attainment,
    boolean noData,
    ErrorBudget budget,
    List<BurnRate> burnRates,
    Optional<Instant> budgetExhaustedAt) {

  public ObjectiveStatus {
    burnRates = List.copyOf(burnRates);
  }

  public Optional<BurnRate> burnRate(java.time.Duration window) {
    return burnRates.stream().filter(b -> b.window().equals(window)).findFirst();
  }
}

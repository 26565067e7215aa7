package dev.governor.slo;

import dev.governor.basics.EventCounts;
import dev.governor.basics.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An SLO's history in steps, for charts: per objective, what the SLI did in each step and how much
 * error budget was left at the end of it.
 *
 * @param range the steps cover [start, end); {@code end} is the end of the last step
 * @param step the length of each step, whole minutes
 * @param excluded the parts of the range that budget adjustments leave out, oldest first: charts shade them
 */
public record SloTimeseries(Slo slo, TimeRange range, Duration step, List<ObjectiveSeries> objectives,
    List<TimeRange> excluded) {

  public SloTimeseries {
    objectives = List.copyOf(objectives);
    excluded = List.copyOf(excluded);
  }

  /** One objective's points, oldest first. */
  public record ObjectiveSeries(String objective, Ratio target, List<Point> points) {
    public ObjectiveSeries {
      points = List.copyOf(points);
    }
  }

  /**
   * The step that ends at {@code end}.
   *
   * @param counts the units (events for Occurrences, slices otherwise) that started in the step
   * @param goodUnits the good units among them, as {@link ObjectiveStatus#goodUnits()} counts them
   * @param attainment of those units; NaN when the step had none (no data is not 100 %)
   * @param budgetRemaining the share of the error budget left at {@code end}, as the status at that
   *     instant reports it (below 0 once overspent)
   * @param idealBudgetRemaining what would be left had the budget burned at exactly 1x: for a
   *     calendar window a straight line from 1 at the period's start to 0 at its end; for a rolling
   *     window the same line over the window that ends at the series' last point, NaN before it
   */
  public record Point(
      Instant end, EventCounts counts, java.math.BigDecimal goodUnits, double attainment, double budgetRemaining, double idealBudgetRemaining) {}
}

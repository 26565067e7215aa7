package dev.governor.report;

import dev.governor.basics.SloName;
import dev.governor.basics.TimeRange;
import dev.governor.slo.BudgetingMethod;
import dev.governor.slo.Ratio;
import dev.governor.slo.ServiceName;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The compliance of SLO objectives over one calendar period: per objective, and rolled up per
 * service and per team. docs/reports.md says what each number means.
 *
 * @param complete whether the period had ended when the report was made; an open period reports
 *     what has happened so far
 * @param kept where the kept history started when the report was made
 */
public record SloReport(ReportPeriod period, Instant generatedAt, boolean complete, ReportCounts.Kept kept,
    List<ObjectiveReport> objectives, List<Rollup> services, List<Rollup> teams) {

  public SloReport {
    objectives = List.copyOf(objectives);
    services = List.copyOf(services);
    teams = List.copyOf(teams);
  }

  /** The team a service counts under when no team owns it. */
  public static final String NO_TEAM = "(no team)";

  /** Whether an objective reached its target over the period. */
  public enum Outcome {
    MET, MISSED, NO_DATA;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** What is known about one day of an objective. */
  public enum DayState {
    /** Events (or slices) were counted. */
    DATA,
    /** The history is kept, and nothing happened: attainment 1, as everywhere in Governor. */
    NO_DATA,
    /** The history of that day is gone, or too coarse for this objective: left out of every sum. */
    NOT_KEPT,
    /** The day has not begun yet. */
    NOT_YET;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * Units counted: events for Occurrences, slices with data for the timeslice methods.
   *
   * @param good good events, good slices, or the sum of the slices' good/total ratios
   * @param units total events, or slices with data
   * @param events the events behind them
   */
  public record Units(double good, long units, long events) {
    public static final Units NONE = new Units(0, 0, 0);

    public Units {
      if (units < 0 || events < 0 || good < 0 || good > units + 1e-9) {
        throw new IllegalArgumentException("units need 0 <= good <= units and events >= 0, got good=" + good
            + " units=" + units + " events=" + events);
      }
    }

    public Units plus(Units other) {
      return new Units(good + other.good, Math.addExact(units, other.units), Math.addExact(events, other.events));
    }

    /** good / units; 1 when nothing was counted. */
    public double attainment() {
      return units == 0 ? 1 : good / units;
    }

    public double bad() {
      return units - good;
    }
  }

  /** One local day of one objective. {@code attainment} is 1 for every state but DATA. */
  public record Day(LocalDate date, TimeRange range, DayState state, Units units, double attainment) {}

  /** An earlier period's attainment, for the trend. */
  public record TrendPoint(String period, Units units, double attainment, boolean hasData, int notKeptDays) {}

  /** An incident that touched the objective's SLO or its service during the period. */
  public record IncidentRef(long id, String title, String severity, String state, Instant openedAt,
      Optional<Instant> resolvedAt) {}

  /** A deployment live during the period and the share of the period's error budget it spent. */
  public record DeploymentBurn(String id, String version, String environment, Instant liveFrom, Instant liveUntil,
      double budgetShare, double burnRateBefore, double burnRateAfter) {}

  /**
   * One objective over the period.
   *
   * @param attainment good units over units over the kept days; 1 without data
   * @param budgetSpent the share of the period's error budget spent: (1 - attainment) / (1 - target)
   *     for Occurrences, bad slice time over (1 - target) of the period's minutes for the timeslice methods
   * @param worstDay the day with data of the lowest attainment, the earliest of equals
   * @param trend the three periods before, oldest first
   * @param change attainment minus that of the period before, when both have data
   * @param slaMargin for SLA objectives with data: attainment minus target (negative: missed by that much)
   */
  public record ObjectiveReport(SloName slo, String sloDisplayName, ServiceName service, String team,
      String objective, String displayName, Ratio target, BudgetingMethod method, Optional<Duration> sliceLength,
      boolean sla, Units units, double attainment, double budgetSpent, Outcome outcome, List<Day> days,
      Optional<Day> worstDay, int noDataDays, int notKeptDays, List<TrendPoint> trend, Optional<Double> change,
      Optional<Double> slaMargin, List<IncidentRef> incidents, List<DeploymentBurn> deployments) {

    public ObjectiveReport {
      days = List.copyOf(days);
      trend = List.copyOf(trend);
      incidents = List.copyOf(incidents);
      deployments = List.copyOf(deployments);
    }
  }

  /**
   * A service's or a team's objectives together.
   *
   * @param worst the objective with the lowest attainment among those with data
   */
  public record Rollup(String name, int objectives, int met, int missed, int noData, int slaObjectives,
      int slaMissed, Optional<Worst> worst) {}

  /** Which objective did worst, and how. */
  public record Worst(SloName slo, String objective, double attainment, Ratio target) {}
}

package dev.governor.server.slo;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.governor.server.alerts.AlertView;
import dev.governor.server.http.Json;
import dev.governor.slo.BudgetingMethod;
import dev.governor.slo.BurnRate;
import dev.governor.slo.ErrorBudget;
import dev.governor.slo.Objective;
import dev.governor.slo.ObjectiveStatus;
import dev.governor.slo.Slo;
import dev.governor.slo.SloStatus;
import dev.governor.slo.SloTimeseries;
import dev.governor.slo.SloWindow;
import dev.governor.basics.Threshold;
import dev.governor.text.Durations;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON shapes of SLOs and their status. Targets and thresholds are exact decimal strings
 * ("0.999"), never binary floating point; measured values (attainment, burn rates) are numbers;
 * times are RFC 3339 in UTC. Kept apart from the domain records so the API can stay stable while
 * the model changes.
 *
 * <p>{@code good} is a number of which attainment is the share over {@code total}: good events,
 * good slices, or for RatioTimeslices the exact sum of the slices' good/total ratios (a slice with
 * 999 good events of 1000 adds 0.999), so it may have a fraction there. The count of perfect slices
 * would say 0 beside a total of thousands for a service at 99.99 %.
 */
final class SloViews {

  private SloViews() {}

  record SloList(List<SloView> slos) {}

  /** {@code source} is present only when one SLO is asked for. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SloView(
      String name,
      String displayName,
      String description,
      String service,
      String indicator,
      String window,
      String budgetingMethod,
      List<ObjectiveView> objectives,
      Map<String, String> labels,
      String source) {}

  record ObjectiveView(
      String name,
      String displayName,
      String target,
      ThresholdView threshold,
      String timeSliceTarget,
      String timeSliceWindow) {}

  record ThresholdView(String op, String value) {}

  record StatusList(List<StatusView> slos) {}

  /**
   * @param instanceOf for an instance of a grouped SLO: its group and label values; null otherwise
   * @param group for a grouped SLO: its groupBy labels and instances; null otherwise. Its objectives
   *     are every instance's events together; only the instances alert
   */
  record StatusView(String slo, String service, String at, List<ObjectiveStatusView> objectives, List<AlertView> alerts,
      InstanceOfView instanceOf, GroupView group) {}

  record InstanceOfView(String group, Map<String, String> labels) {}

  /**
   * @param worst the instances with the least budget left, at most five
   * @param refusedEvents events whose label values would have made an instance past the limit, since
   *     the server started: counted, never merged into another instance
   */
  record GroupView(List<String> groupBy, int instances, int instanceLimit, long refusedEvents,
      List<Map<String, String>> refusedLabels, List<InstanceRow> worst) {}

  /** One instance in a group's list. */
  record InstanceRow(String slo, Map<String, String> labels, Double attainment, Double budgetRemaining, int firing) {
    static InstanceRow of(SloStatus s) {
      double attainment = s.objectives().stream().mapToDouble(o -> o.attainment()).min().orElse(1);
      double remaining = s.objectives().stream().mapToDouble(o -> o.budget().remaining()).min().orElse(1);
      return new InstanceRow(s.slo().name().value(), s.slo().instance().map(i -> i.labels()).orElse(Map.of()),
          Json.finite(attainment), Json.finite(remaining), s.firingAlerts().size());
    }
  }

  record ObjectiveStatusView(
      String name,
      String target,
      ThresholdView threshold,
      WindowView window,
      BigDecimal good,
      long total,
      Double attainment,
      boolean noData,
      BudgetView errorBudget,
      List<BurnRateView> burnRates,
      String budgetExhaustedAt) {}

  record WindowView(String start, String end) {}

  record BudgetView(
      String allowed, Double consumed, Double remaining, String unit, Double total, Double spent, Double left) {}

  record BurnRateView(String window, Double rate, BigDecimal good, long total) {}

  /**
   * @param adjusted the stretches of the range that budget adjustments leave out, per adjustment
   *     occurrence (they may overlap), for charts to shade
   */
  record TimeseriesView(String slo, String from, String to, String step, List<ObjectiveSeriesView> objectives,
      List<AdjustedView> adjusted) {}

  /** One occurrence of an adjustment within a chart's range. */
  record AdjustedView(String adjustment, String reason, String from, String to) {}

  record ObjectiveSeriesView(String name, String target, List<PointView> points) {}

  /** {@code at} is the end of the step; attainment is null for a step without data. */
  record PointView(
      String at, BigDecimal good, long total, Double attainment, Double budgetRemaining, Double idealBudgetRemaining) {}

  static TimeseriesView timeseries(SloTimeseries t, dev.governor.slo.Exclusions exclusions) {
    List<AdjustedView> adjusted = new java.util.ArrayList<>();
    for (dev.governor.slo.Exclusions.Source source : exclusions.sources()) {
      if (!(source instanceof dev.governor.adjustment.BudgetAdjustment a)) continue;
      for (dev.governor.basics.TimeRange r : a.within(t.range().start(), t.range().end())) {
        java.time.Instant from = r.start().isBefore(t.range().start()) ? t.range().start() : r.start();
        java.time.Instant to = r.end().isAfter(t.range().end()) ? t.range().end() : r.end();
        adjusted.add(new AdjustedView(a.name(), a.reason(), from.toString(), to.toString()));
      }
    }
    adjusted.sort(java.util.Comparator.comparing(AdjustedView::from));
    return new TimeseriesView(
        t.slo().name().value(),
        t.range().start().toString(),
        t.range().end().toString(),
        Durations.format(t.step()),
        t.objectives().stream().map(o -> new ObjectiveSeriesView(
            o.objective(),
            o.target().toDecimalString(),
            o.points().stream().map(p -> new PointView(
                p.end().toString(),
                p.goodUnits(),
                p.counts().total(),
                Json.finite(p.attainment()),
                Json.finite(p.budgetRemaining()),
                Json.finite(p.idealBudgetRemaining()))).toList())).toList(),
        adjusted);
  }

  static SloView slo(Slo slo, String source) {
    return new SloView(
        slo.name().value(),
        slo.displayName(),
        slo.description(),
        slo.service().value(),
        slo.indicator().name().value(),
        windowText(slo.window()),
        budgetingMethod(slo.budgetingMethod()),
        slo.objectives().stream().map(SloViews::objective).toList(),
        slo.labels(),
        source);
  }

  static StatusView status(SloStatus status) {
    return status(status, null);
  }

  static StatusView status(SloStatus status, GroupView group) {
    return new StatusView(
        status.slo().name().value(),
        status.slo().service().value(),
        status.at().toString(),
        status.objectives().stream().map(SloViews::objectiveStatus).toList(),
        status.firingAlerts().stream().map(AlertView::of).toList(),
        status.slo().instance().map(i -> new InstanceOfView(i.group().value(), i.labels())).orElse(null),
        group);
  }

  /** What a grouped SLO's status says of its instances; null for an SLO that does not group. */
  static GroupView group(dev.governor.slo.Evaluator evaluator, dev.governor.slo.Slo slo) {
    if (!slo.isGrouped()) return null;
    var count = evaluator.instanceCount(slo.name()).orElse(null);
    if (count == null) return null;
    List<InstanceRow> worst = evaluator.instanceStatuses(slo.name()).stream().limit(5).map(InstanceRow::of).toList();
    return new GroupView(slo.groupBy(), count.count(), count.limit(), count.refusedEvents(), count.refusedSamples(), worst);
  }

  /** "28d rolling", "1 month calendar Europe/Berlin": what a person would write on a slide. */
  static String windowText(SloWindow window) {
    return switch (window) {
      case SloWindow.Rolling rolling -> Durations.format(rolling.length()) + " rolling";
      case SloWindow.Calendar calendar -> {
        String unit = calendar.unit().name().toLowerCase(Locale.ROOT) + (calendar.count() == 1 ? "" : "s");
        yield calendar.count() + " " + unit + " calendar " + calendar.zone().getId()
            + calendar.anchor().map(a -> " from " + a).orElse("");
      }
    };
  }

  /** OpenSLO's spelling. */
  static String budgetingMethod(BudgetingMethod method) {
    return switch (method) {
      case OCCURRENCES -> "Occurrences";
      case TIMESLICES -> "Timeslices";
      case RATIO_TIMESLICES -> "RatioTimeslices";
    };
  }

  private static ObjectiveView objective(Objective o) {
    return new ObjectiveView(
        o.name(),
        o.displayName(),
        o.target().toDecimalString(),
        o.threshold().map(SloViews::threshold).orElse(null),
        o.timeSliceTarget().map(t -> t.toDecimalString()).orElse(null),
        o.timeSliceWindow().map(Durations::format).orElse(null));
  }

  private static ThresholdView threshold(Threshold t) {
    return new ThresholdView(t.op().symbol(), t.value().toPlainString());
  }

  private static ObjectiveStatusView objectiveStatus(ObjectiveStatus s) {
    return new ObjectiveStatusView(
        s.objective(),
        s.target().toDecimalString(),
        s.threshold().map(SloViews::threshold).orElse(null),
        new WindowView(s.window().start().toString(), s.window().end().toString()),
        s.goodUnits(),
        s.counts().total(),
        Json.finite(s.attainment()),
        s.noData(),
        budget(s.budget()),
        s.burnRates().stream().map(SloViews::burnRate).toList(),
        s.budgetExhaustedAt().map(Object::toString).orElse(null));
  }

  private static BudgetView budget(ErrorBudget b) {
    return new BudgetView(
        b.allowed().toDecimalString(),
        Json.finite(b.consumed()),
        Json.finite(b.remaining()),
        b.unit().label(),
        Json.finite(b.total()),
        Json.finite(b.spent()),
        Json.finite(b.left()));
  }

  private static BurnRateView burnRate(BurnRate b) {
    return new BurnRateView(
        Durations.format(b.window()), Json.finite(b.rate()), b.goodUnits(), b.counts().total());
  }
}

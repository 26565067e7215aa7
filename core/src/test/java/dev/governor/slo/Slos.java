package dev.governor.slo;

import dev.governor.basics.Operator;
import dev.governor.basics.SliName;
import dev.governor.basics.SloName;
import dev.governor.basics.Threshold;
import dev.governor.alert.AlertPolicy;
import dev.governor.slo.SliMetric.RatioMetric;
import dev.governor.slo.SliMetric.ThresholdMetric;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SLOs for tests, built in code so each test shows what it depends on. */
final class Slos {
  private Slos() {}

  static final MetricSource PUSHED = new MetricSource(MetricSource.GOVERNOR, Optional.empty(), Map.of());

  static Sli ratioSli(String name) {
    return new Sli(SliName.of(name), name, "", new RatioMetric(false, Optional.of(PUSHED), Optional.empty(),
        Optional.of(PUSHED), Optional.empty(), Optional.empty()));
  }

  static Sli thresholdSli(String name) {
    return new Sli(SliName.of(name), name, "", new ThresholdMetric(PUSHED));
  }

  static Objective objective(String name, String targetPercent) {
    return new Objective(name, name, Ratio.parsePercent(targetPercent), Optional.empty(), Optional.empty(), Optional.empty());
  }

  static Objective timeslice(String name, String targetPercent, String sliceTarget, Duration slice) {
    return new Objective(name, name, Ratio.parsePercent(targetPercent), Optional.empty(),
        Optional.of(Ratio.parseFraction(sliceTarget)), Optional.of(slice));
  }

  static Objective below(String name, String targetPercent, String threshold) {
    return new Objective(name, name, Ratio.parsePercent(targetPercent),
        Optional.of(new Threshold(Operator.LT, new BigDecimal(threshold))), Optional.empty(), Optional.empty());
  }

  static Slo rolling(String name, Sli sli, Duration window, BudgetingMethod method, Objective... objectives) {
    return slo(name, sli, new SloWindow.Rolling(window), method, List.of(), objectives);
  }

  static Slo calendarMonth(String name, Sli sli, String zone, BudgetingMethod method, Objective... objectives) {
    return slo(name, sli, new SloWindow.Calendar(CalendarUnit.MONTH, ZoneId.of(zone)), method, List.of(), objectives);
  }

  static Slo slo(String name, Sli sli, SloWindow window, BudgetingMethod method, List<AlertPolicy> policies,
      Objective... objectives) {
    return new Slo(SloName.of(name), name, "", ServiceName.of("shop"), sli, window, method,
        List.of(objectives), policies, Map.of(), Map.of());
  }

  static Catalog catalog(Slo... slos) {
    return new Catalog(List.of(new Service(ServiceName.of("shop"), "Shop", "", Map.of())), List.of(slos),
        List.of(), List.of(), List.of(), List.of(), List.of());
  }
}

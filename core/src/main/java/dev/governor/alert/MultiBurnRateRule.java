package dev.governor.alert;

import java.time.Duration;
import java.util.List;

/**
 * The Google SRE workbook's multiwindow, multi-burn-rate alerts, kept as data.
 *
 * <p>Each condition spends a share of the error budget within its long window. For a 30-day SLO:
 * page when 2 % of the budget goes in 1 hour (14.4x) or 5 % in 6 hours (6x); ticket when 10 % goes
 * in 1 day (3x) or in 3 days (1x). The short window is a twelfth of the long one. For other SLO
 * windows the factor is scaled as {@code budgetShare x sloWindow / longWindow}, so a 7-day SLO pages
 * at 3.36x over 1 hour: the same share of its (smaller) budget.
 */
public record MultiBurnRateRule(Severity severity, List<BurnRateWindow> windows) {

  public MultiBurnRateRule {
    windows = List.copyOf(windows);
  }

  /** A budget share spent within a long window. */
  private record Spend(double budgetShare, Duration longWindow, Duration shortWindow) {}

  private static final List<Spend> PAGE = List.of(
      new Spend(0.02, Duration.ofHours(1), Duration.ofMinutes(5)),
      new Spend(0.05, Duration.ofHours(6), Duration.ofMinutes(30)));
  private static final List<Spend> TICKET = List.of(
      new Spend(0.10, Duration.ofDays(1), Duration.ofHours(2)),
      new Spend(0.10, Duration.ofDays(3), Duration.ofHours(6)));

  /** The page and ticket rules for an SLO whose window is {@code sloWindow} long. */
  public static List<MultiBurnRateRule> defaultsFor(Duration sloWindow) {
    // Judged for every objective on every tick; there are only a handful of distinct SLO windows.
    return DEFAULTS.computeIfAbsent(sloWindow, MultiBurnRateRule::computeDefaults);
  }

  private static final java.util.Map<Duration, List<MultiBurnRateRule>> DEFAULTS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static List<MultiBurnRateRule> computeDefaults(Duration sloWindow) {
    return List.of(
        new MultiBurnRateRule(Severity.PAGE, scale(PAGE, sloWindow)),
        new MultiBurnRateRule(Severity.TICKET, scale(TICKET, sloWindow)));
  }

  private static List<BurnRateWindow> scale(List<Spend> spends, Duration sloWindow) {
    return spends.stream()
        .filter(s -> s.longWindow().compareTo(sloWindow) <= 0)
        .map(s -> new BurnRateWindow(s.longWindow(), s.shortWindow(), factor(s, sloWindow)))
        .toList();
  }

  private static double factor(Spend spend, Duration sloWindow) {
    // Rounded to 10 significant digits: 0.02 x 720h / 1h is 14.4, not 14.399999999999999.
    double raw = spend.budgetShare() * sloWindow.toMinutes() / spend.longWindow().toMinutes();
    return new java.math.BigDecimal(raw).round(new java.math.MathContext(10)).doubleValue();
  }
}

package dev.governor.server.ui;

import dev.governor.delivery.DoraBand;
import dev.governor.delivery.DoraReport;
import dev.governor.delivery.DoraReport.Direction;
import dev.governor.server.delivery.DoraRoutes;
import dev.governor.slo.Ratio;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleFunction;

/** What the DORA page shows: the filter, and one card per metric. */
public record DoraPage(
    boolean empty, String service, String team, String period, List<String> services, List<String> teams,
    List<Views.Range> periods, Views.Time from, Views.Time to, List<Card> cards, String baseUrl) {

  /** The periods offered, as keys of {@link #periodLength}. */
  static final List<String> PERIODS = List.of("7d", "30d", "90d");

  /**
   * One metric. {@code arrow} shows which way the value moved (↑ higher, ↓ lower); {@code trend}
   * says whether that is better or worse, because for lead time lower is better.
   */
  public record Card(
      String key, String name, String value, String detail, String p50, String p90, String distributionOf,
      String band, String bandCss, String arrow, String trend, String trendCss) {}

  static Duration periodLength(String key) {
    return switch (key) {
      case "7d" -> Duration.ofDays(7);
      case "90d" -> Duration.ofDays(90);
      default -> Duration.ofDays(30);
    };
  }

  static List<Views.Range> periods(String selected) {
    return PERIODS.stream().map(p -> new Views.Range(p, "Last " + p.replace("d", " days"), p.equals(selected)))
        .toList();
  }

  static List<Card> cards(DoraReport r) {
    var f = r.deploymentFrequency();
    Card frequency = new Card("deployment-frequency", "Deployment frequency", perDay(f.perDay()),
        f.deployments() + (f.deployments() == 1 ? " production deployment" : " production deployments"),
        f.medianInterval().map(Format::elapsed).orElse("–"), f.p90Interval().map(Format::elapsed).orElse("–"),
        "time between deployments", band(f.band()), bandCss(f.band()), arrow(f.trend(), true),
        trend(f.trend(), DoraPage::perDay), trendCss(f.trend()));
    return List.of(frequency,
        durations("change-lead-time", "Change lead time", "changes", r.changeLeadTime()),
        rate("change-fail-rate", "Change fail rate", "failed", r.changeFailRate()),
        durations("recovery-time", "Failed deployment recovery time", "recoveries", r.failedDeploymentRecoveryTime()),
        rate("rework-rate", "Deployment rework rate", "hotfixes and rollbacks", r.deploymentRework()));
  }

  private static Card durations(String key, String name, String what, DoraReport.Durations d) {
    String detail = d.samples() + " " + what + (d.pending() > 0 ? ", " + d.pending() + " pending" : "");
    return new Card(key, name, d.median().map(Format::elapsed).orElse("–"), detail,
        d.median().map(Format::elapsed).orElse("–"), d.p90().map(Format::elapsed).orElse("–"), "median and p90",
        band(d.band()), bandCss(d.band()), arrow(d.trend(), false),
        trend(d.trend(), s -> Format.elapsed(Duration.ofSeconds((long) s))), trendCss(d.trend()));
  }

  private static Card rate(String key, String name, String what, DoraReport.Rate rate) {
    String value = rate.rate().map(DoraPage::percent).orElse("–");
    return new Card(key, name, value, rate.count() + " " + what + " of " + rate.of() + " deployments",
        "", "", "", band(rate.band()), bandCss(rate.band()), arrow(rate.trend(), false),
        trend(rate.trend(), p -> percent(BigDecimal.valueOf(p))), trendCss(rate.trend()));
  }

  private static String perDay(double perDay) {
    if (perDay == 0) return "0 / day";
    if (perDay > 0 && perDay < 1) {
      return BigDecimal.valueOf(perDay * 7).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + " / week";
    }
    return BigDecimal.valueOf(perDay).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + " / day";
  }

  private static String percent(Ratio ratio) {
    return percent(BigDecimal.valueOf(ratio.numerator()).divide(BigDecimal.valueOf(ratio.denominator()), 6,
        RoundingMode.HALF_EVEN));
  }

  private static String percent(BigDecimal fraction) {
    return fraction.movePointRight(2).setScale(1, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString() + " %";
  }

  private static String band(DoraBand band) {
    return switch (band) {
      case NO_DATA -> "no data";
      case NOT_BANDED -> "no DORA bands";
      default -> band.name().toLowerCase(Locale.ROOT);
    };
  }

  private static String bandCss(DoraBand band) {
    return "band-" + band.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Which way the value moved: improvement is up only where higher is better. */
  private static String arrow(DoraReport.Trend trend, boolean higherIsBetter) {
    return switch (trend.direction()) {
      case IMPROVED -> higherIsBetter ? "↑" : "↓";
      case WORSENED -> higherIsBetter ? "↓" : "↑";
      case UNCHANGED -> "→";
      case NO_DATA -> "";
    };
  }

  private static String trend(DoraReport.Trend trend, DoubleFunction<String> unit) {
    if (trend.direction() == Direction.NO_DATA) return "no earlier data to compare";
    String was = trend.previous().map(p -> " (was " + unit.apply(p) + ")").orElse("");
    return trend.direction().name().toLowerCase(Locale.ROOT) + " vs previous period" + was;
  }

  private static String trendCss(DoraReport.Trend trend) {
    return "trend-" + trend.direction().name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static DoraPage of(boolean empty, DoraRoutes.Scoped scoped, String period, List<String> services,
      List<String> teams, String baseUrl) {
    DoraReport r = scoped.report();
    return new DoraPage(empty, scoped.service().orElse(""), scoped.team().orElse(""), period, services, teams,
        periods(period), Views.Time.of(r.period().start()), Views.Time.of(r.period().end()), cards(r), baseUrl);
  }

  static Optional<String> nonEmpty(String text) {
    return Optional.of(text).filter(s -> !s.isEmpty());
  }
}

package dev.governor.server.reports;

import dev.governor.access.Teams;
import dev.governor.report.ReportPeriod;
import dev.governor.report.SloReport;
import dev.governor.report.SloReport.DayState;
import dev.governor.report.SloReport.ObjectiveReport;
import dev.governor.slo.Catalog;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the report page shows, every number already formatted and every chart already laid out:
 * the template only places them. Charts are SVG drawn on the server, so the page prints (and
 * saves as PDF) exactly as it looks, without a script.
 */
public record ReportPage(
    String error, String title, String period, String zone, String service, String team, String generated,
    boolean complete, List<String> periods, List<String> services, List<String> teams, List<Summary> teamRows,
    List<Summary> serviceRows, List<Row> rows, String csvUrl, String jsonUrl, String previousUrl, String nextUrl,
    String notice) {

  /** A team's or a service's line of the headline. */
  public record Summary(String name, int objectives, int met, int missed, int noData, String sla, String worst,
      String css) {}

  /** One objective: its line of the table and its section. */
  public record Row(String anchor, String slo, String sloDisplayName, String objective, String objectiveDisplay,
      String service, String team,
      String method, String target, String attainment, String budgetSpent, String budgetCss, String outcome,
      String outcomeCss, String worstDay, String sla, String slaCss, String change, String changeCss, String days,
      Chart daily, Chart trend, List<String> incidents, List<String> deployments) {}

  /** An SVG bar chart with a target line, in a {@link #WIDTH} x {@link #HEIGHT} view box. */
  public record Chart(String label, List<Bar> bars, double targetY, String targetLabel, String top, String bottom,
      List<Tick> ticks) {}

  /** One bar: where it stands, its class (met, missed, nodata, notkept) and its tooltip. */
  public record Bar(double x, double y, double width, double height, String css, String title) {}

  /** A label under the bars. */
  public record Tick(double x, String text) {}

  public static final int WIDTH = 640;
  public static final int HEIGHT = 160;
  static final int PLOT_TOP = 8;
  static final int PLOT_BOTTOM = 136;
  static final int PLOT_LEFT = 48;

  static ReportPage refused(String error, Catalog catalog, Teams teams, InstantSource clock) {
    return new ReportPage(error, "SLO report", "", "UTC", "", "", clock.instant().toString(), false,
        periodsAround(clock.instant()), servicesOf(catalog), List.copyOf(ReportRoutes.teamsOf(catalog, teams)),
        List.of(), List.of(), List.of(), "", "", "", "", "");
  }

  static ReportPage of(SloReport report, ReportRoutes.Request r, Catalog catalog, Teams teams, InstantSource clock) {
    String query = query(report.period().key(), report.period().zone().getId(), r.service().orElse(""), r.team().orElse(""));
    List<Row> rows = new ArrayList<>();
    int k = 0;
    for (ObjectiveReport o : report.objectives()) rows.add(row(o, report.period(), "objective-" + (++k)));
    String notice = report.objectives().stream().anyMatch(o -> o.notKeptDays() > 0)
        ? "Some days are no longer kept at the resolution their objective needs; they are left out (see docs/reports.md)."
        : "";
    return new ReportPage("", "SLO report · " + report.period().title(), report.period().key(),
        report.period().zone().getId(), r.service().orElse(""), r.team().orElse(""),
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(report.generatedAt().atZone(report.period().zone()).withNano(0)),
        report.complete(), periodsAround(clock.instant()), servicesOf(catalog),
        List.copyOf(ReportRoutes.teamsOf(catalog, teams)),
        report.teams().stream().map(ReportPage::summary).toList(),
        report.services().stream().map(ReportPage::summary).toList(), rows,
        "/api/v1/reports/slo?" + query + "&format=csv", "/api/v1/reports/slo?" + query,
        "/reports/slo?" + query(report.period().previous().key(), report.period().zone().getId(), r.service().orElse(""),
            r.team().orElse("")),
        "/reports/slo?" + query(report.period().next().key(), report.period().zone().getId(), r.service().orElse(""),
            r.team().orElse("")),
        notice);
  }

  private static String query(String period, String zone, String service, String team) {
    StringBuilder q = new StringBuilder("period=" + enc(period) + "&zone=" + enc(zone));
    if (!service.isEmpty()) q.append("&service=").append(enc(service));
    if (!team.isEmpty()) q.append("&team=").append(enc(team));
    return q.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The last twelve months and four quarters, newest first, for the picker. */
  static List<String> periodsAround(Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    List<String> out = new ArrayList<>();
    ReportPeriod month = ReportPeriod.containing(ReportPeriod.Kind.MONTH, today, ZoneOffset.UTC);
    for (int i = 0; i < 12; i++, month = month.previous()) out.add(month.key());
    ReportPeriod quarter = ReportPeriod.containing(ReportPeriod.Kind.QUARTER, today, ZoneOffset.UTC);
    for (int i = 0; i < 4; i++, quarter = quarter.previous()) out.add(quarter.key());
    ReportPeriod week = ReportPeriod.containing(ReportPeriod.Kind.WEEK, today, ZoneOffset.UTC);
    for (int i = 0; i < 4; i++, week = week.previous()) out.add(week.key());
    return out;
  }

  private static List<String> servicesOf(Catalog catalog) {
    return catalog.slos().stream().map(s -> s.service().value()).distinct().sorted().toList();
  }

  private static Summary summary(SloReport.Rollup r) {
    String sla = r.slaObjectives() == 0 ? "–" : (r.slaObjectives() - r.slaMissed()) + " of " + r.slaObjectives() + " met";
    String worst = r.worst().map(w -> w.slo().value() + " / " + w.objective() + ": " + percent(w.attainment())
        + " (target " + percent(w.target().toDouble()) + ")").orElse("–");
    return new Summary(r.name(), r.objectives(), r.met(), r.missed(), r.noData(), sla, worst,
        r.missed() > 0 ? "bad" : "good");
  }

  private static Row row(ObjectiveReport o, ReportPeriod period, String anchor) {
    String outcome = switch (o.outcome()) {
      case MET -> "met";
      case MISSED -> "missed";
      case NO_DATA -> "no data";
    };
    String sla = !o.sla() ? "–" : o.slaMargin().map(m -> (m >= 0 ? "met by " : "missed by ") + points(Math.abs(m)))
        .orElse("no data");
    String slaCss = !o.sla() || o.slaMargin().isEmpty() ? "" : o.slaMargin().get() >= 0 ? "good" : "bad";
    String change = o.change().map(c -> (c >= 0 ? "+" : "−") + points(Math.abs(c))).orElse("–");
    String changeCss = o.change().map(c -> c > 0 ? "good" : c < 0 ? "bad" : "").orElse("");
    String days = o.days().stream().filter(d -> d.state() == DayState.DATA).count() + " days with data, "
        + o.noDataDays() + " without" + (o.notKeptDays() > 0 ? ", " + o.notKeptDays() + " not kept" : "");
    List<String> incidents = o.incidents().stream().map(i -> "#" + i.id() + " " + i.title() + " (" + i.severity()
        + ", opened " + i.openedAt().atZone(period.zone()).toLocalDate() + (i.resolvedAt().isPresent() ? ", resolved" : ", open")
        + ")").toList();
    List<String> deployments = o.deployments().stream().map(d -> d.id() + " (" + d.version() + ", " + d.environment()
        + "): " + percent(d.budgetShare()) + " of the period's budget").toList();
    return new Row(anchor, o.slo().value(), o.sloDisplayName(), o.objective(), o.displayName(), o.service().value(), o.team(),
        ReportFormats.method(o), percent(o.target().toDouble()),
        o.outcome() == SloReport.Outcome.NO_DATA ? "–" : percent(o.attainment()), percent(o.budgetSpent()),
        o.budgetSpent() > 1 ? "bad" : o.budgetSpent() > 0.75 ? "warn" : "good", outcome,
        switch (o.outcome()) { case MET -> "good"; case MISSED -> "bad"; case NO_DATA -> ""; },
        o.worstDay().map(d -> d.date() + " (" + percent(d.attainment()) + ")").orElse("–"), sla, slaCss, change,
        changeCss, days, daily(o), trend(o, period), incidents, deployments);
  }

  static String percent(double ratio) {
    return BigDecimal.valueOf(ratio * 100).setScale(ratio > 0.99 && ratio <= 1 ? 3 : 2, RoundingMode.HALF_EVEN)
        .toPlainString() + " %";
  }

  private static String points(double ratio) {
    return BigDecimal.valueOf(ratio * 100).setScale(3, RoundingMode.HALF_EVEN).toPlainString() + " pp";
  }

  /** The lowest value the y axis shows: room below the target and the worst bar, never below 0. */
  static double floorOf(double target, double lowest) {
    double span = Math.max(1 - lowest, 3 * (1 - target)) * 1.15;
    return Math.max(0, 1 - span);
  }

  private static double y(double value, double bottom) {
    double share = (value - bottom) / (1 - bottom);
    return PLOT_BOTTOM - Math.max(0, Math.min(1, share)) * (PLOT_BOTTOM - PLOT_TOP);
  }

  private static double r1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static Chart daily(ObjectiveReport o) {
    double target = o.target().toDouble();
    double lowest = o.days().stream().filter(d -> d.state() == DayState.DATA).mapToDouble(SloReport.Day::attainment)
        .min().orElse(1);
    double bottom = floorOf(target, lowest);
    int n = o.days().size();
    double slot = (double) (WIDTH - PLOT_LEFT - 4) / n;
    List<Bar> bars = new ArrayList<>();
    List<Tick> ticks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SloReport.Day d = o.days().get(i);
      double x = PLOT_LEFT + i * slot + slot * 0.1;
      double w = slot * 0.8;
      switch (d.state()) {
        case DATA -> {
          double top = y(d.attainment(), bottom);
          bars.add(new Bar(r1(x), r1(top), r1(w), r1(Math.max(1, PLOT_BOTTOM - top)),
              o.target().toDouble() <= d.attainment() ? "met" : "missed", d.date() + ": " + percent(d.attainment())));
        }
        case NO_DATA -> bars.add(new Bar(r1(x), PLOT_BOTTOM - 3, r1(w), 3, "nodata", d.date() + ": no data"));
        case NOT_KEPT -> bars.add(new Bar(r1(x), PLOT_TOP, r1(w), PLOT_BOTTOM - PLOT_TOP, "notkept",
            d.date() + ": not kept at this resolution"));
        case NOT_YET -> { }
      }
      if (n <= 31 ? (i % 7 == 0) : (d.date().getDayOfMonth() == 1)) {
        ticks.add(new Tick(r1(x + w / 2), n <= 31 ? Integer.toString(d.date().getDayOfMonth())
            : d.date().getMonth().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH)));
      }
    }
    return new Chart("Daily attainment of " + o.slo().value() + " / " + o.objective(), bars, r1(y(target, bottom)),
        "target " + percent(target), percent(1), percent(bottom), ticks);
  }

  static Chart trend(ObjectiveReport o, ReportPeriod period) {
    double target = o.target().toDouble();
    List<String> labels = new ArrayList<>();
    List<Optional<Double>> values = new ArrayList<>();
    for (SloReport.TrendPoint t : o.trend()) {
      labels.add(t.period());
      values.add(t.hasData() ? Optional.of(t.attainment()) : Optional.empty());
    }
    labels.add(period.key());
    values.add(o.outcome() == SloReport.Outcome.NO_DATA ? Optional.empty() : Optional.of(o.attainment()));
    double lowest = values.stream().flatMap(Optional::stream).mapToDouble(Double::doubleValue).min().orElse(1);
    double bottom = floorOf(target, lowest);
    double slot = (double) (WIDTH - PLOT_LEFT - 4) / values.size();
    List<Bar> bars = new ArrayList<>();
    List<Tick> ticks = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      double x = PLOT_LEFT + i * slot + slot * 0.25;
      double w = slot * 0.5;
      Optional<Double> v = values.get(i);
      if (v.isPresent()) {
        double top = y(v.get(), bottom);
        bars.add(new Bar(r1(x), r1(top), r1(w), r1(Math.max(1, PLOT_BOTTOM - top)), v.get() >= target ? "met" : "missed",
            labels.get(i) + ": " + percent(v.get())));
      } else {
        bars.add(new Bar(r1(x), PLOT_BOTTOM - 3, r1(w), 3, "nodata", labels.get(i) + ": no data"));
      }
      ticks.add(new Tick(r1(x + w / 2), labels.get(i)));
    }
    return new Chart("Attainment of " + o.slo().value() + " / " + o.objective() + " by period", bars,
        r1(y(target, bottom)), "target " + percent(target), percent(1), percent(bottom), ticks);
  }
}

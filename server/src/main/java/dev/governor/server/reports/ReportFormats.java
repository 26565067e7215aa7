package dev.governor.server.reports;

import dev.governor.report.SloReport;
import dev.governor.report.SloReport.ObjectiveReport;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A report as JSON (maps for the API's mapper) and as CSV: one row per objective, the columns in a
 * fixed order, quoted per RFC 4180. Ratios are rounded to six decimals, so exports are stable text.
 */
public final class ReportFormats {

  private ReportFormats() {}

  /** The CSV columns, in their order; docs/reports.md describes each. */
  public static final List<String> COLUMNS = List.of("period", "zone", "from", "to", "team", "service", "slo",
      "objective", "budgeting_method", "target", "sla", "outcome", "attainment", "budget_spent", "good_units",
      "total_units", "events", "worst_day", "worst_day_attainment", "no_data_days", "not_kept_days", "sla_met",
      "sla_margin", "previous_3", "previous_2", "previous_1", "change", "incidents", "top_deployments");

  static BigDecimal ratio(double value) {
    return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_EVEN);
  }

  static String text(double value) {
    return ratio(value).toPlainString();
  }

  public static String method(ObjectiveReport o) {
    return switch (o.method()) {
      case OCCURRENCES -> "Occurrences";
      case TIMESLICES -> "Timeslices";
      case RATIO_TIMESLICES -> "RatioTimeslices";
    };
  }

  /** Good units as counted: whole for events and slices, up to nine decimals for ratio slices. */
  static String units(double good) {
    return BigDecimal.valueOf(good).setScale(9, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
  }

  public static Map<String, Object> json(SloReport report, Optional<String> service, Optional<String> team) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("period", report.period().key());
    json.put("kind", report.period().kind().name().toLowerCase(java.util.Locale.ROOT));
    json.put("title", report.period().title());
    json.put("zone", report.period().zone().getId());
    json.put("from", report.period().range().start().toString());
    json.put("to", report.period().range().end().toString());
    json.put("generatedAt", report.generatedAt().toString());
    json.put("complete", report.complete());
    Map<String, Object> kept = new LinkedHashMap<>();
    kept.put("hours", report.kept().hoursFrom().toString());
    kept.put("minutes", report.kept().minutesFrom().toString());
    json.put("keptFrom", kept);
    Map<String, Object> filter = new LinkedHashMap<>();
    filter.put("service", service.orElse(null));
    filter.put("team", team.orElse(null));
    json.put("filter", filter);
    json.put("teams", report.teams().stream().map(ReportFormats::rollup).toList());
    json.put("services", report.services().stream().map(ReportFormats::rollup).toList());
    json.put("objectives", report.objectives().stream().map(ReportFormats::objective).toList());
    return json;
  }

  private static Map<String, Object> rollup(SloReport.Rollup r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", r.name());
    json.put("objectives", r.objectives());
    json.put("met", r.met());
    json.put("missed", r.missed());
    json.put("noData", r.noData());
    json.put("slaObjectives", r.slaObjectives());
    json.put("slaMissed", r.slaMissed());
    json.put("worst", r.worst().map(w -> {
      Map<String, Object> worst = new LinkedHashMap<>();
      worst.put("slo", w.slo().value());
      worst.put("objective", w.objective());
      worst.put("attainment", ratio(w.attainment()));
      worst.put("target", w.target().toDecimalString());
      return worst;
    }).orElse(null));
    return json;
  }

  private static Map<String, Object> objective(ObjectiveReport o) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("slo", o.slo().value());
    json.put("sloDisplayName", o.sloDisplayName());
    json.put("service", o.service().value());
    json.put("team", o.team());
    json.put("objective", o.objective());
    json.put("displayName", o.displayName());
    json.put("budgetingMethod", method(o));
    json.put("sliceMinutes", o.sliceLength().map(d -> d.toMinutes()).orElse(null));
    json.put("target", o.target().toDecimalString());
    json.put("sla", o.sla());
    json.put("outcome", o.outcome().label());
    json.put("attainment", ratio(o.attainment()));
    json.put("budgetSpent", ratio(o.budgetSpent()));
    json.put("goodUnits", new BigDecimal(units(o.units().good())));
    json.put("totalUnits", o.units().units());
    json.put("events", o.units().events());
    json.put("worstDay", o.worstDay().map(d -> {
      Map<String, Object> worst = new LinkedHashMap<>();
      worst.put("date", d.date().toString());
      worst.put("attainment", ratio(d.attainment()));
      return worst;
    }).orElse(null));
    json.put("noDataDays", o.noDataDays());
    json.put("notKeptDays", o.notKeptDays());
    json.put("slaMet", o.sla() && o.slaMargin().isPresent() ? o.slaMargin().get() >= 0 : null);
    json.put("slaMargin", o.slaMargin().map(ReportFormats::ratio).orElse(null));
    List<Map<String, Object>> trend = new ArrayList<>();
    for (SloReport.TrendPoint t : o.trend()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("period", t.period());
      p.put("attainment", t.hasData() ? ratio(t.attainment()) : null);
      p.put("notKeptDays", t.notKeptDays());
      trend.add(p);
    }
    json.put("trend", trend);
    json.put("change", o.change().map(ReportFormats::ratio).orElse(null));
    json.put("incidents", o.incidents().stream().map(i -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", i.id());
      m.put("title", i.title());
      m.put("severity", i.severity());
      m.put("state", i.state());
      m.put("openedAt", i.openedAt().toString());
      m.put("resolvedAt", i.resolvedAt().map(Object::toString).orElse(null));
      return m;
    }).toList());
    json.put("deployments", o.deployments().stream().map(d -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", d.id());
      m.put("version", d.version());
      m.put("environment", d.environment());
      m.put("liveFrom", d.liveFrom().toString());
      m.put("liveUntil", d.liveUntil().toString());
      m.put("budgetShare", ratio(d.budgetShare()));
      m.put("burnRateBefore", ratio(d.burnRateBefore()));
      m.put("burnRateAfter", ratio(d.burnRateAfter()));
      return m;
    }).toList());
    json.put("days", o.days().stream().map(d -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("date", d.date().toString());
      m.put("state", d.state().label());
      m.put("attainment", d.state() == SloReport.DayState.DATA ? ratio(d.attainment()) : null);
      m.put("goodUnits", new BigDecimal(units(d.units().good())));
      m.put("totalUnits", d.units().units());
      return m;
    }).toList());
    return json;
  }

  /** The report as CSV text, CRLF line ends as RFC 4180 asks. */
  public static String csv(SloReport report) {
    StringBuilder out = new StringBuilder();
    row(out, COLUMNS);
    for (ObjectiveReport o : report.objectives()) {
      List<String> cells = new ArrayList<>(COLUMNS.size());
      cells.add(report.period().key());
      cells.add(report.period().zone().getId());
      cells.add(report.period().range().start().toString());
      cells.add(report.period().range().end().toString());
      cells.add(o.team());
      cells.add(o.service().value());
      cells.add(o.slo().value());
      cells.add(o.objective());
      cells.add(method(o));
      cells.add(o.target().toDecimalString());
      cells.add(Boolean.toString(o.sla()));
      cells.add(o.outcome().label());
      cells.add(text(o.attainment()));
      cells.add(text(o.budgetSpent()));
      cells.add(units(o.units().good()));
      cells.add(Long.toString(o.units().units()));
      cells.add(Long.toString(o.units().events()));
      cells.add(o.worstDay().map(d -> d.date().toString()).orElse(""));
      cells.add(o.worstDay().map(d -> text(d.attainment())).orElse(""));
      cells.add(Integer.toString(o.noDataDays()));
      cells.add(Integer.toString(o.notKeptDays()));
      cells.add(o.slaMargin().map(m -> Boolean.toString(m >= 0)).orElse(""));
      cells.add(o.slaMargin().map(ReportFormats::text).orElse(""));
      for (SloReport.TrendPoint t : o.trend()) cells.add(t.hasData() ? text(t.attainment()) : "");
      cells.add(o.change().map(ReportFormats::text).orElse(""));
      cells.add(o.incidents().stream().map(i -> "#" + i.id() + " " + i.title()).collect(Collectors.joining("; ")));
      cells.add(o.deployments().stream().map(d -> d.id() + " " + text(d.budgetShare()))
          .collect(Collectors.joining("; ")));
      row(out, cells);
    }
    return out.toString();
  }

  private static void row(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) out.append(',');
      out.append(quoted(cells.get(i)));
    }
    out.append("\r\n");
  }

  /** A field in double quotes when it holds a comma, a quote or a line break; quotes doubled. */
  static String quoted(String cell) {
    if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) return cell;
    return '"' + cell.replace("\"", "\"\"") + '"';
  }
}

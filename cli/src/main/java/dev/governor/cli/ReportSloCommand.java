package dev.governor.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code governor report slo}: the compliance of every SLO objective over a month, an ISO week or a
 * quarter, as a table, as CSV (one row per objective, the API's columns) or as the API's JSON.
 */
@Command(name = "slo", mixinStandardHelpOptions = true,
    description = {
        "SLO report for a calendar period: per objective the attainment against its target, the share",
        "of the period's error budget spent, the worst day, the SLA verdict for objectives marked",
        "sla: true, and the change against the period before. See docs/reports.md."
    })
final class ReportSloCommand extends ClientCommand {

  /** How the report is printed; CSV is the server's own, byte for byte. */
  enum Output { TABLE, CSV, JSON }

  @Option(names = "--period", paramLabel = "PERIOD",
      description = "2026-11 (a month), 2026-W47 (an ISO week) or 2026-Q4 (a quarter); default the current month.")
  String period;

  @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone of the days, e.g. Europe/Berlin (default UTC).")
  String zone;

  @Option(names = "--service", paramLabel = "SERVICE", description = "Only the SLOs of this service.")
  String service;

  @Option(names = "--team", paramLabel = "TEAM", description = "Only the services of this team.")
  String team;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default), csv or json.")
  Output output;

  @Override
  public Integer call() {
    List<String> query = new ArrayList<>();
    if (period != null) query.add("period=" + UrlPath.query(period));
    if (zone != null) query.add("zone=" + UrlPath.query(zone));
    if (service != null) query.add("service=" + UrlPath.query(service));
    if (team != null) query.add("team=" + UrlPath.query(team));
    if (output == Output.CSV) query.add("format=csv");
    String path = "/api/v1/reports/slo" + (query.isEmpty() ? "" : "?" + String.join("&", query));
    ApiResponse r = output == Output.CSV ? client().getText(path, "text/csv") : client().get(path);
    if (!r.ok()) return reportFailure(r);
    switch (output) {
      case CSV -> out().print(r.body().asString());
      case JSON -> printJson(r.body());
      case TABLE -> out().print(render(r.body()));
    }
    out().flush();
    return GovernorCommand.OK;
  }

  /** A heading, one line per team, and one row per objective; package-private for the tests. */
  static String render(JsonNode report) {
    StringBuilder sb = new StringBuilder("SLO report " + Json.text(report, "title").orElse("?") + " ("
        + Json.text(report, "period").orElse("?") + ", " + Json.text(report, "zone").orElse("?") + ")"
        + (report.path("complete").asBoolean(true) ? "" : ", so far") + "\n\n");
    for (JsonNode t : report.path("teams")) {
      sb.append("team ").append(t.path("name").asString()).append(": ").append(t.path("met").asInt()).append(" of ")
          .append(t.path("objectives").asInt()).append(" objectives met, ").append(t.path("missed").asInt())
          .append(" missed");
      if (t.path("slaObjectives").asInt() > 0) {
        sb.append(", SLA ").append(t.path("slaObjectives").asInt() - t.path("slaMissed").asInt()).append(" of ")
            .append(t.path("slaObjectives").asInt()).append(" met");
      }
      sb.append('\n');
    }
    Table table = new Table("SLO", "OBJECTIVE", "TARGET", "ATTAINMENT", "BUDGET SPENT", "WORST DAY", "SLA", "CHANGE");
    for (JsonNode o : report.path("objectives")) {
      boolean data = !o.path("outcome").asString().equals("no-data");
      String sla = !o.path("sla").asBoolean() ? "-"
          : o.path("slaMargin").isNull() ? "no data"
          : (o.path("slaMet").asBoolean() ? "met by " : "missed by ") + points(o.path("slaMargin").asDouble());
      table.add(o.path("slo").asString(), o.path("objective").asString(),
          percent(new BigDecimal(o.path("target").asString()).doubleValue()),
          data ? percent(o.path("attainment").asDouble()) + " " + o.path("outcome").asString() : "no data",
          percent(o.path("budgetSpent").asDouble()),
          o.path("worstDay").isNull() ? "-"
              : o.path("worstDay").path("date").asString() + " " + percent(o.path("worstDay").path("attainment").asDouble()),
          sla, o.path("change").isNull() ? "-" : (o.path("change").asDouble() >= 0 ? "+" : "-")
              + points(o.path("change").asDouble()));
    }
    sb.append('\n');
    if (table.isEmpty()) sb.append("no SLO objectives match\n");
    else sb.append(table.render());
    return sb.toString();
  }

  private static String percent(double ratio) {
    return BigDecimal.valueOf(ratio * 100).setScale(3, RoundingMode.HALF_EVEN).toPlainString() + "%";
  }

  private static String points(double ratio) {
    return BigDecimal.valueOf(Math.abs(ratio) * 100).setScale(3, RoundingMode.HALF_EVEN).toPlainString() + " pp";
  }
}

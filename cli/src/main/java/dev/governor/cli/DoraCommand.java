package dev.governor.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code governor dora}: the five DORA metrics of a service, a team or everything, one row each with
 * its value, distribution, band and trend against the previous period of the same length.
 */
@Command(name = "dora", mixinStandardHelpOptions = true,
    description = {
        "Show the DORA metrics over a period (default: the last 30 days): deployment frequency,",
        "change lead time, change fail rate, failed deployment recovery time and rework rate,",
        "each with its DORA band and its trend against the period before. See docs/dora.md."
    })
final class DoraCommand extends ClientCommand {

  @Option(names = "--service", paramLabel = "SERVICE", description = "Only this service.")
  String service;

  @Option(names = "--team", paramLabel = "TEAM", description = "Only the Services labelled team: TEAM.")
  String team;

  @Option(names = "--from", paramLabel = "TIME", description = "Start of the period, RFC 3339 (default: --to minus 30 days).")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "End of the period, RFC 3339 (default: now).")
  String to;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    List<String> query = new ArrayList<>();
    if (service != null) query.add("service=" + UrlPath.query(service));
    if (team != null) query.add("team=" + UrlPath.query(team));
    if (from != null) query.add("from=" + UrlPath.query(Times.instant(spec, "--from", from).toString()));
    if (to != null) query.add("to=" + UrlPath.query(Times.instant(spec, "--to", to).toString()));
    ApiResponse r = client().get("/api/v1/dora" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
    if (!r.ok()) return reportFailure(r);
    if (output == OutputFormat.JSON) {
      printJson(r.body());
    } else {
      out().print(render(r.body()));
    }
    out().flush();
    return GovernorCommand.OK;
  }

  /** The report as a heading line and a table; package-private for the rendering tests. */
  static String render(JsonNode report) {
    String scope = Json.text(report, "service").map(s -> "service " + s)
        .or(() -> Json.text(report, "team").map(t -> "team " + t)).orElse("all services");
    StringBuilder sb = new StringBuilder("DORA metrics for " + scope + ", "
        + Json.text(report, "from").orElse("?") + " to " + Json.text(report, "to").orElse("?") + "\n\n");
    Table table = new Table("METRIC", "VALUE", "DISTRIBUTION", "BAND", "TREND");
    JsonNode f = report.path("deploymentFrequency");
    int deployments = f.path("deployments").asInt(0);
    table.add("deployment frequency",
        perDay(f.path("perDay").asDouble(0)) + " (" + deployments + (deployments == 1 ? " deployment)" : " deployments)"),
        distribution("gap ", f, "medianIntervalSeconds", "p90IntervalSeconds"),
        band(f), trend(f, DoraCommand::perDay));
    durations(table, "change lead time", report.path("changeLeadTime"));
    rate(table, "change fail rate", report.path("changeFailRate"));
    durations(table, "failed deployment recovery time", report.path("failedDeploymentRecoveryTime"));
    rate(table, "deployment rework rate", report.path("deploymentReworkRate"));
    sb.append(table.render());
    if (deployments == 0) {
      sb.append("\nNo deployments in this period. Record one with: governor deploy record --service S"
          + " --environment production --version V --commit SHA\n");
    }
    return sb.toString();
  }

  private static void durations(Table table, String name, JsonNode m) {
    String value = seconds(m.path("medianSeconds")).map(d -> "median " + Times.human(d)).orElse(Formats.NONE);
    int pending = m.path("pending").asInt(0);
    if (pending > 0) value += " (" + pending + " pending)";
    table.add(name, value, distribution("", m, "medianSeconds", "p90Seconds"), band(m),
        trend(m, previous -> Times.human(Duration.ofSeconds((long) previous))));
  }

  private static void rate(Table table, String name, JsonNode m) {
    String value = m.path("rate").isNumber() ? percent(m.path("rate").asDouble()) : Formats.NONE;
    table.add(name, value, m.path("count").asInt(0) + " of " + m.path("of").asInt(0), band(m),
        trend(m, DoraCommand::percent));
  }

  private static String distribution(String prefix, JsonNode m, String median, String p90) {
    var p50 = seconds(m.path(median));
    if (p50.isEmpty()) return Formats.NONE;
    return prefix + "p50 " + Times.human(p50.get()) + ", p90 "
        + seconds(m.path(p90)).map(Times::human).orElse(Formats.NONE);
  }

  private static java.util.Optional<Duration> seconds(JsonNode node) {
    return node.isNumber() ? java.util.Optional.of(Duration.ofSeconds(node.asLong())) : java.util.Optional.empty();
  }

  private static String band(JsonNode metric) {
    return Json.text(metric, "band").orElse(Formats.NONE);
  }

  /** "improved (was 0.50/day)": the direction words say better or worse, which an arrow cannot. */
  private static String trend(JsonNode metric, DoubleFunction<String> unit) {
    JsonNode trend = metric.path("trend");
    String direction = Json.text(trend, "direction").orElse("no-data");
    if (direction.equals("no-data")) return "no data before";
    return direction + (trend.path("previous").isNumber() ? " (was " + unit.apply(trend.path("previous").asDouble()) + ")" : "");
  }

  private static String perDay(double perDay) {
    return BigDecimal.valueOf(perDay).setScale(2, RoundingMode.HALF_EVEN).toPlainString() + "/day";
  }

  private static String percent(double fraction) {
    return BigDecimal.valueOf(fraction).movePointRight(2).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + "%";
  }
}

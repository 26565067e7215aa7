package dev.governor.cli;

import java.util.Locale;
import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code governor capacity show NAME}: one signal's outlook, with a weekly outline of its forecast. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "One capacity signal: its latest value, limit, forecast crossing with its interval, backtest"
        + " error, and the forecast week by week.")
final class CapacityShowCommand extends ClientCommand {

  @Parameters(paramLabel = "NAME", description = "The signal's name.")
  String name;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    ApiResponse r = client().get("/api/v1/capacity/" + UrlPath.segment(name));
    return print(this, r, output);
  }

  static int print(ClientCommand command, ApiResponse r, OutputFormat output) {
    if (!r.ok()) return command.reportFailure(r);
    if (output == OutputFormat.JSON) {
      command.printJson(r.body());
      command.out().flush();
      return GovernorCommand.OK;
    }
    JsonNode summary = r.body().path("summary");
    var out = command.out();
    out.println(Json.text(summary, "name").orElse("?") + ": " + Json.text(summary, "description").orElse(""));
    String[] row = row(summary);
    out.println("  now " + row[1] + ", limit " + row[2] + ", status " + row[6]);
    Json.text(summary, "reason").ifPresent(reason -> out.println("  " + reason));
    if (summary.path("crossing").isObject()) {
      out.println("  crosses the limit about " + row[3] + " (between " + row[4].replace(" .. ", " and ") + ")");
    } else if (summary.path("backtest").isObject()) {
      out.println("  does not cross the limit within 90 days");
    }
    if (summary.path("backtest").isObject()) {
      out.println("  backtest on the last " + summary.at("/backtest/weeks").asInt() + " held-out week(s): " + row[5]
          + "; model " + Json.text(summary, "model").orElse("?"));
      JsonNode forecast = r.body().path("forecast");
      int confidence = (int) Math.round(r.body().path("confidence").asDouble() * 100);
      boolean floor = summary.at("/limit/min").isNumber();
      out.println("  forecast, each week's " + (floor ? "lowest" : "highest") + " hour (mean, " + confidence + "% band):");
      for (int week = 0; week + 168 <= forecast.size(); week += 168) {
        JsonNode p = forecast.get(week);
        for (int i = week; i < week + 168; i++) {
          double mean = forecast.get(i).get(1).asDouble();
          if (floor ? mean < p.get(1).asDouble() : mean > p.get(1).asDouble()) p = forecast.get(i);
        }
        out.println("    " + java.time.Instant.ofEpochSecond(p.get(0).asLong()).toString().substring(0, 10) + "  "
            + number(p.get(1).asDouble()) + "  [" + number(p.get(2).asDouble()) + ", " + number(p.get(3).asDouble()) + "]");
      }
    }
    out.flush();
    return GovernorCommand.OK;
  }

  /** SIGNAL, NOW, LIMIT, CROSSES, BETWEEN, BACKTEST, STATUS. */
  static String[] row(JsonNode s) {
    String unit = Json.text(s, "unit").filter(u -> !u.isEmpty()).map(u -> " " + u).orElse("");
    String limit = s.path("limit").isObject()
        ? (s.at("/limit/max").isNumber() ? "max " + number(s.at("/limit/max").asDouble()) : "min " + number(s.at("/limit/min").asDouble()))
        : Formats.NONE;
    String crosses = s.path("crossing").isObject() ? day(s.at("/crossing/at").asString()) : Formats.NONE;
    String between = s.path("crossing").isObject()
        ? day(s.at("/crossing/earliest").asString()) + " .. "
            + (s.at("/crossing/latest").isString() ? day(s.at("/crossing/latest").asString()) : "later")
        : Formats.NONE;
    String backtest = s.path("backtest").isObject()
        ? (s.at("/backtest/mape").isNumber() ? String.format(Locale.ROOT, "MAPE %.1f%%", s.at("/backtest/mape").asDouble() * 100) : "MAPE -")
            + String.format(Locale.ROOT, ", MASE %.2f", s.at("/backtest/mase").asDouble())
        : Formats.NONE;
    String now = s.path("last").isNumber() ? number(s.path("last").asDouble()) + unit : Formats.NONE;
    return new String[] {Json.text(s, "name").orElse("?"), now, limit, crosses, between, backtest,
        Json.text(s, "status").orElse("?")};
  }

  private static String day(String instant) {
    return instant.length() >= 10 ? instant.substring(0, 10) : instant;
  }

  static String number(double value) {
    if (Math.abs(value) >= 1e6 || (Math.abs(value) < 0.01 && value != 0)) return String.format(Locale.ROOT, "%.3g", value);
    return String.format(Locale.ROOT, "%.1f", value);
  }
}

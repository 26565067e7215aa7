package dev.governor.cli;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import tools.jackson.databind.JsonNode;

/**
 * {@code governor slo status}: one row per objective with how much budget is left and how fast it
 * burns. The burn columns are the windows the page and ticket alerts look at (1h, 6h) and the whole
 * SLO window, where a burn rate of 1x spends the budget exactly by the window's end.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {
        "Show attainment, error budget and burn rates of one SLO, or of every SLO.",
        "BURN is the error ratio divided by the error budget: 1x spends the budget exactly over",
        "the SLO window; page alerts fire above 14.4x over 1h."
    })
final class SloStatusCommand extends ClientCommand {

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "An SLO name; all SLOs when omitted.")
  String name;

  @Option(names = "--at", paramLabel = "TIME",
      description = "Status as of this past instant, RFC 3339 (2026-11-21T10:00:00Z).")
  String at;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    String query = "";
    if (at != null) {
      query = "?at=" + UrlPath.query(parseInstant(at).toString());
    }
    ApiResponse r = name == null
        ? client().get("/api/v1/status" + query)
        : client().get("/api/v1/slos/" + UrlPath.segment(name) + "/status" + query);
    if (!r.ok()) {
      return reportFailure(r);
    }
    if (output == OutputFormat.JSON) {
      printJson(r.body());
      return GovernorCommand.OK;
    }
    List<JsonNode> statuses = name == null ? SloListCommand.items(r.body(), "slos") : List.of(r.body());
    if (statuses.isEmpty()) {
      out().println("no SLOs yet; apply one with `governor slo apply FILE`");
    } else {
      out().print(table(statuses).render());
    }
    out().flush();
    return GovernorCommand.OK;
  }

  private Instant parseInstant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new ParameterException(spec.commandLine(),
          "--at must be an RFC 3339 time such as 2026-11-21T10:00:00Z, got '" + text + "'");
    }
  }

  static Table table(List<JsonNode> statuses) {
    Table table = new Table("SLO", "OBJECTIVE", ">TARGET", ">ATTAINMENT", ">BUDGET LEFT",
        ">BURN 1h", ">BURN 6h", ">BURN WINDOW", "ALERTS");
    for (JsonNode status : statuses) {
      String slo = Json.text(status, "slo", "name").orElse("?");
      List<JsonNode> objectives = new ArrayList<>();
      status.path("objectives").forEach(objectives::add);
      for (JsonNode o : objectives) {
        String objective = Json.text(o, "name").orElse(Formats.NONE);
        JsonNode budget = o.path("errorBudget");
        boolean noData = o.path("noData").asBoolean(false);
        table.add(
            slo,
            objective,
            Formats.target(Json.decimal(o, "target")),
            noData ? "no data" : Formats.attainment(Json.decimal(o, "attainment")),
            Formats.budget(Json.decimal(budget, "remaining")),
            Formats.burn(burnRate(o, "1h")),
            Formats.burn(burnRate(o, "6h")),
            // Burn over the whole window equals the share of the budget consumed so far.
            Formats.burn(burnRate(o, Json.text(o.path("window"), "length", "duration").orElse("-"))
                .or(() -> Json.decimal(budget, "consumed"))),
            alerts(status, objective, objectives.size() == 1));
      }
    }
    return table;
  }

  private static Optional<BigDecimal> burnRate(JsonNode objective, String window) {
    for (JsonNode b : objective.path("burnRates")) {
      if (window.equals(Json.text(b, "window").orElse(""))) {
        return Json.decimal(b, "rate");
      }
    }
    return Optional.empty();
  }

  /** The alerts of this objective that are not resolved, as "page firing, ticket pending". */
  private static String alerts(JsonNode status, String objective, boolean onlyObjective) {
    List<String> active = new ArrayList<>();
    for (JsonNode a : status.path("alerts")) {
      String state = Json.text(a, "state").orElse("firing");
      if (state.equalsIgnoreCase("resolved") || state.equalsIgnoreCase("inactive")) {
        continue;
      }
      Optional<String> of = Json.text(a, "objective");
      if (of.isPresent() && !of.get().equals(objective) && !onlyObjective) {
        continue;
      }
      active.add(Json.text(a, "severity", "name", "rule").orElse("alert") + " " + state.toLowerCase());
    }
    return active.isEmpty() ? Formats.NONE : String.join(", ", active);
  }
}

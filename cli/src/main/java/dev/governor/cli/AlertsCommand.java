package dev.governor.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code governor alerts}: the burn-rate alerts the server evaluated, firing ones first. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
    description = "List alerts on a Governor server.")
final class AlertsCommand extends ClientCommand {

  @Option(names = "--state", paramLabel = "STATE", description = "Only alerts in this state, e.g. firing or resolved.")
  String state;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    ApiResponse r = client().get("/api/v1/alerts" + (state == null ? "" : "?state=" + UrlPath.query(state)));
    if (!r.ok()) {
      return reportFailure(r);
    }
    // Filtered here as well, so the option means the same whatever the server does with it.
    List<JsonNode> alerts = SloListCommand.items(r.body(), "alerts").stream()
        .filter(a -> state == null || state.equalsIgnoreCase(Json.text(a, "state").orElse("")))
        .toList();
    if (output == OutputFormat.JSON) {
      printJson(ApiClient.JSON.createObjectNode().set("alerts", ApiClient.JSON.valueToTree(alerts)));
      return GovernorCommand.OK;
    }
    if (alerts.isEmpty()) {
      out().println(state == null ? "no alerts" : "no " + state + " alerts");
      out().flush();
      return GovernorCommand.OK;
    }
    Table table = new Table("SLO", "OBJECTIVE", "SEVERITY", "RULE", "STATE", "SINCE", "RESOLVED");
    for (JsonNode a : alerts) {
      table.add(
          Json.text(a, "slo").orElse("?"),
          Json.text(a, "objective").orElse(Formats.NONE),
          Json.text(a, "severity").orElse(Formats.NONE),
          Json.text(a, "rule", "name").orElse(Formats.NONE),
          Json.text(a, "state").orElse(Formats.NONE),
          Json.text(a, "startedAt", "firedAt", "since").orElse(Formats.NONE),
          Json.text(a, "resolvedAt").orElse(Formats.NONE));
    }
    out().print(table.render());
    out().flush();
    return GovernorCommand.OK;
  }
}

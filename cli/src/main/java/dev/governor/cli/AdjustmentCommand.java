package dev.governor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code governor adjustment [list]}: the budget adjustments, what they cover and when they hold. */
@Command(
    name = "adjustment",
    mixinStandardHelpOptions = true,
    description = {
        "Budget adjustments: time left out of the error budget of some SLOs (a planned maintenance, a",
        "provider's outage, a broken exporter). Their minutes count as if they held no events, in the",
        "past too. Without a subcommand, lists them."
    },
    subcommands = {AdjustmentListCommand.class, AdjustmentApplyCommand.class, AdjustmentDeleteCommand.class})
final class AdjustmentCommand extends ClientCommand {

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    return list(this, output);
  }

  /** Lists the adjustments through {@code command}'s connection and output. */
  static int list(ClientCommand command, OutputFormat format) {
    ApiResponse r = command.client().get("/api/v1/adjustments");
    if (!r.ok()) return command.reportFailure(r);
    if (format == OutputFormat.JSON) {
      command.printJson(r.body());
      command.out().flush();
      return GovernorCommand.OK;
    }
    Table table = new Table("ADJUSTMENT", "COVERS", "WHEN", "REPEATS", "NEXT", "APPLIED BY", "REASON");
    for (JsonNode a : SloListCommand.items(r.body(), "adjustments")) {
      StringBuilder slos = new StringBuilder();
      a.path("slos").forEach(s -> slos.append(slos.isEmpty() ? "" : ",").append(s.asString()));
      JsonNode next = a.path("next").path(0);
      String when = Json.text(a, "start").orElse("?") + " " + Json.text(a, "timeZone").orElse("") + " for "
          + Json.text(a, "duration").orElse("?");
      table.add(Json.text(a, "name").orElse("?") + (a.path("activeNow").asBoolean() ? " (in effect)" : ""),
          slos.isEmpty() ? Formats.NONE : slos.toString(), when, Json.text(a, "rrule").orElse("once"),
          Json.text(next, "from").orElse(Formats.NONE), Json.text(a, "appliedBy").orElse("?"),
          Json.text(a, "reason").orElse(""));
    }
    if (table.isEmpty()) {
      command.out().println("no budget adjustments; apply one with `governor adjustment apply -f FILE` (see examples/adjustments)");
    } else {
      command.out().print(table.render());
    }
    command.out().flush();
    return GovernorCommand.OK;
  }
}

package dev.governor.cli;

import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code governor capacity}: the capacity signals with their forecast crossing dates and backtest
 * errors; {@code show}, {@code sli} and {@code apply} go further.
 */
@Command(
    name = "capacity",
    mixinStandardHelpOptions = true,
    description = {
        "Capacity planning: each CapacitySignal's forecast, when it crosses its limit, and how far to trust",
        "the forecast (its backtest error on recent held-out weeks). Without a subcommand, lists the signals."
    },
    subcommands = {CapacityShowCommand.class, CapacitySliCommand.class, CapacityApplyCommand.class})
final class CapacityCommand extends ClientCommand {

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    ApiResponse r = client().get("/api/v1/capacity");
    if (!r.ok()) return reportFailure(r);
    if (output == OutputFormat.JSON) {
      printJson(r.body());
      out().flush();
      return GovernorCommand.OK;
    }
    Table table = new Table("SIGNAL", "NOW", "LIMIT", "CROSSES", "BETWEEN", "BACKTEST", "STATUS");
    for (JsonNode s : SloListCommand.items(r.body(), "signals")) table.add(CapacityShowCommand.row(s));
    if (table.isEmpty()) {
      out().println("no capacity signals yet; apply one with `governor capacity apply -f FILE`"
          + " (see examples/capacity), or forecast an SLI's traffic with `governor capacity sli NAME`");
    } else {
      out().print(table.render());
    }
    out().flush();
    return GovernorCommand.OK;
  }
}

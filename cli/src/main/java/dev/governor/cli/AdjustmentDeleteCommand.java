package dev.governor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code governor adjustment delete NAME}: its minutes count again, in the past too. */
@Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Delete a budget adjustment. Its minutes count again for every SLO it covered, in the past too;"
        + " prints the budget left before and after.")
final class AdjustmentDeleteCommand extends ClientCommand {

  @Parameters(paramLabel = "NAME", description = "The adjustment's name.")
  String name;

  @Override
  public Integer call() {
    ApiResponse r = client().delete("/api/v1/adjustments/" + UrlPath.segment(name));
    if (!r.ok()) return reportFailure(r);
    out().println("deleted budget adjustment " + name);
    printEffect(r.body(), "");
    out().flush();
    return GovernorCommand.OK;
  }
}

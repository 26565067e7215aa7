package dev.governor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code governor composite delete NAME}. */
@Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Delete a composite SLO; its alerts resolve, its derived minutes stay until retention takes them.")
final class CompositeDeleteCommand extends ClientCommand {

  @Parameters(paramLabel = "NAME", description = "The composite's name.")
  String name;

  @Override
  public Integer call() {
    ApiResponse r = client().delete("/api/v1/composites/" + UrlPath.segment(name));
    if (!r.ok()) return reportFailure(r);
    out().println("deleted composite SLO " + name);
    out().flush();
    return GovernorCommand.OK;
  }
}

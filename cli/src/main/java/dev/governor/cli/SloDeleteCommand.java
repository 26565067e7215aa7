package dev.governor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code governor slo delete}: removes one SLO; its stored SLI history stays for other SLOs. */
@Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Delete an SLO from a Governor server. Exits 1 when there is no such SLO.")
final class SloDeleteCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "The SLO's metadata.name.")
  String name;

  @Override
  public Integer call() {
    ApiResponse r = client().delete("/api/v1/slos/" + UrlPath.segment(name));
    if (!r.ok()) {
      return reportFailure(r);
    }
    out().println("deleted SLO " + name);
    out().flush();
    return GovernorCommand.OK;
  }
}

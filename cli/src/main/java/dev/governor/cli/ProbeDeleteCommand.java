package dev.governor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code governor probe delete NAME}: stops and deletes a probe; its results stay for their retention. */
@Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Stop running a probe and delete it. Its stored results and daily counts stay until retention"
        + " takes them; an incident it opened is resolved.")
final class ProbeDeleteCommand extends ClientCommand {

  @Parameters(paramLabel = "NAME", description = "The probe's name.")
  String name;

  @Override
  public Integer call() {
    ApiResponse r = client().delete("/api/v1/probes/" + UrlPath.segment(name));
    if (!r.ok()) return reportFailure(r);
    out().println("deleted probe " + name);
    out().flush();
    return GovernorCommand.OK;
  }
}

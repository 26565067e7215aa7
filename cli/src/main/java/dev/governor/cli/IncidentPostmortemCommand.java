package dev.governor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code governor incident postmortem ID}: prints the server's Markdown postmortem draft, to
 * redirect into a file and edit ({@code > postmortem-42.md}).
 */
@Command(
    name = "postmortem",
    mixinStandardHelpOptions = true,
    description = {
        "Print the Markdown postmortem draft of an incident: timeline, SLO impact, suspect deployment.",
        "Exits 1 when there is no such incident (or the server has no postmortem drafts)."
    })
final class IncidentPostmortemCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "ID", description = "The incident number, such as 42.")
  String id;

  @Override
  public Integer call() {
    long number = IncidentCommand.id(spec, id);
    String path = "/api/v1/incidents/" + number + "/postmortem";
    ApiResponse r = client().getText(path, "text/markdown");
    if (r.ok()) {
      String markdown = r.body().asString();
      out().print(markdown.endsWith("\n") ? markdown : markdown + "\n");
      out().flush();
      return GovernorCommand.OK;
    }
    if (r.status() == 404) {
      // Either the incident does not exist or the server predates postmortem drafts; the problem
      // printed below tells which, and this line says where to look next in both cases.
      err().println("governor: no postmortem draft for incident #" + number + " (GET " + path + " answered 404);"
          + " `governor incident list` shows the incidents there are");
    }
    return reportFailure(r);
  }
}

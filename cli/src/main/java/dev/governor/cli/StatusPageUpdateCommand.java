package dev.governor.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code governor status-page update INCIDENT --status S --message M}: a public update about an incident. */
@Command(name = "update", mixinStandardHelpOptions = true,
    description = {
        "Tell the public about an incident, apart from its internal timeline: only this message, its title and",
        "components reach the page, the feeds and the subscribers. The first update needs --title, e.g.:",
        "  governor status-page update 12 --status identified --title \"Slow checkout\" \\",
        "      --message \"We found the cause.\" --component checkout --impact partial_outage"
    })
final class StatusPageUpdateCommand extends ClientCommand {

  @Parameters(paramLabel = "INCIDENT", description = "The incident's number.")
  long incident;

  @Option(names = "--status", required = true, paramLabel = "STATUS",
      description = "investigating, identified, monitoring or resolved.")
  String status;

  @Option(names = {"-m", "--message"}, required = true, paramLabel = "TEXT", description = "What the public is told.")
  String message;

  @Option(names = "--title", paramLabel = "TEXT", description = "The incident's public title (required on the first update).")
  String title;

  @Option(names = "--component", paramLabel = "KEY", description = "A component it affects; repeatable.")
  List<String> components = List.of();

  @Option(names = "--impact", paramLabel = "STATE", description = "degraded, partial_outage or major_outage.")
  String impact;

  @Override
  public Integer call() {
    var body = ApiClient.JSON.createObjectNode().put("status", status).put("message", message);
    if (title != null) body.put("title", title);
    if (impact != null) body.put("impact", impact);
    var list = body.putArray("components");
    components.forEach(list::add);
    ApiResponse r = client().post("/api/v1/incidents/" + incident + "/status-updates", "application/json", body.toString());
    if (!r.ok()) return reportFailure(r);
    out().println("posted a public update to incident " + incident + ": " + status);
    out().flush();
    return GovernorCommand.OK;
  }
}

package dev.governor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code governor status-page override COMPONENT [STATE --reason R | --clear]}: a component's state by hand. */
@Command(name = "override", mixinStandardHelpOptions = true,
    description = {
        "Show a component in a state set by hand until cleared (or --until), whatever Governor derives, e.g.:",
        "  governor status-page override shop major_outage --reason \"our DNS provider is down\"",
        "  governor status-page override shop --clear"
    })
final class StatusPageOverrideCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "COMPONENT", description = "The component's key.")
  String component;

  @Parameters(index = "1", arity = "0..1", paramLabel = "STATE",
      description = "operational, under_maintenance, degraded, partial_outage or major_outage.")
  String state;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why; required with a state.")
  String reason;

  @Option(names = "--until", paramLabel = "TIME", description = "RFC 3339 time it expires; optional.")
  String until;

  @Option(names = "--clear", description = "Remove the override.")
  boolean clear;

  @Override
  public Integer call() {
    String path = "/api/v1/status/components/" + UrlPath.segment(component) + "/override";
    if (clear) {
      ApiResponse r = client().delete(path);
      if (!r.ok()) return reportFailure(r);
      out().println("cleared the override of " + component);
      out().flush();
      return GovernorCommand.OK;
    }
    if (state == null || reason == null) {
      err().println("give a STATE and --reason, or --clear");
      err().flush();
      return GovernorCommand.NO_ANSWER;
    }
    var body = ApiClient.JSON.createObjectNode().put("state", state).put("reason", reason);
    if (until != null) body.put("until", until);
    ApiResponse r = client().put(path, "application/json", body.toString());
    if (!r.ok()) return reportFailure(r);
    out().println(component + " shows " + state + " until cleared" + (until == null ? "" : " or " + until));
    out().flush();
    return GovernorCommand.OK;
  }
}

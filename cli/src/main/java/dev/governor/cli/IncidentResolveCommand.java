package dev.governor.cli;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code governor incident resolve ID [--by NAME]}. */
@Command(
    name = "resolve",
    mixinStandardHelpOptions = true,
    description = {
        "Resolve an incident and its open alerts. A later trigger from a sender opens a new alert.",
        "Exits 1 when the server refuses (there is no such incident)."
    })
final class IncidentResolveCommand extends IncidentChangeCommand {

  @Override
  public Integer call() {
    return post("resolve", body());
  }

  @Override
  String describe(long number, JsonNode i) {
    String after = IncidentListCommand.seconds(i, "timeToResolveSeconds");
    if (i.path("changed").asBoolean(true)) return "incident #" + number + " resolved by " + by + " after " + after;
    return "incident #" + number + " was already resolved by " + Json.text(i, "resolvedBy").orElse("?")
        + " at " + Json.text(i, "resolvedAt").orElse("?");
  }
}

package dev.governor.cli;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code governor incident ack ID [--by NAME]}. */
@Command(
    name = "ack",
    mixinStandardHelpOptions = true,
    description = {
        "Acknowledge an incident: escalation stops paging, its open alerts are acknowledged too.",
        "Exits 1 when the server refuses (the incident is resolved, or there is no such incident)."
    })
final class IncidentAckCommand extends IncidentChangeCommand {

  @Override
  public Integer call() {
    return post("acknowledge", body());
  }

  @Override
  String describe(long number, JsonNode i) {
    if (i.path("changed").asBoolean(true)) return "incident #" + number + " acknowledged by " + by;
    return "incident #" + number + " was already acknowledged by " + Json.text(i, "acknowledgedBy").orElse("?")
        + " at " + Json.text(i, "acknowledgedAt").orElse("?");
  }
}

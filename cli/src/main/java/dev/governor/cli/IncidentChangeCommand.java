package dev.governor.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What acknowledging, resolving and annotating an incident share: the incident, who acts (the
 * timeline records people, not tokens), and the answer. A refusal (acknowledging a resolved
 * incident: 409) is the answer "no", exit 1.
 */
abstract class IncidentChangeCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "ID", description = "The incident number, such as 42.")
  String id;

  @Option(names = "--by", paramLabel = "NAME", defaultValue = "${sys:user.name}",
      description = "Who acts, for the timeline (default: your user name, ${DEFAULT-VALUE}).")
  String by;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json: the incident as it is afterwards.")
  OutputFormat output;

  /** POSTs {@code body} (with {@code by}) to the incident's {@code action} and prints what came of it. */
  int post(String action, ObjectNode body) {
    long number = IncidentCommand.id(spec, id);
    if (by == null || by.isBlank()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--by must name who acts, for the timeline; your user name is unknown here");
    }
    body.put("by", by.strip());
    ApiResponse r = client().post("/api/v1/incidents/" + number + "/" + action, "application/json",
        ApiClient.JSON.writeValueAsString(body));
    if (!r.ok()) return reportFailure(r);
    if (output == OutputFormat.JSON) printJson(r.body());
    else out().println(describe(number, r.body()));
    out().flush();
    return GovernorCommand.OK;
  }

  /** One line saying what happened; {@code incident} is the incident afterwards, with "changed". */
  abstract String describe(long number, JsonNode incident);

  static ObjectNode body() {
    return ApiClient.JSON.createObjectNode();
  }
}

package dev.governor.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code governor oncall apply -f FILE...}: uploads User, Schedule and EscalationPolicy files, each
 * one atomically, in the order given (a directory in name order), stopping at the first refusal:
 * schedules name users and policies name schedules, so later files build on earlier ones.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
        "Create or update users, schedules and escalation policies (governor.dev/v1 YAML).",
        "Files are applied in the order given, each one atomically; a directory stands for its",
        "*.yaml files in name order. Exits 1 when the server refuses a file (its problems are printed)."
    })
final class OnCallApplyCommand extends ClientCommand {

  @Option(names = {"-f", "--filename"}, required = true, arity = "1..*", paramLabel = "FILE",
      description = "YAML files, directories of them, or - for standard input.")
  List<String> files;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    ApiClient client = client();
    List<SpecFiles.SpecFile> specFiles = SpecFiles.read(files, root().stdin());
    ArrayNode results = ApiClient.JSON.createArrayNode();
    PrintWriter out = out();
    int exit = GovernorCommand.OK;
    for (SpecFiles.SpecFile f : specFiles) {
      ApiResponse r = client.post("/api/v1/oncall?file=" + UrlPath.query(f.name()), "application/yaml", f.text());
      if (output == OutputFormat.JSON) {
        ObjectNode entry = results.addObject().put("file", f.name()).put("status", r.status());
        entry.set("response", r.body().isMissingNode() ? ApiClient.JSON.nullNode() : r.body());
      }
      if (!r.ok()) {
        if (output == OutputFormat.JSON) exit = r.refused() ? GovernorCommand.NO : GovernorCommand.NO_ANSWER;
        else exit = reportFailure(r, f.name());
        break;
      }
      if (output == OutputFormat.TABLE) {
        for (JsonNode a : r.body().path("applied")) {
          out.println(f.name() + ": " + Json.text(a, "kind").orElse("?") + " " + Json.text(a, "name").orElse("?")
              + " " + Json.text(a, "result").orElse("applied"));
        }
      }
    }
    if (output == OutputFormat.JSON) printJson(results);
    out.flush();
    return exit;
  }
}

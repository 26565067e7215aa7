package dev.governor.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code governor slo apply}: uploads spec files. Each file is one request, applied atomically by the
 * server, in the order given, and the first refusal stops the run: later files often build on
 * earlier ones (shared SLIs first), and problems are reported against the file the user wrote.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
        "Create or update the resources in OpenSLO YAML files on a Governor server.",
        "Files are applied in the order given, each one atomically; a directory stands for its",
        "*.yaml files. Exits 1 when the server refuses a file (its problems are printed)."
    })
final class SloApplyCommand extends ClientCommand {

  @Parameters(arity = "1..*", paramLabel = "FILE",
      description = "OpenSLO YAML files, directories of them, or - for standard input.")
  List<String> files;

  @Option(names = "--dry-run", description = "Validate on the server and show what would change; change nothing.")
  boolean dryRun;

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
      // The file name lets the server's problems name the file the user knows.
      String path = "/api/v1/slos?file=" + UrlPath.query(f.name()) + (dryRun ? "&dryRun=true" : "");
      ApiResponse r = client.post(path, "application/yaml", f.text());
      if (output == OutputFormat.JSON) {
        ObjectNode entry = results.addObject().put("file", f.name()).put("status", r.status());
        entry.set("response", r.body().isMissingNode() ? ApiClient.JSON.nullNode() : r.body());
      }
      if (!r.ok()) {
        exit = output == OutputFormat.JSON ? exitCodeOf(r) : reportFailure(r, f.name());
        break;
      }
      if (output == OutputFormat.TABLE) {
        for (JsonNode a : r.body().path("applied")) {
          out.println(f.name() + ": " + Json.text(a, "kind").orElse("?") + " "
              + Json.text(a, "name").orElse("?") + " " + Json.text(a, "result").orElse("applied")
              + (dryRun ? " (dry run)" : ""));
        }
      }
    }
    if (output == OutputFormat.JSON) {
      printJson(results);
    }
    out.flush();
    return exit;
  }

  private static int exitCodeOf(ApiResponse r) {
    return r.refused() ? GovernorCommand.NO : GovernorCommand.NO_ANSWER;
  }
}

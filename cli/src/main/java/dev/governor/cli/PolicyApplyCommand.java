package dev.governor.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code governor policy apply -f FILE...}: uploads ErrorBudgetPolicy files to
 * {@code POST /api/v1/policies}. As with {@code slo apply}, each file is one request applied all or
 * nothing, in the order given, and the first refusal stops the run with the file's problems.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
        "Create or update error-budget policies (apiVersion governor.dev/v1, kind ErrorBudgetPolicy)",
        "from YAML files. Each file is applied atomically, in the order given; a directory stands for",
        "its *.yaml files. Exits 1 when the server refuses a file (its problems are printed), e.g.:",
        "  governor policy apply -f examples/policies/checkout-policy.yaml"
    })
final class PolicyApplyCommand extends ClientCommand {

  @Option(names = {"-f", "--file"}, required = true, arity = "1..*", paramLabel = "FILE",
      description = "Policy YAML files, directories of them, or - for standard input; repeatable.")
  List<String> files;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    ApiClient client = client();
    List<SpecFiles.SpecFile> policyFiles = SpecFiles.read(files, root().stdin());
    ArrayNode results = ApiClient.JSON.createArrayNode();
    PrintWriter out = out();
    int exit = GovernorCommand.OK;
    for (SpecFiles.SpecFile f : policyFiles) {
      // The file name lets the server's problems name the file the user knows.
      ApiResponse r = client.post("/api/v1/policies?file=" + UrlPath.query(f.name()), "application/yaml", f.text());
      if (output == OutputFormat.JSON) {
        ObjectNode entry = results.addObject().put("file", f.name()).put("status", r.status());
        entry.set("response", r.body().isMissingNode() ? ApiClient.JSON.nullNode() : r.body());
      }
      if (!r.ok()) {
        exit = output == OutputFormat.JSON ? (r.refused() ? GovernorCommand.NO : GovernorCommand.NO_ANSWER)
            : reportFailure(r, f.name());
        break;
      }
      if (output == OutputFormat.TABLE) {
        for (JsonNode a : r.body().path("applied")) {
          out.println(f.name() + ": ErrorBudgetPolicy " + Json.text(a, "name").orElse("?") + " "
              + Json.text(a, "result").orElse("applied"));
        }
      }
    }
    if (output == OutputFormat.JSON) {
      printJson(results);
    }
    out.flush();
    return exit;
  }
}

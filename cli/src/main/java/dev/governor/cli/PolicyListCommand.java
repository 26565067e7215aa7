package dev.governor.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code governor policy list}: the error-budget policies applied on the server. */
@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
    description = "List the error-budget policies on a Governor server: what each gates and where.")
final class PolicyListCommand extends ClientCommand {

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json (with each policy's YAML source).")
  OutputFormat output;

  @Override
  public Integer call() {
    ApiResponse r = client().get("/api/v1/policies");
    if (!r.ok()) {
      return reportFailure(r);
    }
    if (output == OutputFormat.JSON) {
      printJson(r.body());
      out().flush();
      return GovernorCommand.OK;
    }
    Table table = new Table("NAME", "GATES", "ENVIRONMENTS", "APPLIED");
    for (JsonNode policy : r.body().path("policies")) {
      List<String> environments = new ArrayList<>();
      policy.path("environments").forEach(e -> environments.add(e.asString()));
      table.add(
          Json.text(policy, "name").orElse("?"),
          Json.text(policy, "scope").orElse("?") + " " + Json.text(policy, "target").orElse("?"),
          environments.isEmpty() ? "every environment" : String.join(", ", environments),
          Json.text(policy, "appliedAt").orElse(Formats.NONE));
    }
    if (table.isEmpty()) {
      out().println("no policies yet; apply one with `governor policy apply -f FILE`");
    } else {
      out().print(table.render());
    }
    out().flush();
    return GovernorCommand.OK;
  }
}

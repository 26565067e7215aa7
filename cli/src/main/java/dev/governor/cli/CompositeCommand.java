package dev.governor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code governor composite}: the composite SLOs (user journeys) with their status. */
@Command(
    name = "composite",
    mixinStandardHelpOptions = true,
    description = {
        "Composite SLOs: a user journey over several SLOs' objectives, with its own target, budget and",
        "alerts. Without a subcommand, lists them; each runs as an SLO of its name (governor slo status NAME)."
    },
    subcommands = {CompositeApplyCommand.class, CompositeDeleteCommand.class})
final class CompositeCommand extends ClientCommand {

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    ApiResponse r = client().get("/api/v1/composites");
    if (!r.ok()) return reportFailure(r);
    if (output == OutputFormat.JSON) {
      printJson(r.body());
      out().flush();
      return GovernorCommand.OK;
    }
    Table table = new Table("COMPOSITE", "SERVICE", "METHOD", "TARGET", "ATTAINMENT", "BUDGET LEFT", "PROBLEMS");
    for (JsonNode c : SloListCommand.items(r.body(), "composites")) {
      StringBuilder problems = new StringBuilder();
      c.path("problems").forEach(p -> problems.append(problems.isEmpty() ? "" : "; ").append(p.asString()));
      table.add(Json.text(c, "name").orElse("?"), Json.text(c, "service").orElse("?"), Json.text(c, "method").orElse("?"),
          Formats.target(Json.decimal(c, "target")), c.path("noData").asBoolean(false) ? "no data"
              : Formats.attainment(Json.decimal(c, "attainment")), Formats.budget(Json.decimal(c, "budgetRemaining")),
          problems.isEmpty() ? Formats.NONE : problems.toString());
    }
    if (table.isEmpty()) {
      out().println("no composite SLOs; apply one with `governor composite apply -f FILE` (see examples/composites)");
    } else {
      out().print(table.render());
    }
    out().flush();
    return GovernorCommand.OK;
  }
}

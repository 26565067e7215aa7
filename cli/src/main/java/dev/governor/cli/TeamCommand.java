package dev.governor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code governor team}: teams with their services and members; {@code apply} applies Team documents. */
@Command(
    name = "team",
    mixinStandardHelpOptions = true,
    description = {
        "Teams (governor.dev/v1 Team): the services each owns, and the role of each member and sign-on group",
        "in it. Without a subcommand, lists them."
    },
    subcommands = {TeamApplyCommand.class})
final class TeamCommand extends ClientCommand {

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT", description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    ApiResponse r = client().get("/api/v1/teams");
    if (!r.ok()) return reportFailure(r);
    if (output == OutputFormat.JSON) {
      printJson(r.body());
      out().flush();
      return GovernorCommand.OK;
    }
    Table table = new Table("TEAM", "SERVICES", "MEMBERS", "GROUPS");
    for (JsonNode t : SloListCommand.items(r.body(), "teams")) {
      table.add(Json.text(t, "name").orElse("?"), String.join(", ", t.path("services").valueStream().map(JsonNode::asString).toList()),
          pairs(t.path("members")), pairs(t.path("groups")));
    }
    if (table.isEmpty()) out().println("no teams yet; apply some with `governor team apply -f examples/access/teams.yaml`");
    else out().print(table.render());
    out().flush();
    return GovernorCommand.OK;
  }

  private static String pairs(JsonNode object) {
    StringBuilder out = new StringBuilder();
    object.properties().forEach(e -> out.append(out.isEmpty() ? "" : ", ").append(e.getKey()).append('=').append(e.getValue().asString()));
    return out.isEmpty() ? Formats.NONE : out.toString();
  }
}

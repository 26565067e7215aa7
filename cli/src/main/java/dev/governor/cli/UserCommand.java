package dev.governor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code governor user}: the accounts people sign in with; {@code add}, {@code passwd}, {@code disable} change them. */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    description = {
        "Accounts people sign in to the web UI with (a password, or single sign-on). Without a",
        "subcommand, lists them with their role, teams and state. Needs an admin token once sign-in is on."
    },
    subcommands = {UserAddCommand.class, UserPasswdCommand.class, UserDisableCommand.class})
final class UserCommand extends ClientCommand {

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    ApiResponse r = client().get("/api/v1/accounts");
    if (!r.ok()) return reportFailure(r);
    if (output == OutputFormat.JSON) {
      printJson(r.body());
      out().flush();
      return GovernorCommand.OK;
    }
    Table table = new Table("ACCOUNT", "NAME", "ROLE", "TEAMS", "SIGN-IN", "STATE");
    for (JsonNode a : SloListCommand.items(r.body(), "accounts")) {
      StringBuilder teams = new StringBuilder();
      a.path("teams").properties().forEach(e -> teams.append(teams.isEmpty() ? "" : ", ").append(e.getKey())
          .append('=').append(e.getValue().asString()));
      table.add(Json.text(a, "name").orElse("?"), Json.text(a, "displayName").orElse(""), Json.text(a, "role").orElse("?"),
          teams.isEmpty() ? Formats.NONE : teams.toString(),
          a.path("hasPassword").asBoolean() ? "password" : Json.text(a, "origin").orElse("?"),
          a.path("disabled").asBoolean() ? "disabled" : "active");
    }
    if (table.isEmpty()) {
      out().println("no accounts yet; the server is open to anyone on its address. Add an admin with"
          + " `governor user add NAME --role admin`");
    } else {
      out().print(table.render());
    }
    out().flush();
    return GovernorCommand.OK;
  }
}

package dev.governor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code governor status-page}: the public page as the public sees it (each component's state and
 * uptime, active incidents); {@code apply}, {@code update}, {@code maintenance}, {@code override}
 * and {@code subscribe} change it.
 */
@Command(
    name = "status-page",
    mixinStandardHelpOptions = true,
    description = {
        "The public status page: without a subcommand, what it shows now (read from its summary.json).",
        "Apply the page with `apply`, tell the public about an incident with `update`, announce planned work",
        "with `maintenance`, set a component's state by hand with `override`, add feed subscribers with `subscribe`."
    },
    subcommands = {StatusPageApplyCommand.class, StatusPageUpdateCommand.class, StatusPageMaintenanceCommand.class,
        StatusPageOverrideCommand.class, StatusPageSubscribeCommand.class})
final class StatusPageCommand extends ClientCommand {

  @Option(names = "--path", defaultValue = "/status", paramLabel = "PATH",
      description = "Where the server serves the page (its status.path), default /status.")
  String path;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    ApiResponse r = client().get(path.replaceAll("/+$", "") + "/summary.json");
    if (!r.ok()) return reportFailure(r);
    if (output == OutputFormat.JSON) {
      printJson(r.body());
      out().flush();
      return GovernorCommand.OK;
    }
    JsonNode s = r.body();
    out().println(Json.text(s, "title").orElse("Status") + ": " + Json.text(s, "description").orElse("?")
        + " (updated " + Json.text(s, "updatedAt").orElse("?") + ")");
    Table table = new Table("COMPONENT", "NAME", "STATE", "UPTIME (90 DAYS)");
    for (JsonNode c : s.path("components")) {
      table.add(Json.text(c, "key").orElse("?"), Json.text(c, "name").orElse("?"), Json.text(c, "state").orElse("?"),
          Json.text(c, "uptime").orElse(""));
    }
    out().print(table.render());
    for (JsonNode i : s.path("incidents")) {
      if (i.path("resolved").asBoolean()) continue;
      out().println("incident " + i.path("id").asLong() + ": " + Json.text(i, "title").orElse("?") + " ("
          + Json.text(i, "phase").orElse("?") + ")");
    }
    out().flush();
    return GovernorCommand.OK;
  }
}

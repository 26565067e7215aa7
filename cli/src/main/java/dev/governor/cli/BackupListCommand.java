package dev.governor.cli;

import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code governor backup list}: the backups in the server's backup folder, newest first. */
@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
    description = "List the backups in the server's backup.dir, newest first.")
final class BackupListCommand extends ClientCommand {

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    ApiResponse r = client().get("/api/v1/backups");
    if (!r.ok()) return reportFailure(r);
    if (output == OutputFormat.JSON) {
      printJson(r.body());
      out().flush();
      return GovernorCommand.OK;
    }
    Table table = new Table("NAME", "TAKEN AT", "ROWS", "BYTES", "SCHEMA", "GOVERNOR");
    for (JsonNode b : SloListCommand.items(r.body(), "backups")) {
      if (b.has("problem")) {
        table.add(Json.text(b, "name").orElse("?"), "unreadable: " + Json.text(b, "problem").orElse("?"), "", "", "", "");
        continue;
      }
      table.add(Json.text(b, "name").orElse("?"), Json.text(b, "takenAt").orElse("?"), Long.toString(b.path("rows").asLong()),
          Long.toString(b.path("bytes").asLong()), Integer.toString(b.path("schemaVersion").asInt()),
          Json.text(b, "governorVersion").orElse("?"));
    }
    if (table.isEmpty()) {
      out().println("no backups in " + Json.text(r.body(), "dir").orElse("the backup folder")
          + " yet; take one with `governor backup create`");
    } else {
      out().print(table.render());
    }
    out().flush();
    return GovernorCommand.OK;
  }
}

package dev.governor.cli;

import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code governor backup create}: the server writes a backup of its whole database while it runs. */
@Command(name = "create", mixinStandardHelpOptions = true,
    description = {
        "Take a backup now, on the server, without stopping it: one consistent snapshot of the whole",
        "database in a file in the server's backup.dir. Prints its name, path and what it holds."
    })
final class BackupCreateCommand extends ClientCommand {

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    ApiResponse r = client().post("/api/v1/backups", "application/json", "");
    if (!r.ok()) return reportFailure(r);
    JsonNode backup = r.body();
    if (output == OutputFormat.JSON) {
      printJson(backup);
    } else {
      out().println("backup " + Json.text(backup, "name").orElse("?") + " taken at " + Json.text(backup, "takenAt").orElse("?")
          + ": " + backup.path("rows").asLong() + " rows in " + backup.path("tables").asInt() + " tables, "
          + backup.path("bytes").asLong() + " bytes, schema " + backup.path("schemaVersion").asInt());
      out().println("on the server at " + Json.text(backup, "path").orElse("?"));
    }
    out().flush();
    return GovernorCommand.OK;
  }
}

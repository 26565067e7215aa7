package dev.governor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code governor token}: service-account tokens; {@code create} and {@code revoke} change them. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
        "Service-account tokens for pipelines, exporters and scripts: each has a name, a role (globally or in",
        "one team), maybe an expiry, and a last-used time. Only their hash is kept. Without a subcommand, lists them."
    },
    subcommands = {TokenCreateCommand.class, TokenRevokeCommand.class})
final class TokenCommand extends ClientCommand {

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT", description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    ApiResponse r = client().get("/api/v1/tokens");
    if (!r.ok()) return reportFailure(r);
    if (output == OutputFormat.JSON) {
      printJson(r.body());
      out().flush();
      return GovernorCommand.OK;
    }
    Table table = new Table("ID", "TOKEN", "ROLE", "TEAM", "EXPIRES", "LAST USED", "STATE");
    for (JsonNode t : SloListCommand.items(r.body(), "tokens")) {
      table.add(Long.toString(t.path("id").asLong()), Json.text(t, "name").orElse("?"), Json.text(t, "role").orElse("?"),
          Json.text(t, "team").orElse(Formats.NONE), Json.text(t, "expiresAt").orElse("never"),
          Json.text(t, "lastUsedAt").orElse("never"), Json.text(t, "revokedAt").map(x -> "revoked").orElse("active"));
    }
    if (table.isEmpty()) out().println("no tokens yet; make one with `governor token create NAME --role editor`");
    else out().print(table.render());
    out().flush();
    return GovernorCommand.OK;
  }
}

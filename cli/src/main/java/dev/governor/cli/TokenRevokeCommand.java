package dev.governor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code governor token revoke NAME|ID}: the token stops working at once. */
@Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token (by name or id): it stops working at once.")
final class TokenRevokeCommand extends ClientCommand {

  @Parameters(paramLabel = "NAME|ID", description = "The token's name or id, as `governor token` lists them.")
  String token;

  @Override
  public Integer call() {
    String id = token;
    if (!token.chars().allMatch(Character::isDigit)) {
      ApiResponse list = client().get("/api/v1/tokens");
      if (!list.ok()) return reportFailure(list);
      id = null;
      for (JsonNode t : SloListCommand.items(list.body(), "tokens")) {
        if (token.equals(Json.text(t, "name").orElse("")) && t.path("revokedAt").isNull()) id = Long.toString(t.path("id").asLong());
      }
      if (id == null) {
        err().println("no active token named " + token + "; `governor token` lists them");
        err().flush();
        return GovernorCommand.NO;
      }
    }
    ApiResponse r = client().delete("/api/v1/tokens/" + id);
    if (!r.ok()) return reportFailure(r);
    out().println("revoked token " + token);
    out().flush();
    return GovernorCommand.OK;
  }
}

package dev.governor.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code governor token create NAME}: prints the new token, once. */
@Command(name = "create", mixinStandardHelpOptions = true,
    description = {
        "Make a service-account token and print it. It is shown this once: Governor keeps only its hash.",
        "  governor token create ci-deploys --role editor --team payments --expires-in 90d"
    })
final class TokenCreateCommand extends ClientCommand {

  @Parameters(paramLabel = "NAME", description = "What the token is for, such as ci-deploys.")
  String name;

  @Option(names = "--role", defaultValue = "viewer", paramLabel = "ROLE",
      description = "viewer (default), responder, editor or admin.")
  String role;

  @Option(names = "--team", paramLabel = "TEAM", description = "The role holds only for this team's services.")
  String team;

  @Option(names = "--expires-in", paramLabel = "DURATION", description = "Such as 90d; without it the token does not expire.")
  String expiresIn;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT", description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("role", role);
    if (team != null) body.put("team", team);
    if (expiresIn != null) body.put("expiresIn", expiresIn);
    ApiResponse r = client().post("/api/v1/tokens", "application/json", ApiClient.JSON.writeValueAsString(body));
    if (!r.ok()) return reportFailure(r);
    if (output == OutputFormat.JSON) {
      printJson(r.body());
    } else {
      out().println(Json.text(r.body(), "token").orElse("?"));
      err().println("token " + name + " (" + Json.text(r.body(), "role").orElse(role)
          + Json.text(r.body(), "team").map(t -> " in team " + t).orElse(", global") + ") made; copy it now, it is not"
          + " shown again. Use it as GOVERNOR_TOKEN or Authorization: Bearer <token>");
      err().flush();
    }
    out().flush();
    return GovernorCommand.OK;
  }
}

package dev.governor.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code governor user add NAME}: a local account, with a password unless it signs in only through single sign-on. */
@Command(name = "add", mixinStandardHelpOptions = true,
    description = {
        "Add an account. It signs in with a password (asked on the terminal, or --password-stdin), or",
        "with --sso-only through single sign-on. The first account turns sign-in on for the whole server:",
        "  governor user add admin --role admin"
    })
final class UserAddCommand extends ClientCommand {

  @Parameters(paramLabel = "NAME", description = "The account name: lowercase letters, digits, '-', '_', '.'.")
  String name;

  @Option(names = "--role", defaultValue = "viewer", paramLabel = "ROLE",
      description = "Global role: viewer (default), responder, editor or admin. Team roles come from Team documents.")
  String role;

  @Option(names = "--display-name", paramLabel = "TEXT", description = "The name pages and timelines show.")
  String displayName;

  @Option(names = "--email", paramLabel = "ADDRESS", description = "The account's email address.")
  String email;

  @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
  boolean passwordStdin;

  @Option(names = "--sso-only", description = "No password: the account signs in only through single sign-on.")
  boolean ssoOnly;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT", description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("role", role);
    if (displayName != null) body.put("displayName", displayName);
    if (email != null) body.put("email", email);
    if (!ssoOnly) body.put("password", PasswordInput.read(passwordStdin, name));
    ApiResponse r = client().post("/api/v1/accounts", "application/json", ApiClient.JSON.writeValueAsString(body));
    if (!r.ok()) return reportFailure(r);
    if (output == OutputFormat.JSON) {
      printJson(r.body());
    } else {
      out().println("added account " + name + " (" + Json.text(r.body(), "role").orElse(role) + ")"
          + (ssoOnly ? ", signs in through single sign-on" : ""));
    }
    out().flush();
    return GovernorCommand.OK;
  }
}

package dev.governor.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code governor user passwd NAME}: sets an account's password; its sessions end. */
@Command(name = "passwd", mixinStandardHelpOptions = true,
    description = "Set an account's password (an admin's token sets anyone's). Every session of the account ends.")
final class UserPasswdCommand extends ClientCommand {

  @Parameters(paramLabel = "NAME", description = "The account.")
  String name;

  @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
  boolean passwordStdin;

  @Override
  public Integer call() {
    String password = PasswordInput.read(passwordStdin, name);
    ApiResponse r = client().put("/api/v1/accounts/" + UrlPath.segment(name) + "/password", "application/json",
        ApiClient.JSON.writeValueAsString(Map.of("password", password)));
    if (!r.ok()) return reportFailure(r);
    out().println("set the password of " + name + "; its sessions are signed out");
    out().flush();
    return GovernorCommand.OK;
  }
}

package dev.governor.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code governor user disable NAME}: the account can no longer sign in, and its sessions end. */
@Command(name = "disable", mixinStandardHelpOptions = true,
    description = "Disable an account: it can no longer sign in, its sessions end, its history stays. --enable undoes it.")
final class UserDisableCommand extends ClientCommand {

  @Parameters(paramLabel = "NAME", description = "The account.")
  String name;

  @Option(names = "--enable", description = "Enable the account again instead.")
  boolean enable;

  @Override
  public Integer call() {
    ApiResponse r = client().patch("/api/v1/accounts/" + UrlPath.segment(name), "application/json",
        ApiClient.JSON.writeValueAsString(Map.of("disabled", !enable)));
    if (!r.ok()) return reportFailure(r);
    out().println((enable ? "enabled " : "disabled ") + name);
    out().flush();
    return GovernorCommand.OK;
  }
}

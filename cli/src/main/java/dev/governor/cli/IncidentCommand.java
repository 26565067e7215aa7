package dev.governor.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code governor incident}: a group only; run without a subcommand it prints usage and exits 2. */
@Command(
    name = "incident",
    mixinStandardHelpOptions = true,
    description = "List and read incidents, acknowledge, resolve and annotate them, print a postmortem draft.",
    subcommands = {
        IncidentListCommand.class,
        IncidentShowCommand.class,
        IncidentAckCommand.class,
        IncidentResolveCommand.class,
        IncidentNoteCommand.class,
        IncidentPostmortemCommand.class
    })
final class IncidentCommand {

  private static final Pattern ID = Pattern.compile("#?0*[1-9][0-9]{0,17}");

  /**
   * The incident number {@code text} names ("42" or "#42", as the API takes it); a usage error (exit
   * 2) otherwise, so a typo never reaches the server as some other incident.
   */
  static long id(CommandSpec spec, String text) {
    if (!ID.matcher(text).matches()) {
      throw new ParameterException(spec.commandLine(), "ID must be an incident number such as 42, got '" + text + "'");
    }
    return Long.parseLong(text.startsWith("#") ? text.substring(1) : text);
  }
}

package dev.governor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code governor incident note ID TEXT [--by NAME]}. */
@Command(
    name = "note",
    mixinStandardHelpOptions = true,
    description = {
        "Add a note to an incident's timeline: what you tried, what you saw, what you decided.",
        "Exits 1 when the server refuses (there is no such incident, the text is too long)."
    })
final class IncidentNoteCommand extends IncidentChangeCommand {

  @Parameters(index = "1", paramLabel = "TEXT", description = "The note; quote it in the shell.")
  String text;

  @Override
  public Integer call() {
    if (text.isBlank()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "TEXT must say something, got an empty note");
    }
    return post("notes", body().put("text", text));
  }

  @Override
  String describe(long number, JsonNode i) {
    return "note added to incident #" + number + " by " + by;
  }
}

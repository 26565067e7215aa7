package dev.governor.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code governor oncall apply -f FILE...}: uploads User, Schedule and EscalationPolicy files, each
 * one atomically, in the order given (a directory in name order), stopping at the first refusal:
 * schedules name users and policies name schedules, so later files build on earlier ones.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
        "Create or update users, schedules and escalation policies (governor.dev/v1 YAML).",
        "Files are applied in the order given, each one atomically; a directory stands for its",
        "*.yaml files in name order. Exits 1 when the server refuses a file (its problems are printed)."
    })
final class OnCallApplyCommand extends ClientCommand {

  @Option(names = {"-f", "--filename"}, required = true, arity = "1..*", paramLabel = "FILE",
      description = "YAML files, directories of them, or - for standard input.")
  List<String> files;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    return applyFiles(files, "/api/v1/oncall", "", output, "?", "");
  }
}

package dev.governor.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code governor team apply -f FILE...}: uploads Team documents to {@code POST /api/v1/teams}. */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = {
        "Create or update teams (apiVersion governor.dev/v1, kind Team) from YAML files, each applied atomically:",
        "  governor team apply -f examples/access/teams.yaml"
    })
final class TeamApplyCommand extends ClientCommand {

  @Option(names = {"-f", "--file"}, required = true, arity = "1..*", paramLabel = "FILE",
      description = "Team YAML files, directories of them, or - for standard input; repeatable.")
  List<String> files;

  @Option(names = "--dry-run", description = "Check the files on the server without applying them.")
  boolean dryRun;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT", description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    return applyFiles(files, "/api/v1/teams", dryRun ? "&dryRun=true" : "", output, "Team", dryRun ? " (dry run)" : "");
  }
}

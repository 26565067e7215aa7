package dev.governor.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code governor slo apply}: uploads spec files. Each file is one request, applied atomically by the
 * server, in the order given, and the first refusal stops the run: later files often build on
 * earlier ones (shared SLIs first), and problems are reported against the file the user wrote.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
        "Create or update the resources in OpenSLO YAML files on a Governor server.",
        "Files are applied in the order given, each one atomically; a directory stands for its",
        "*.yaml files. Exits 1 when the server refuses a file (its problems are printed)."
    })
final class SloApplyCommand extends ClientCommand {

  @Parameters(arity = "1..*", paramLabel = "FILE",
      description = "OpenSLO YAML files, directories of them, or - for standard input.")
  List<String> files;

  @Option(names = "--dry-run", description = "Validate on the server and show what would change; change nothing.")
  boolean dryRun;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    return applyFiles(files, "/api/v1/slos", dryRun ? "&dryRun=true" : "", output, "?", dryRun ? " (dry run)" : "");
  }
}

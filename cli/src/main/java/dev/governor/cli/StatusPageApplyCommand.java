package dev.governor.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code governor status-page apply -f FILE}: uploads the StatusPage document. */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = {
        "Create or replace the status page (apiVersion governor.dev/v1, kind StatusPage) from a YAML file.",
        "Exits 1 when the server refuses it (its problems are printed), e.g.:",
        "  governor status-page apply -f examples/status/status-page.yaml"
    })
final class StatusPageApplyCommand extends ClientCommand {

  @Option(names = {"-f", "--file"}, required = true, arity = "1..*", paramLabel = "FILE",
      description = "The StatusPage YAML file, or - for standard input.")
  List<String> files;

  @Option(names = "--dry-run", description = "Validate on the server and show what would change; change nothing.")
  boolean dryRun;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    return applyFiles(files, "/api/v1/status/page", dryRun ? "&dryRun=true" : "", output, "StatusPage",
        dryRun ? " (dry run)" : "");
  }
}

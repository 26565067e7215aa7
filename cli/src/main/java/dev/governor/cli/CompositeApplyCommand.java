package dev.governor.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code governor composite apply -f FILE...}: uploads CompositeSLO documents. */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = {
        "Create or update composite SLOs (apiVersion governor.dev/v1, kind CompositeSLO) from YAML files.",
        "Their members must be applied SLOs with the journey's window kind. Exits 1 when the server refuses",
        "a file (its problems are printed), e.g.:",
        "  governor composite apply -f examples/composites/checkout-journey.yaml"
    })
final class CompositeApplyCommand extends ClientCommand {

  @Option(names = {"-f", "--file"}, required = true, arity = "1..*", paramLabel = "FILE",
      description = "CompositeSLO YAML files, directories of them, or - for standard input; repeatable.")
  List<String> files;

  @Option(names = "--dry-run", description = "Validate on the server and show what would change; change nothing.")
  boolean dryRun;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    return applyFiles(files, "/api/v1/composites", dryRun ? "&dryRun=true" : "", output, "CompositeSLO",
        dryRun ? " (dry run)" : "");
  }
}

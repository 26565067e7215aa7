package dev.governor.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code governor capacity apply -f FILE...}: uploads CapacitySignal documents. */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = {
        "Create or update capacity signals (apiVersion governor.dev/v1, kind CapacitySignal) from YAML files.",
        "Each file is applied atomically, in the order given; a directory stands for its *.yaml files.",
        "Exits 1 when the server refuses a file (its problems are printed), e.g.:",
        "  governor capacity apply -f examples/capacity/checkout-traffic.yaml"
    })
final class CapacityApplyCommand extends ClientCommand {

  @Option(names = {"-f", "--file"}, required = true, arity = "1..*", paramLabel = "FILE",
      description = "CapacitySignal YAML files, directories of them, or - for standard input; repeatable.")
  List<String> files;

  @Option(names = "--dry-run", description = "Validate on the server and show what would change; change nothing.")
  boolean dryRun;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    return applyFiles(files, "/api/v1/capacity/signals", dryRun ? "&dryRun=true" : "", output, "CapacitySignal",
        dryRun ? " (dry run)" : "");
  }
}

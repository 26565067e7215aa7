package dev.governor.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code governor probe apply -f FILE...}: uploads Probe documents. */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = {
        "Create or update probes (apiVersion governor.dev/v1, kind Probe) from YAML files. Each file is",
        "applied atomically, in the order given; a directory stands for its *.yaml files. Exits 1 when",
        "the server refuses a file (its problems are printed), e.g.:",
        "  governor probe apply -f examples/probes/shop-home.yaml"
    })
final class ProbeApplyCommand extends ClientCommand {

  @Option(names = {"-f", "--file"}, required = true, arity = "1..*", paramLabel = "FILE",
      description = "Probe YAML files, directories of them, or - for standard input; repeatable.")
  List<String> files;

  @Option(names = "--dry-run", description = "Validate on the server and show what would change; change nothing.")
  boolean dryRun;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    return applyFiles(files, "/api/v1/probes", dryRun ? "&dryRun=true" : "", output, "Probe", dryRun ? " (dry run)" : "");
  }
}

package dev.governor.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code governor adjustment apply -f FILE...}: uploads BudgetAdjustment documents. */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = {
        "Create or update budget adjustments (apiVersion governor.dev/v1, kind BudgetAdjustment) from YAML",
        "files. Each file is applied atomically, in the order given; a directory stands for its *.yaml",
        "files. Prints what each apply did to the budget left of every objective it covers. Exits 1 when",
        "the server refuses a file (its problems are printed), e.g.:",
        "  governor adjustment apply -f examples/adjustments/weekly-maintenance.yaml --dry-run"
    })
final class AdjustmentApplyCommand extends ClientCommand {

  @Option(names = {"-f", "--file"}, required = true, arity = "1..*", paramLabel = "FILE",
      description = "BudgetAdjustment YAML files, directories of them, or - for standard input; repeatable.")
  List<String> files;

  @Option(names = "--dry-run", description = "Validate on the server and show the effect on the budgets; change nothing.")
  boolean dryRun;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    return applyFiles(files, "/api/v1/adjustments", dryRun ? "&dryRun=true" : "", output, "BudgetAdjustment",
        dryRun ? " (dry run)" : "");
  }
}

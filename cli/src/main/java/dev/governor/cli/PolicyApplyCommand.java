package dev.governor.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code governor policy apply -f FILE...}: uploads ErrorBudgetPolicy files to
 * {@code POST /api/v1/policies}. As with {@code slo apply}, each file is one request applied all or
 * nothing, in the order given, and the first refusal stops the run with the file's problems.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
        "Create or update error-budget policies (apiVersion governor.dev/v1, kind ErrorBudgetPolicy)",
        "from YAML files. Each file is applied atomically, in the order given; a directory stands for",
        "its *.yaml files. Exits 1 when the server refuses a file (its problems are printed), e.g.:",
        "  governor policy apply -f examples/policies/checkout-policy.yaml"
    })
final class PolicyApplyCommand extends ClientCommand {

  @Option(names = {"-f", "--file"}, required = true, arity = "1..*", paramLabel = "FILE",
      description = "Policy YAML files, directories of them, or - for standard input; repeatable.")
  List<String> files;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    return applyFiles(files, "/api/v1/policies", "", output, "ErrorBudgetPolicy", "");
  }
}

package dev.governor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code governor adjustment list}: the same list as {@code governor adjustment}, by its name. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the budget adjustments.")
final class AdjustmentListCommand extends ClientCommand {

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    return AdjustmentCommand.list(this, output);
  }
}

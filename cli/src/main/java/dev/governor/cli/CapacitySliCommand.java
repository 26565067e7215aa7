package dev.governor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code governor capacity sli NAME}: the forecast of one SLI's traffic, without a limit. */
@Command(name = "sli", mixinStandardHelpOptions = true,
    description = "Forecast an SLI's traffic (its total events per minute, hourly) 90 days ahead, with the"
        + " backtest error; no limit, so no crossing. A CapacitySignal gives it one.")
final class CapacitySliCommand extends ClientCommand {

  @Parameters(paramLabel = "SLI", description = "The SLI's name.")
  String sli;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    return CapacityShowCommand.print(this, client().get("/api/v1/capacity/slis/" + UrlPath.segment(sli)), output);
  }
}

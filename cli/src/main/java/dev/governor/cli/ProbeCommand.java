package dev.governor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code governor probe}: the probes with their state and latest run; {@code show}, {@code apply}, {@code delete} go further. */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = {
        "Synthetic probes (HTTP, TCP, DNS, TLS expiry) that Governor runs on their own schedule. Without a",
        "subcommand, lists them with their state, latest run and the failures in a row."
    },
    subcommands = {ProbeShowCommand.class, ProbeApplyCommand.class, ProbeDeleteCommand.class})
final class ProbeCommand extends ClientCommand {

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    ApiResponse r = client().get("/api/v1/probes");
    if (!r.ok()) return reportFailure(r);
    if (output == OutputFormat.JSON) {
      printJson(r.body());
      out().flush();
      return GovernorCommand.OK;
    }
    Table table = new Table("PROBE", "CHECK", "STATE", "LAST RUN", "LATENCY", "FAILS", "DETAIL");
    for (JsonNode p : SloListCommand.items(r.body(), "probes")) {
      JsonNode last = p.path("lastRun");
      table.add(Json.text(p, "name").orElse("?"), Json.text(p, "type").orElse("?") + " " + Json.text(p, "target").orElse(""),
          Json.text(p, "state").orElse("?"), Json.text(last, "startedAt").orElse(Formats.NONE),
          last.path("latencyMs").isNumber() ? ProbeShowCommand.millis(last.path("latencyMs").asDouble()) : Formats.NONE,
          Integer.toString(p.path("failuresInARow").asInt()), Json.text(last, "detail").orElse(""));
    }
    if (table.isEmpty()) {
      out().println("no probes yet; apply one with `governor probe apply -f FILE` (see examples/probes)");
    } else {
      out().print(table.render());
    }
    out().flush();
    return GovernorCommand.OK;
  }
}

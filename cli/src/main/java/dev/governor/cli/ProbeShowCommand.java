package dev.governor.cli;

import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code governor probe show NAME}: one probe's settings (secrets masked) and its latest runs. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "One probe: its check (secret headers masked), state, the SLIs it feeds and its latest runs.")
final class ProbeShowCommand extends ClientCommand {

  @Parameters(paramLabel = "NAME", description = "The probe's name.")
  String name;

  @Option(names = {"-n", "--runs"}, defaultValue = "20", paramLabel = "N", description = "How many runs to list (default 20).")
  int runs;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    ApiResponse probe = client().get("/api/v1/probes/" + UrlPath.segment(name));
    if (!probe.ok()) return reportFailure(probe);
    ApiResponse results = client().get("/api/v1/probes/" + UrlPath.segment(name) + "/results?limit=" + Math.max(1, runs));
    if (!results.ok()) return reportFailure(results);
    if (output == OutputFormat.JSON) {
      var root = ApiClient.JSON.createObjectNode();
      root.set("probe", probe.body());
      root.set("results", results.body().path("results"));
      printJson(root);
      out().flush();
      return GovernorCommand.OK;
    }
    JsonNode s = probe.body().path("summary");
    var out = out();
    out.println(Json.text(s, "name").orElse("?") + ": " + Json.text(s, "type").orElse("?") + " "
        + Json.text(s, "target").orElse("") + ", every " + Json.text(s, "interval").orElse("?") + ", timeout "
        + Json.text(s, "timeout").orElse("?"));
    out.println("  state " + Json.text(s, "state").orElse("?") + ", " + s.path("failuresInARow").asInt()
        + " failures in a row (an incident opens at " + s.path("failuresToOpen").asInt() + ", 0 never)");
    probe.body().path("check").properties().forEach(e -> out.println("  " + e.getKey() + ": " + e.getValue()));
    StringBuilder slis = new StringBuilder();
    s.path("slis").forEach(n -> slis.append(slis.isEmpty() ? "" : ", ").append(n.asString()));
    out.println("  feeds " + (slis.isEmpty() ? "no SLI" : slis));
    Table table = new Table("STARTED", "OUTCOME", "LATENCY", "DETAIL");
    for (JsonNode r : results.body().path("results")) {
      table.add(Json.text(r, "startedAt").orElse("?"), Json.text(r, "outcome").orElse("?"),
          millis(r.path("latencyMs").asDouble()), Json.text(r, "detail").orElse(""));
    }
    if (table.isEmpty()) out.println("no runs yet");
    else out.print(table.render());
    out.flush();
    return GovernorCommand.OK;
  }

  static String millis(double ms) {
    return ms >= 1000 ? String.format(Locale.ROOT, "%.2f s", ms / 1000) : String.format(Locale.ROOT, "%.0f ms", ms);
  }
}

package dev.governor.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code governor oncall now [--schedule S] [--at T]}: who is on call, in every schedule or one,
 * now or at a time. A schedule with nobody on call is a "no" (exit 1), so a script can check that
 * someone will be there.
 */
@Command(
    name = "now",
    mixinStandardHelpOptions = true,
    description = {
        "Show who is on call in every schedule, or in one, now or at a given time.",
        "Exits 1 when a schedule shown has nobody on call then, or when there is no such schedule."
    })
final class OnCallNowCommand extends ClientCommand {

  @Option(names = "--schedule", paramLabel = "SCHEDULE", description = "Only this schedule.")
  String schedule;

  @Option(names = "--at", paramLabel = "TIME", description = "An RFC 3339 time, past or future (default: now).")
  String at;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    String query = at == null ? "" : "?at=" + UrlPath.query(Times.instant(spec, "--at", at).toString());
    ApiResponse r = client().get(schedule == null
        ? "/api/v1/oncall" + query
        : "/api/v1/schedules/" + UrlPath.segment(schedule) + "/oncall" + query);
    if (!r.ok()) return reportFailure(r);
    List<JsonNode> entries = new ArrayList<>();
    if (schedule == null) r.body().path("schedules").forEach(entries::add);
    else entries.add(r.body());
    boolean gap = entries.stream().anyMatch(e -> Json.text(e, "user").isEmpty());
    if (output == OutputFormat.JSON) {
      printJson(r.body());
    } else if (entries.isEmpty()) {
      out().println("no schedules; apply some with `governor oncall apply -f FILE`");
    } else {
      Table table = new Table("SCHEDULE", "ON CALL", "UNTIL", "VIA");
      for (JsonNode e : entries) {
        String user = Json.text(e, "user").map(u -> u + Json.text(e, "displayName").map(d -> " (" + d + ")").orElse(""))
            .orElse("nobody");
        List<String> sources = new ArrayList<>();
        e.path("sources").forEach(s -> sources.add(s.asString()));
        table.add(Json.text(e, "schedule").orElse("?"), user, Json.text(e, "until").orElse(Formats.NONE),
            sources.isEmpty() ? Formats.NONE : String.join(", ", sources));
      }
      out().print(table.render());
      if (!entries.isEmpty()) out().println("at " + Json.text(entries.getFirst(), "at").orElse("?"));
    }
    out().flush();
    return gap ? GovernorCommand.NO : GovernorCommand.OK;
  }
}

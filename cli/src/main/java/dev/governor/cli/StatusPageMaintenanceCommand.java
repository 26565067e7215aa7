package dev.governor.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code governor status-page maintenance}: lists, schedules or cancels planned work. */
@Command(name = "maintenance", mixinStandardHelpOptions = true,
    description = {
        "Without options, lists the maintenance that has not ended. Schedule one with --title, --start, --end and",
        "--component; cancel one with --cancel ID, e.g.:",
        "  governor status-page maintenance --title \"Database upgrade\" --component checkout \\",
        "      --start 2026-12-06T02:00:00Z --end 2026-12-06T03:00:00Z"
    })
final class StatusPageMaintenanceCommand extends ClientCommand {

  @Option(names = "--title", paramLabel = "TEXT", description = "What the public reads.")
  String title;

  @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "More for the public; optional.")
  String message;

  @Option(names = "--start", paramLabel = "TIME", description = "RFC 3339 start.")
  String start;

  @Option(names = "--end", paramLabel = "TIME", description = "RFC 3339 end (at most 7 days after start).")
  String end;

  @Option(names = "--component", paramLabel = "KEY", description = "A component it affects; repeatable.")
  List<String> components = List.of();

  @Option(names = "--cancel", paramLabel = "ID", description = "Cancel this maintenance.")
  Long cancel;

  @Override
  public Integer call() {
    if (cancel != null) {
      ApiResponse r = client().delete("/api/v1/status/maintenances/" + cancel);
      if (!r.ok()) return reportFailure(r);
      out().println("cancelled maintenance " + cancel);
      out().flush();
      return GovernorCommand.OK;
    }
    if (title == null && start == null && end == null && components.isEmpty()) {
      ApiResponse r = client().get("/api/v1/status/maintenances");
      if (!r.ok()) return reportFailure(r);
      Table table = new Table("ID", "TITLE", "START", "END", "COMPONENTS", "CANCELLED");
      for (JsonNode m : r.body().path("maintenances")) {
        StringBuilder keys = new StringBuilder();
        m.path("components").forEach(k -> keys.append(keys.isEmpty() ? "" : ",").append(k.asString()));
        table.add(Long.toString(m.path("id").asLong()), Json.text(m, "title").orElse("?"), Json.text(m, "start").orElse("?"),
            Json.text(m, "end").orElse("?"), keys.toString(), Boolean.toString(m.path("cancelled").asBoolean()));
      }
      if (table.isEmpty()) out().println("no maintenance scheduled");
      else out().print(table.render());
      out().flush();
      return GovernorCommand.OK;
    }
    var body = ApiClient.JSON.createObjectNode();
    if (title != null) body.put("title", title);
    if (message != null) body.put("message", message);
    if (start != null) body.put("start", start);
    if (end != null) body.put("end", end);
    var list = body.putArray("components");
    components.forEach(list::add);
    ApiResponse r = client().post("/api/v1/status/maintenances", "application/json", body.toString());
    if (!r.ok()) return reportFailure(r);
    out().println("scheduled maintenance " + r.body().path("id").asLong() + ": " + title);
    out().flush();
    return GovernorCommand.OK;
  }
}

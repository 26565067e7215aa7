package dev.governor.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code governor incident list [--state S] [--service S]}: incidents, newest first. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List incidents, newest first, with their time to acknowledge and to resolve.")
final class IncidentListCommand extends ClientCommand {

  enum State { OPEN, TRIGGERED, ACKNOWLEDGED, RESOLVED }

  @Option(names = "--state", paramLabel = "STATE",
      description = "Only incidents in this state: open (triggered or acknowledged), triggered, acknowledged, resolved.")
  State state;

  @Option(names = "--service", paramLabel = "SERVICE", description = "Only incidents whose alerts name this service.")
  String service;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most this many (1 to 1000; default 100).")
  int limit;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    List<String> query = new ArrayList<>();
    if (state != null) query.add("state=" + state.name().toLowerCase(java.util.Locale.ROOT));
    if (service != null && !service.isBlank()) query.add("service=" + UrlPath.query(service.strip()));
    query.add("limit=" + limit);
    ApiResponse r = client().get("/api/v1/incidents?" + String.join("&", query));
    if (!r.ok()) return reportFailure(r);
    if (output == OutputFormat.JSON) {
      printJson(r.body());
    } else if (r.body().path("incidents").isEmpty()) {
      out().println(state == null && service == null ? "no incidents" : "no incidents match");
    } else {
      Table table = new Table(">ID", "STATE", "SEVERITY", "SERVICES", "OPENED", ">TO ACK", ">TO RESOLVE", "TITLE");
      for (JsonNode i : r.body().path("incidents")) {
        table.add("#" + Json.text(i, "id").orElse("?"), Json.text(i, "state").orElse("?"),
            Json.text(i, "severity").orElse("?"), IncidentShowCommand.joined(i.path("services")),
            Json.text(i, "openedAt").orElse(Formats.NONE), seconds(i, "timeToAcknowledgeSeconds"),
            seconds(i, "timeToResolveSeconds"), Json.text(i, "title").orElse(""));
      }
      out().print(table.render());
    }
    out().flush();
    return GovernorCommand.OK;
  }

  /** A duration the API gives in whole seconds, as a person reads it; "-" when there is none yet. */
  static String seconds(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isNumber() ? Times.human(Duration.ofSeconds(v.asLong())) : Formats.NONE;
  }
}

package dev.governor.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code governor incident show ID}: one incident with its alerts and timeline. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
        "Show an incident: its state, severity, services, SLOs and roles, its alerts and its timeline.",
        "Exits 1 when there is no such incident."
    })
final class IncidentShowCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "ID", description = "The incident number, such as 42.")
  String id;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    long number = IncidentCommand.id(spec, id);
    ApiResponse r = client().get("/api/v1/incidents/" + number);
    if (!r.ok()) return reportFailure(r);
    JsonNode i = r.body();
    if (output == OutputFormat.JSON) {
      printJson(i);
      out().flush();
      return GovernorCommand.OK;
    }
    out().println("#" + number + " " + Json.text(i, "title").orElse(""));
    Table head = new Table("", "");
    head.add("state", Json.text(i, "state").orElse("?")
        + (i.path("reopenCount").asInt(0) > 0 ? " (reopened " + i.path("reopenCount").asInt() + "x)" : ""));
    head.add("severity", Json.text(i, "severity").orElse("?"));
    head.add("services", joined(i.path("services")));
    head.add("slos", joined(i.path("slos")));
    head.add("opened", Json.text(i, "openedAt").orElse(Formats.NONE));
    head.add("acknowledged", Json.text(i, "acknowledgedAt")
        .map(at -> at + " by " + Json.text(i, "acknowledgedBy").orElse("?") + " (after "
            + IncidentListCommand.seconds(i, "timeToAcknowledgeSeconds") + ")")
        .orElse(Formats.NONE));
    head.add("resolved", Json.text(i, "resolvedAt")
        .map(at -> at + " by " + Json.text(i, "resolvedBy").orElse("?") + " (after "
            + IncidentListCommand.seconds(i, "timeToResolveSeconds") + ")")
        .orElse(Formats.NONE));
    List<String> roles = new ArrayList<>();
    for (Map.Entry<String, JsonNode> role : i.path("roles").properties()) {
      roles.add(role.getKey() + ": " + role.getValue().asString());
    }
    head.add("roles", roles.isEmpty() ? Formats.NONE : String.join(", ", roles));
    // The two-column table without its (empty) header line: "field  value" lines that align.
    head.render().lines().skip(1).forEach(out()::println);

    out().println();
    out().println("ALERTS");
    Table alerts = new Table("STATE", "SEVERITY", "INTEGRATION", "KEY", "STARTED", "RESOLVED", "SUMMARY");
    for (JsonNode a : i.path("alerts")) {
      String state = Json.text(a, "state").orElse("?")
          + Json.text(a, "suppression").map(s -> " (" + s + ")").orElse("");
      alerts.add(state, Json.text(a, "severity").orElse("?"), Json.text(a, "integration").orElse("?"),
          Json.text(a, "dedupKey").orElse(Formats.NONE), Json.text(a, "startedAt").orElse(Formats.NONE),
          Json.text(a, "resolvedAt").orElse(Formats.NONE), oneLine(Json.text(a, "summary").orElse("")));
    }
    out().print(alerts.isEmpty() ? "none\n" : alerts.render());

    out().println();
    out().println("TIMELINE");
    Table timeline = new Table("AT", "KIND", "WHO", "WHAT");
    for (JsonNode e : i.path("timeline")) {
      timeline.add(Json.text(e, "at").orElse("?"), Json.text(e, "kind").orElse("?"),
          Json.text(e, "actor").orElse("?"), oneLine(Json.text(e, "text").orElse("")));
    }
    out().print(timeline.isEmpty() ? "none\n" : timeline.render());
    out().flush();
    return GovernorCommand.OK;
  }

  static String joined(JsonNode array) {
    List<String> items = new ArrayList<>();
    array.forEach(n -> items.add(n.asString()));
    return items.isEmpty() ? Formats.NONE : String.join(", ", items);
  }

  /** A note may span lines; a table row may not. */
  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " / ");
  }
}

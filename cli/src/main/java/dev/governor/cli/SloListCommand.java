package dev.governor.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code governor slo list}: the SLOs applied on the server. */
@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
    description = "List the SLOs on a Governor server.")
final class SloListCommand extends ClientCommand {

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    ApiResponse r = client().get("/api/v1/slos");
    if (!r.ok()) {
      return reportFailure(r);
    }
    if (output == OutputFormat.JSON) {
      printJson(r.body());
      return GovernorCommand.OK;
    }
    Table table = new Table("NAME", "SERVICE", "WINDOW", "OBJECTIVES");
    for (JsonNode slo : items(r.body(), "slos")) {
      JsonNode spec = slo.path("spec");
      table.add(
          Json.text(slo, "name").or(() -> Json.text(slo.path("metadata"), "name")).orElse("?"),
          Json.text(slo, "service").or(() -> Json.text(spec, "service")).orElse(Formats.NONE),
          window(slo.has("window") ? slo.path("window") : spec.path("timeWindow")),
          objectives(slo.has("objectives") ? slo.path("objectives") : spec.path("objectives")));
    }
    if (table.isEmpty()) {
      out().println("no SLOs yet; apply one with `governor slo apply FILE`");
    } else {
      out().print(table.render());
    }
    out().flush();
    return GovernorCommand.OK;
  }

  /** A list answer is either a bare array or an object holding the array under {@code field}. */
  static List<JsonNode> items(JsonNode body, String field) {
    JsonNode array = body.isArray() ? body : body.path(field);
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items;
  }

  private static String window(JsonNode window) {
    if (window.isArray() && !window.isEmpty()) {
      window = window.get(0);
    }
    if (window.isValueNode()) {
      return window.asString();
    }
    // OpenSLO: {duration: 28d, isRolling: true} or {duration: 1M, calendar: {...}}.
    String duration = Json.text(window, "duration", "length").orElse(Formats.NONE);
    boolean calendar = window.has("calendar") || "calendar".equalsIgnoreCase(Json.text(window, "type").orElse(""))
        || !window.path("isRolling").asBoolean(true);
    return duration + (calendar ? " calendar" : " rolling");
  }

  private static String objectives(JsonNode objectives) {
    List<String> parts = new ArrayList<>();
    for (JsonNode o : objectives) {
      String target = Formats.target(Json.decimal(o, "target"));
      String name = Json.text(o, "name", "displayName").orElse("");
      parts.add(name.isEmpty() ? target : name + " " + target);
    }
    return parts.isEmpty() ? Formats.NONE : String.join(", ", parts);
  }
}

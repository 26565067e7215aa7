package dev.governor.cli;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Renders RFC 9457 problem documents as lines a person (and an editor's error parser) can use:
 * document problems as {@code file:line: path: message}, event problems as
 * {@code events[index].field: message}.
 */
final class Problems {

  static final String NO_FILE = "";

  private Problems() {}

  /** One line per problem, in the same shape `governor slo validate` prints offline. */
  static String specLine(String file, int line, String path, String message) {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (path != null && !path.isBlank()) {
      sb.append(path).append(": ");
    }
    return sb.append(message).toString();
  }

  /**
   * The lines describing a failed response. {@code file} replaces the server's file name, which
   * for an uploaded body is not the name the user knows.
   */
  static List<String> describe(ApiResponse response, String file) {
    JsonNode body = response.body();
    List<String> lines = new ArrayList<>();
    if (!body.isObject()) {
      String text = body.isString() ? body.stringValue().strip() : "";
      lines.add("governor: the server answered HTTP " + response.status()
          + (text.isEmpty() ? "" : ": " + abbreviate(text)));
      return lines;
    }
    String title = Json.text(body, "title").orElse("HTTP " + response.status());
    String detail = Json.text(body, "detail").orElse("");
    lines.add("governor: " + title + " (HTTP " + response.status() + ")"
        + (detail.isEmpty() || detail.equals(title) ? "" : ": " + detail));
    for (JsonNode p : body.path("problems")) {
      String name = !file.isEmpty() ? file : Json.text(p, "file").orElse("<request>");
      lines.add("  " + specLine(name, p.path("line").asInt(0),
          Json.text(p, "path").orElse(""), Json.text(p, "message").orElse("")));
    }
    for (JsonNode e : body.path("errors")) {
      String field = Json.text(e, "field").orElse("");
      lines.add("  events[" + e.path("index").asInt(0) + "]" + (field.isEmpty() ? "" : "." + field)
          + ": " + Json.text(e, "message").orElse(""));
    }
    return lines;
  }

  private static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ");
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
  }
}

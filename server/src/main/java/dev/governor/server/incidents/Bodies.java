package dev.governor.server.incidents;

import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.Json;
import dev.governor.server.http.RequestBodies;
import dev.governor.text.Durations;
import dev.governor.text.Quoted;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reads JSON bodies and their fields, answering a bad or missing field with a 400 that names it. */
public final class Bodies {

  private Bodies() {}

  public static JsonNode object(Context ctx, RequestBodies bodies) {
    RequestBodies.requireMediaType(ctx, List.of("application/json"));
    byte[] bytes = bodies.read(ctx);
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      throw new HttpProblem.BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) throw new HttpProblem.BadRequest("the body must be a JSON object");
    return node;
  }

  public static String text(JsonNode body, String field, String what, String example) {
    return optionalText(body, field, example).orElseThrow(() -> HttpProblem.BadRequest.field(field,
        "the field '" + field + "' is required: " + what + ", e.g. \"" + field + "\": \"" + example + "\"", example));
  }

  public static Optional<String> optionalText(JsonNode body, String field, String example) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isString()) {
      throw HttpProblem.BadRequest.field(field, "the field '" + field + "' must be a string, got " + value, example);
    }
    return Optional.of(value.asString().strip()).filter(s -> !s.isEmpty());
  }

  public static Optional<Instant> optionalInstant(JsonNode body, String field) {
    String example = "2026-03-02T10:00:00Z";
    return optionalText(body, field, example).map(text -> {
      Instant instant;
      try {
        instant = OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        throw HttpProblem.BadRequest.field(field,
            "the field '" + field + "' must be an RFC 3339 time such as " + example + ", got '" + text + "'", example);
      }
      if (!dev.governor.incident.Instants.inRange(instant)) {
        throw HttpProblem.BadRequest.field(field,
            "the field '" + field + "' must be a time in the years 0001 to 9999, got '" + text + "'", example);
      }
      return instant;
    });
  }

  /** A positive duration in the one grammar ({@link Durations}): "90s", "1h30m", "1w", or ISO-8601 ("PT2H"). */
  public static Optional<Duration> optionalDuration(JsonNode body, String field, String example) {
    return optionalText(body, field, example).map(text -> {
      Duration d;
      try {
        d = Durations.parse(text, "the field '" + field + "'");
      } catch (IllegalArgumentException e) {
        throw HttpProblem.BadRequest.field(field, e.getMessage(), example);
      }
      if (!d.isPositive()) {
        throw HttpProblem.BadRequest.field(field, "the field '" + field + "' must be longer than zero, such as "
            + example + ", got " + Quoted.string(text), example);
      }
      return d;
    });
  }

  /** A list of strings; an absent field is an empty list. */
  public static List<JsonNode> array(JsonNode body, String field, String example) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) return List.of();
    if (!value.isArray()) {
      throw HttpProblem.BadRequest.field(field, "the field '" + field + "' must be a list, e.g. \"" + field + "\": "
          + example, example);
    }
    List<JsonNode> items = new ArrayList<>();
    value.forEach(items::add);
    return items;
  }
}

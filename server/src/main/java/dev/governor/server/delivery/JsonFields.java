package dev.governor.server.delivery;

import dev.governor.server.http.HttpProblem;
import dev.governor.text.Quoted;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Reads fields of a JSON body, answering a bad or missing field with a 400 that names it. */
final class JsonFields {

  private JsonFields() {}

  static String text(JsonNode node, String field, String example) {
    return optionalText(node, field).orElseThrow(() -> new HttpProblem.BadRequest(
        "the field '" + field + "' is required, e.g. \"" + field + "\": \"" + example + "\""));
  }

  static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) return Optional.empty();
    if (value.isNumber()) return Optional.of(value.asString());
    if (!value.isString()) {
      throw new HttpProblem.BadRequest("the field '" + field + "' must be a string, got " + Quoted.bounded(value.toString()));
    }
    return Optional.of(value.asString()).filter(s -> !s.isEmpty());
  }

  static Optional<Instant> optionalInstant(JsonNode node, String field) {
    return optionalText(node, field).map(text -> {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        throw new HttpProblem.BadRequest(
            "the field '" + field + "' must be an RFC 3339 time such as 2025-03-01T12:00:00Z, got '" + text + "'");
      }
    });
  }

  static Instant instant(JsonNode node, String field) {
    return optionalInstant(node, field).orElseThrow(() -> new HttpProblem.BadRequest(
        "the field '" + field + "' is required, an RFC 3339 time such as 2025-03-01T12:00:00Z"));
  }
}

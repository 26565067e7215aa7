package dev.governor.cli;

import java.math.BigDecimal;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Lenient reads from the server's JSON: a missing field is an empty Optional, never an exception. */
final class Json {

  private Json() {}

  /** The first of {@code names} that holds a scalar, as text. */
  static Optional<String> text(JsonNode node, String... names) {
    for (String name : names) {
      JsonNode v = node.path(name);
      if (v.isValueNode() && !v.isNull()) {
        return Optional.of(v.asString());
      }
    }
    return Optional.empty();
  }

  /** A number the server sent as a JSON number or as decimal text ("0.999"). */
  static Optional<BigDecimal> decimal(JsonNode node, String name) {
    JsonNode v = node.path(name);
    if (v.isNumber()) {
      return Optional.of(v.decimalValue());
    }
    if (v.isString()) {
      try {
        return Optional.of(new BigDecimal(v.stringValue().strip()));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}

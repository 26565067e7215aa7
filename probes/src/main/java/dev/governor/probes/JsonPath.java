package dev.governor.probes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The small part of JSONPath a health check needs: {@code $}, then {@code .name}, {@code ['name']}
 * and {@code [index]} steps, such as {@code $.status} or {@code $.checks[0].ok}. Wildcards and
 * filters are not supported: a check names one value.
 */
final class JsonPath {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Pattern STEP = Pattern.compile("\\.([A-Za-z_$][A-Za-z0-9_$-]*)|\\['([^']*)'\\]|\\[(\\d+)\\]");

  private JsonPath() {}

  /** What is wrong with {@code body} at {@code path}, or empty when the value is there (and equal). */
  static Optional<String> check(String body, String path, Optional<String> equals) {
    List<Object> steps;
    try {
      steps = steps(path);
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (JacksonException e) {
      return Optional.of("the body is not JSON");
    }
    for (Object step : steps) {
      node = step instanceof Integer i ? node.path(i) : node.path((String) step);
      if (node.isMissingNode()) return Optional.of("the body has nothing at " + NetworkProbeRunner.bounded(path));
    }
    if (equals.isEmpty()) return Optional.empty();
    String actual = node.isValueNode() ? node.asString() : node.toString();
    if (actual.equals(equals.get())) return Optional.empty();
    return Optional.of(NetworkProbeRunner.bounded(path) + " is '" + NetworkProbeRunner.bounded(actual) + "', expected '"
        + NetworkProbeRunner.bounded(equals.get()) + "'");
  }

  static List<Object> steps(String path) {
    if (!path.startsWith("$")) throw new IllegalArgumentException("jsonPath must start with $");
    List<Object> steps = new ArrayList<>();
    Matcher m = STEP.matcher(path);
    int at = 1;
    while (at < path.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("jsonPath " + NetworkProbeRunner.bounded(path) + " is not a path such as $.checks[0].ok");
      }
      if (m.group(1) != null) steps.add(m.group(1));
      else if (m.group(2) != null) steps.add(m.group(2));
      else steps.add(Integer.parseInt(m.group(3)));
      at = m.end();
    }
    return steps;
  }
}

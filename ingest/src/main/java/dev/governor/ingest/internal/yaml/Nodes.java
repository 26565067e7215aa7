package dev.governor.ingest.internal.yaml;

import dev.governor.ingest.NumberLimits;
import dev.governor.text.Quoted;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Small facts about YAML nodes that every reader needs. */
public final class Nodes {

  private Nodes() {}

  public static boolean isNull(Node node) {
    return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
  }

  /** "a list", "a mapping", "'abc'": how a wrong value is named in a problem. */
  public static String describe(Node node) {
    return switch (node) {
      case MappingNode m -> "a mapping";
      case SequenceNode s -> "a list";
      case ScalarNode s when isNull(s) -> "nothing";
      case ScalarNode s -> "'" + Quoted.bounded(s.getValue()) + "'";
      default -> "a " + node.getNodeType();
    };
  }

  /**
   * The value of a free-form node ({@code metricSource.spec}, {@code connectionDetails}) as plain
   * Java: String, Long or BigInteger, BigDecimal, Boolean, List and Map. Numbers stay exact. Null
   * values are left out, as the core's immutable maps hold no nulls.
   */
  public static Object toPlain(Node node) {
    return switch (node) {
      case MappingNode m -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
          if (isNull(t.getValueNode())) continue;
          String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : describe(t.getKeyNode());
          map.put(key, toPlain(t.getValueNode()));
        }
        yield Collections.unmodifiableMap(map);
      }
      case SequenceNode s -> {
        List<Object> list = new ArrayList<>();
        for (Node item : s.getValue()) if (!isNull(item)) list.add(toPlain(item));
        yield Collections.unmodifiableList(list);
      }
      case ScalarNode s -> scalar(s);
      default -> describe(node);
    };
  }

  private static Object scalar(ScalarNode s) {
    String text = s.getValue();
    try {
      if (Tag.BOOL.equals(s.getTag())) return Boolean.parseBoolean(text);
      // A number no field could hold stays text, so that converting it costs nothing.
      if (!NumberLimits.shortEnough(text)) return text;
      if (Tag.INT.equals(s.getTag())) {
        BigInteger value = new BigInteger(text.replace("_", "").replaceFirst("^\\+", ""));
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
      }
      if (Tag.FLOAT.equals(s.getTag())) {
        BigDecimal value = new BigDecimal(text);
        return NumberLimits.withinReach(value) ? value : text;
      }
    } catch (NumberFormatException e) {
      // Hex, octal, .inf and .nan resolve as numbers in the core schema; keep their text.
      return text;
    }
    return text;
  }

  /** The key of {@code candidates} closest to {@code key}, if a typo away. */
  public static Optional<String> nearest(String key, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(key.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, key.length() / 3) ? Optional.of(best) : Optional.empty();
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}

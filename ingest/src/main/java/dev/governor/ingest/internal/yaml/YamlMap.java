package dev.governor.ingest.internal.yaml;

import dev.governor.ingest.NumberLimits;
import dev.governor.text.Quoted;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML mapping read field by field. Every accessor reports what is wrong (wrong type, missing,
 * not a number) to the document's {@link DocContext} and returns empty, so a reader can go on and
 * collect every problem of a document in one pass. Keys it was asked about are remembered, so that
 * {@link #rejectUnknownKeys()} can point at typos such as {@code targetPercentage}.
 */
public final class YamlMap {

  private final DocContext ctx;
  private final String path;
  private final MappingNode node;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> known = new LinkedHashSet<>();

  private YamlMap(DocContext ctx, String path, MappingNode node) {
    this.ctx = ctx;
    this.path = path;
    this.node = node;
    for (NodeTuple tuple : node.getValue()) {
      Node key = tuple.getKeyNode();
      if (!(key instanceof ScalarNode scalar)) {
        ctx.problem(path, key, "keys must be plain strings, not a " + Nodes.describe(key));
        continue;
      }
      if (entries.putIfAbsent(scalar.getValue(), tuple) != null) {
        ctx.problem(child(scalar.getValue()), key,
            "'" + scalar.getValue() + "' appears twice; keep one");
      }
    }
  }

  /** {@code node} as a mapping, or empty after reporting that it is something else. */
  public static Optional<YamlMap> of(DocContext ctx, String path, Node node, String example) {
    if (node instanceof MappingNode mapping) return Optional.of(new YamlMap(ctx, path, mapping));
    ctx.problem(path, node, "must be a mapping (" + example + "), got " + Nodes.describe(node));
    return Optional.empty();
  }

  public DocContext ctx() {
    return ctx;
  }

  public String path() {
    return path;
  }

  public Node node() {
    return node;
  }

  public int line() {
    return ctx.line(node);
  }

  public String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public Set<String> keys() {
    return entries.keySet();
  }

  /** The value of {@code key}; a null value ({@code key:} with nothing after it) counts as absent. */
  public Optional<Node> get(String key) {
    known.add(key);
    NodeTuple tuple = entries.get(key);
    if (tuple == null || Nodes.isNull(tuple.getValueNode())) return Optional.empty();
    return Optional.of(tuple.getValueNode());
  }

  public boolean has(String key) {
    return get(key).isPresent();
  }

  /** The line of {@code key}, or of this mapping when the key is absent: where to say it is missing. */
  public int lineOf(String key) {
    NodeTuple tuple = entries.get(key);
    return tuple == null ? line() : ctx.line(tuple.getKeyNode());
  }

  public Optional<Node> required(String key, String example) {
    Optional<Node> value = get(key);
    if (value.isEmpty()) ctx.problem(child(key), lineOf(key), key + " is required, e.g. " + example);
    return value;
  }

  public Optional<String> string(String key) {
    return get(key).flatMap(n -> scalarText(child(key), n));
  }

  public Optional<String> requiredString(String key, String example) {
    return required(key, example).flatMap(n -> scalarText(child(key), n));
  }

  public Optional<YamlMap> map(String key, String example) {
    return get(key).flatMap(n -> of(ctx, child(key), n, example));
  }

  public Optional<YamlMap> requiredMap(String key, String example) {
    return required(key, example).flatMap(n -> of(ctx, child(key), n, example));
  }

  /** The items of a sequence, each with its path ({@code spec.objectives[0]}). */
  public Optional<List<Item>> list(String key, String example) {
    return get(key).flatMap(n -> {
      if (!(n instanceof SequenceNode seq)) {
        ctx.problem(child(key), n, "must be a list (" + example + "), got " + Nodes.describe(n));
        return Optional.empty();
      }
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < seq.getValue().size(); i++) {
        items.add(new Item(child(key) + "[" + i + "]", seq.getValue().get(i)));
      }
      return Optional.of(items);
    });
  }

  public Optional<Boolean> bool(String key) {
    return get(key).flatMap(n -> {
      if (n instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) return Optional.of(Boolean.parseBoolean(s.getValue()));
      ctx.problem(child(key), n, "must be true or false, got " + Nodes.describe(n));
      return Optional.empty();
    });
  }

  /**
   * A number read from its text, never through a double: {@code 99.9} stays exactly 99.9. A quoted
   * number ("99.9") is accepted too, since YAML writers quote freely.
   */
  public Optional<BigDecimal> decimal(String key, String example) {
    return get(key).flatMap(n -> {
      if (n instanceof ScalarNode s) {
        String text = s.getValue().trim();
        try {
          BigDecimal value = NumberLimits.shortEnough(text) ? new BigDecimal(text) : null;
          if (value != null && NumberLimits.withinReach(value)) return Optional.of(value);
          ctx.problem(child(key), n, "must be a number such as " + example + ", got "
              + Quoted.bounded(text) + ", which is beyond any value Governor reads");
          return Optional.empty();
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      ctx.problem(child(key), n, "must be a number such as " + example + ", got " + Nodes.describe(n));
      return Optional.empty();
    });
  }

  /** Labels as OpenSLO writes them: a map of strings, where a value may be a list (joined with commas). */
  public Optional<Map<String, String>> labels(String key) {
    return map(key, "team: payments").map(labels -> {
      Map<String, String> out = new LinkedHashMap<>();
      for (String name : labels.keys()) {
        Node value = labels.get(name).orElse(null);
        String at = labels.child(name);
        if (value == null) {
          out.put(name, "");
        } else if (value instanceof SequenceNode seq) {
          List<String> parts = new ArrayList<>();
          for (Node item : seq.getValue()) scalarText(at, item).ifPresent(parts::add);
          out.put(name, String.join(",", parts));
        } else {
          scalarText(at, value).ifPresent(v -> out.put(name, v));
        }
      }
      return out;
    });
  }

  /** Reports every key no accessor asked for, suggesting the nearest known key when one is close. */
  public void rejectUnknownKeys() {
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      if (known.contains(e.getKey())) continue;
      String hint = Nodes.nearest(e.getKey(), known)
          .map(k -> "did you mean " + k + "?")
          .orElse("known fields here: " + String.join(", ", known));
      ctx.problem(child(e.getKey()), e.getValue().getKeyNode(), "unknown field '" + e.getKey() + "'; " + hint);
    }
  }

  /** Marks keys as allowed without reading them (kept in the stored source, unused by Governor). */
  public void allow(Collection<String> keys) {
    known.addAll(keys);
  }

  private Optional<String> scalarText(String at, Node n) {
    if (n instanceof ScalarNode s && !Nodes.isNull(s)) return Optional.of(s.getValue());
    ctx.problem(at, n, "must be a single value (text or number), got " + Nodes.describe(n));
    return Optional.empty();
  }

  /** One item of a YAML list and its path. */
  public record Item(String path, Node node) {}
}

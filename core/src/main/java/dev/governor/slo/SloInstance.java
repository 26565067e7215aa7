package dev.governor.slo;

import dev.governor.basics.SloName;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which instance of a grouped SLO an SLO is: the group it was made from and the label values that
 * pick it ({@code endpoint=/checkout}).
 */
public record SloInstance(SloName group, Map<String, String> labels) {

  public SloInstance {
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  /** The labels as people read them: {@code endpoint="/checkout", region="eu"}, in key order. */
  public String text() {
    StringBuilder out = new StringBuilder();
    labels.forEach((k, v) -> out.append(out.isEmpty() ? "" : ", ").append(k).append("=\"")
        .append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
    return out.toString();
  }
}

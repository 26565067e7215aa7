package dev.governor.prometheus.matching;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The label set of one pushed series, metric name included as {@code __name__}: sorted by name,
 * immutable. A label that is absent reads as the empty string, as in PromQL.
 */
public final class Labels {

  public static final String NAME = "__name__";

  private final String[] names;
  private final String[] values;
  private String key;

  private Labels(String[] names, String[] values) {
    this.names = names;
    this.values = values;
  }

  /** Labels from name/value pairs; an empty value means the label is absent (PromQL drops it too). */
  public static Labels of(Map<String, String> labels) {
    TreeMap<String, String> sorted = new TreeMap<>();
    labels.forEach((name, value) -> {
      if (value != null && !value.isEmpty()) sorted.put(name, value);
    });
    return new Labels(sorted.keySet().toArray(String[]::new), sorted.values().toArray(String[]::new));
  }

  /** {@code Labels.of("__name__", "up", "job", "api")}, for tests and literals. */
  public static Labels of(String... pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name/value pairs, got " + pairs.length + " strings");
    }
    Map<String, String> map = new TreeMap<>();
    for (int i = 0; i < pairs.length; i += 2) map.put(pairs[i], pairs[i + 1]);
    return of(map);
  }

  /** The value of {@code name}, or "" when the series has no such label. */
  public String get(String name) {
    int i = Arrays.binarySearch(names, name);
    return i >= 0 ? values[i] : "";
  }

  public String metricName() {
    return get(NAME);
  }

  public int size() {
    return names.length;
  }

  /** One string that identifies the series: equal label sets, equal keys. */
  public String key() {
    String k = key;
    if (k == null) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < names.length; i++) {
        // \u0000 and \u0001 cannot be mistaken for each other, so no two label sets share a key.
        b.append(names[i]).append('\u0000').append(values[i]).append('\u0001');
      }
      key = k = b.toString();
    }
    return k;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Labels other && key().equals(other.key());
  }

  @Override
  public int hashCode() {
    return key().hashCode();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(metricName()).append('{');
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(NAME)) continue;
      if (b.charAt(b.length() - 1) != '{') b.append(", ");
      b.append(names[i]).append("=\"").append(values[i]).append('"');
    }
    return b.append('}').toString();
  }
}

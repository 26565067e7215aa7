package dev.governor.prometheus.matching;

import dev.governor.text.Quoted;
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
  private int hash;

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

  /**
   * Labels from parallel arrays as a decoder reads them, which it hands over and no longer
   * touches. Remote-write senders sort labels by name, so sorted input is only checked; other
   * input is sorted here. Empty values are dropped, as in {@link #of(Map)}.
   *
   * @throws IllegalArgumentException when a name occurs twice, naming it
   */
  public static Labels ofArrays(String[] names, String[] values) {
    if (names.length != values.length) {
      throw new IllegalArgumentException("labels need as many values as names, got " + names.length
          + " names and " + values.length + " values");
    }
    int n = names.length;
    boolean sorted = true, empty = false;
    for (int i = 0; i < n; i++) {
      if (i > 0 && names[i - 1].compareTo(names[i]) >= 0) sorted = false;
      if (values[i] == null || values[i].isEmpty()) empty = true;
    }
    if (!sorted || empty) {
      TreeMap<String, String> map = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        if (map.put(names[i], values[i] == null ? "" : values[i]) != null) {
          throw new IllegalArgumentException("the label " + Quoted.bounded(names[i]) + " is given twice");
        }
      }
      return of(map);
    }
    return new Labels(names, values);
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

  /** The {@code i}th name in sorted order, {@code 0 <= i < size()}. */
  String nameAt(int i) {
    return names[i];
  }

  /** The value of {@link #nameAt}. */
  String valueAt(int i) {
    return values[i];
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

  // A pushed series is looked up by its labels on every sample, so equality compares the arrays
  // rather than building key()'s string each time.
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Labels other && hashCode() == other.hashCode()
        && Arrays.equals(values, other.values) && Arrays.equals(names, other.names));
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
      hash = h == 0 ? 1 : h;
    }
    return hash;
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

package dev.governor.sli;

import java.util.Map;
import java.util.Set;

/**
 * What an intake must remember about its source to count each event once: where it stands in a
 * Kafka partition, or a pushed counter's last value and the minutes it is still assembling. Marks
 * are stored in the same transaction as the buckets they came with, so after a crash the store
 * holds either both or neither: the intake that reads its marks back carries on exactly where its
 * counted events end.
 *
 * @param source the intake the marks belong to; each intake reads back only its own
 * @param set marks to write, by key, replacing what the key held
 * @param removed keys to forget
 */
public record SourceMarks(String source, Map<String, String> set, Set<String> removed) {

  public static final SourceMarks NONE = new SourceMarks("none", Map.of(), Set.of());

  public SourceMarks {
    if (source.isBlank()) throw new IllegalArgumentException("a mark's source must not be blank");
    set = Map.copyOf(set);
    removed = Set.copyOf(removed);
    for (String key : removed) {
      if (set.containsKey(key)) throw new IllegalArgumentException("the mark '" + key + "' is both set and removed");
    }
  }

  public boolean isEmpty() {
    return set.isEmpty() && removed.isEmpty();
  }
}

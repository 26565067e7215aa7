package dev.governor.prometheus.matching;

import dev.governor.basics.SliName;
import dev.governor.prometheus.matching.SelectorIndex.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How {@link PushIntake} writes what it remembers as source marks, and reads it back: one mark per
 * series (its last sample, the baseline of the next increment) and one per SLI key (the minutes it
 * is assembling, the newest minute written, what carries over). A value is tab-separated fields,
 * each escaped, so label values of any text survive PostgreSQL's TEXT, which refuses NUL. A mark's
 * key is a digest of what it is about: a label set can be longer than a database index entry may be.
 */
final class PushMarks {

  static final String SOURCE = "push";

  private static final String SERIES = "s:";
  private static final String KEY = "k:";

  private PushMarks() {}

  /** What a series' mark holds: the last sample counted, and the fraction its increments left over. */
  record SeriesMark(Labels labels, long lastMillis, double lastValue, long lastStart, double fraction) {}

  /**
   * What an SLI key's mark holds.
   *
   * @param minutes per pending minute: good or bad, total, 1 if the good (bad) series spoke
   */
  record KeyMark(SliName sli, Map<String, String> group, Role partRole, long held, boolean partSeen,
      Optional<Instant> written, SortedMap<Instant, long[]> minutes) {}

  static boolean isSeries(String mark) {
    return mark.startsWith(SERIES);
  }

  static boolean isKey(String mark) {
    return mark.startsWith(KEY);
  }

  static String seriesMark(Labels labels) {
    return SERIES + digest(labelsText(labels));
  }

  static String seriesValue(SeriesMark m) {
    return String.join("\t", Long.toString(m.lastMillis()), Double.toString(m.lastValue()),
        Long.toString(m.lastStart()), Double.toString(m.fraction()), labelsText(m.labels()));
  }

  static SeriesMark readSeries(String value) {
    String[] f = value.split("\t", -1);
    if (f.length < 4 || (f.length - 4) % 2 != 0) throw new IllegalArgumentException("a series mark has 4 fields and label pairs, got " + f.length + " fields");
    String[] names = new String[(f.length - 4) / 2], values = new String[names.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = unescape(f[4 + 2 * i]);
      values[i] = unescape(f[5 + 2 * i]);
    }
    return new SeriesMark(Labels.ofArrays(names, values), Long.parseLong(f[0]), Double.parseDouble(f[1]),
        Long.parseLong(f[2]), Double.parseDouble(f[3]));
  }

  static String keyMark(SliName sli, Map<String, String> group) {
    return KEY + digest(sli.value() + "\t" + groupText(group));
  }

  static String keyValue(KeyMark m) {
    List<String> f = new ArrayList<>();
    f.add(escape(m.sli().value()));
    f.add(m.partRole().name());
    f.add(Long.toString(m.held()));
    f.add(m.partSeen() ? "1" : "0");
    f.add(m.written().map(w -> Long.toString(w.toEpochMilli())).orElse("-"));
    f.add(Integer.toString(m.minutes().size()));
    m.minutes().forEach((minute, counts) -> {
      f.add(Long.toString(minute.toEpochMilli()));
      for (long c : counts) f.add(Long.toString(c));
    });
    String group = groupText(m.group());
    return String.join("\t", f) + (group.isEmpty() ? "" : "\t" + group);
  }

  static KeyMark readKey(String value) {
    String[] f = value.split("\t", -1);
    if (f.length < 6) throw new IllegalArgumentException("a key mark has at least 6 fields, got " + f.length);
    int minutes = Integer.parseInt(f[5]);
    int groupAt = 6 + 4 * minutes;
    if (f.length < groupAt || (f.length - groupAt) % 2 != 0) {
      throw new IllegalArgumentException("a key mark with " + minutes + " minutes has " + f.length + " fields");
    }
    SortedMap<Instant, long[]> pending = new TreeMap<>();
    for (int i = 0; i < minutes; i++) {
      int at = 6 + 4 * i;
      pending.put(Instant.ofEpochMilli(Long.parseLong(f[at])),
          new long[] {Long.parseLong(f[at + 1]), Long.parseLong(f[at + 2]), Long.parseLong(f[at + 3])});
    }
    Map<String, String> group = new TreeMap<>();
    for (int i = groupAt; i < f.length; i += 2) group.put(unescape(f[i]), unescape(f[i + 1]));
    Optional<Instant> written = f[4].equals("-") ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(f[4])));
    return new KeyMark(SliName.of(unescape(f[0])), Map.copyOf(group), Role.valueOf(f[1]), Long.parseLong(f[2]),
        f[3].equals("1"), written, pending);
  }

  private static String labelsText(Labels labels) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) b.append('\t');
      b.append(escape(labels.nameAt(i))).append('\t').append(escape(labels.valueAt(i)));
    }
    return b.toString();
  }

  private static String groupText(Map<String, String> group) {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(group).forEach((name, value) -> {
      if (!b.isEmpty()) b.append('\t');
      b.append(escape(name)).append('\t').append(escape(value));
    });
    return b.toString();
  }

  static String escape(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String replacement = switch (c) {
        case '\\' -> "\\\\";
        case '\t' -> "\\t";
        case '\n' -> "\\n";
        case '\0' -> "\\0";
        default -> null;
      };
      if (replacement == null) {
        if (b != null) b.append(c);
        continue;
      }
      if (b == null) b = new StringBuilder(s.length() + 8).append(s, 0, i);
      b.append(replacement);
    }
    return b == null ? s : b.toString();
  }

  static String unescape(String s) {
    if (s.indexOf('\\') < 0) return s;
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 == s.length()) {
        b.append(c);
        continue;
      }
      char next = s.charAt(++i);
      b.append(switch (next) {
        case 't' -> '\t';
        case 'n' -> '\n';
        case '0' -> '\0';
        default -> next;
      });
    }
    return b.toString();
  }

  /** 120 bits of SHA-256: no two of a few million series share one by any likelihood that matters. */
  private static String digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 15));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}

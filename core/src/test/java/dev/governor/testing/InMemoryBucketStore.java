package dev.governor.testing;

import dev.governor.sli.Bucket;
import dev.governor.sli.BucketIncrement;
import dev.governor.sli.BucketStore;
import dev.governor.sli.SeriesKey;
import dev.governor.sli.SourceMarks;
import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** A bucket store in a map, for the evaluator's unit tests; the JDBC stores pass the same contract. */
public final class InMemoryBucketStore implements BucketStore {
  private final Map<SeriesKey, NavigableMap<Instant, EventCounts>> series = new HashMap<>();
  /** Hourly sums, kept past the minutes' deletion as the JDBC stores keep theirs. */
  private final Map<SeriesKey, NavigableMap<Instant, EventCounts>> hours = new HashMap<>();
  private final Map<String, Map<String, String>> marks = new HashMap<>();
  public int reads;

  @Override
  public synchronized void add(List<BucketIncrement> increments, List<SourceMarks> marks) {
    addCounts(increments);
    for (SourceMarks m : marks) {
      Map<String, String> of = this.marks.computeIfAbsent(m.source(), s -> new HashMap<>());
      of.putAll(m.set());
      of.keySet().removeAll(m.removed());
    }
  }

  @Override
  public synchronized Map<String, String> marks(String source) {
    return Map.copyOf(marks.getOrDefault(source, Map.of()));
  }

  private void addCounts(List<BucketIncrement> increments) {
    Map<SeriesKey, NavigableMap<Instant, EventCounts>> copy = new HashMap<>();
    series.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
    for (BucketIncrement inc : increments) {
      // An empty bucket is no bucket: range() promises non-empty ones only.
      if (inc.counts().isEmpty()) continue;
      try {
        copy.computeIfAbsent(inc.series(), k -> new TreeMap<>()).merge(inc.minute(), inc.counts(), EventCounts::plus);
      } catch (ArithmeticException e) {
        throw (ArithmeticException) new ArithmeticException("the increments for series '" + inc.series().id() + "' at "
            + inc.minute() + " add up to more than 2^63-1; nothing was added").initCause(e);
      }
    }
    series.clear();
    series.putAll(copy);
    for (BucketIncrement inc : increments) {
      if (inc.counts().isEmpty()) continue;
      Instant hour = Instant.ofEpochSecond(Math.floorDiv(inc.minute().getEpochSecond(), 3600) * 3600);
      hours.computeIfAbsent(inc.series(), k -> new TreeMap<>()).merge(hour, inc.counts(), EventCounts::plus);
    }
  }

  @Override
  public synchronized void replace(SeriesKey key, Map<Instant, EventCounts> minutes) {
    NavigableMap<Instant, EventCounts> mine = series.computeIfAbsent(key, k -> new TreeMap<>());
    NavigableMap<Instant, EventCounts> hourly = hours.computeIfAbsent(key, k -> new TreeMap<>());
    minutes.forEach((minute, counts) -> {
      EventCounts before = mine.getOrDefault(minute, EventCounts.NONE);
      if (counts.isEmpty()) mine.remove(minute);
      else mine.put(minute, counts);
      Instant hour = Instant.ofEpochSecond(Math.floorDiv(minute.getEpochSecond(), 3600) * 3600);
      EventCounts sum = hourly.getOrDefault(hour, EventCounts.NONE).minus(before).plus(counts);
      if (sum.isEmpty()) hourly.remove(hour);
      else hourly.put(hour, sum);
    });
  }

  @Override
  public synchronized List<Bucket> hourly(SeriesKey key, Instant from, Instant to) {
    if (from.getEpochSecond() % 3600 != 0 || to.getEpochSecond() % 3600 != 0 || from.getNano() != 0 || to.getNano() != 0) {
      throw new IllegalArgumentException("hourly sums need whole hours, got [" + from + ", " + to + ")");
    }
    reads++;
    List<Bucket> out = new ArrayList<>();
    if (from.isBefore(to)) {
      hours.getOrDefault(key, new TreeMap<>()).subMap(from, true, to, false).forEach((h, c) -> out.add(new Bucket(h, c)));
    }
    return out;
  }

  @Override
  public synchronized long deleteHourlyBefore(Instant cutoff) {
    long n = 0;
    for (NavigableMap<Instant, EventCounts> m : hours.values()) {
      NavigableMap<Instant, EventCounts> head = m.headMap(cutoff, false);
      n += head.size();
      head.clear();
    }
    return n;
  }

  @Override
  public synchronized EventCounts sum(SeriesKey key, Instant from, Instant to) {
    reads++;
    EventCounts sum = EventCounts.NONE;
    for (EventCounts c : slice(key, from, to).values()) sum = sum.plus(c);
    return sum;
  }

  @Override
  public synchronized List<Bucket> range(SeriesKey key, Instant from, Instant to) {
    reads++;
    List<Bucket> out = new ArrayList<>();
    slice(key, from, to).forEach((m, c) -> out.add(new Bucket(m, c)));
    return out;
  }

  @Override
  public synchronized Map<SeriesKey, EventCounts> at(Instant minute, Collection<SeriesKey> keys) {
    reads++;
    if (!Minutes.isStart(minute)) {
      throw new IllegalArgumentException("a bucket starts on a whole minute, got " + minute);
    }
    Map<SeriesKey, EventCounts> out = new HashMap<>();
    for (SeriesKey k : keys) {
      EventCounts c = series.getOrDefault(k, new TreeMap<>()).get(minute);
      if (c != null) out.put(k, c);
    }
    return out;
  }

  @Override
  public synchronized long deleteBefore(Instant cutoff) {
    long n = 0;
    for (NavigableMap<Instant, EventCounts> m : series.values()) {
      NavigableMap<Instant, EventCounts> head = m.headMap(cutoff, false);
      n += head.size();
      head.clear();
    }
    return n;
  }

  private NavigableMap<Instant, EventCounts> slice(SeriesKey key, Instant from, Instant to) {
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("an interval [from, to) needs from <= to, got [" + from + ", " + to + ")");
    }
    if (from.equals(to)) return new TreeMap<>();
    return series.getOrDefault(key, new TreeMap<>()).subMap(from, true, to, false);
  }
}

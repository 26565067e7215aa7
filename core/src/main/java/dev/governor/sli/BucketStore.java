package dev.governor.sli;

import dev.governor.basics.EventCounts;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Durable per-minute good/total counts per series. The store is the history; the evaluator keeps
 * only running sums in memory and asks the store for what leaves a window.
 */
public interface BucketStore {

  /**
   * Adds every increment to its bucket and writes the marks, in their order (a later mark of a key
   * wins), all or nothing. When this returns, the counts and marks are durable: they survive a crash
   * of the process. Increments for the same bucket add up. Marks alone, without increments, are
   * written all the same.
   */
  void add(List<BucketIncrement> increments, List<SourceMarks> marks);

  /** {@link #add(List, List)} without marks. */
  default void add(List<BucketIncrement> increments) {
    add(increments, List.of());
  }

  /** The marks stored for {@code source}, by key ({@link SourceMarks}). */
  Map<String, String> marks(String source);

  /**
   * Sets each given minute of {@code series} to its counts, whatever it held ({@link EventCounts#NONE}
   * removes the minute), all or nothing, durably, with the rollups moved by the difference. For
   * derived series only (a composite SLO's minutes, worked out from its members'): the minutes of an
   * SLI only ever grow by {@link #add}.
   */
  void replace(SeriesKey series, Map<Instant, EventCounts> minutes);

  /** The sum of the series' buckets whose minute lies in [from, to). */
  EventCounts sum(SeriesKey series, Instant from, Instant to);

  /**
   * For each series, the sum over each of {@code ranges}, in their order; series without data get
   * {@link EventCounts#NONE}s. One call for the many series and windows that a start rebuilds: a
   * store with rollups answers a 30-day range from about 30 days, 48 hours and the minutes at its
   * edges, instead of 43,200 minutes.
   */
  default Map<SeriesKey, List<EventCounts>> sums(Collection<SeriesKey> series, List<dev.governor.basics.TimeRange> ranges) {
    Map<SeriesKey, List<EventCounts>> out = new java.util.HashMap<>();
    for (SeriesKey key : series) {
      out.put(key, ranges.stream().map(r -> sum(key, r.start(), r.end())).toList());
    }
    return out;
  }

  /** The series' non-empty buckets whose minute lies in [from, to), oldest first. */
  List<Bucket> range(SeriesKey series, Instant from, Instant to);

  /**
   * The series' non-empty hourly sums whose hour lies in [from, to), oldest first, each as a
   * {@link Bucket} at the hour's start: the resolution of a capacity forecast, read from the hourly
   * rollups where the store keeps them. {@code from} and {@code to} fall on whole hours.
   */
  default List<Bucket> hourly(SeriesKey series, Instant from, Instant to) {
    if (from.getEpochSecond() % 3600 != 0 || to.getEpochSecond() % 3600 != 0 || from.getNano() != 0 || to.getNano() != 0) {
      throw new IllegalArgumentException("hourly sums need whole hours, got [" + from + ", " + to + ")");
    }
    java.util.TreeMap<Instant, long[]> hours = new java.util.TreeMap<>();
    for (Bucket b : range(series, from, to)) {
      long[] sum = hours.computeIfAbsent(java.time.Instant.ofEpochSecond(Math.floorDiv(b.minute().getEpochSecond(), 3600) * 3600),
          h -> new long[2]);
      sum[0] += b.counts().good();
      sum[1] += b.counts().total();
    }
    List<Bucket> out = new java.util.ArrayList<>();
    hours.forEach((hour, sum) -> out.add(new Bucket(hour, new EventCounts(sum[0], sum[1]))));
    return out;
  }

  /**
   * The minutes at or after {@code from} that hold data, oldest first, of each given series that has
   * any; the others are absent. A start asks which minutes lie ahead of its clock, however far.
   */
  default Map<SeriesKey, List<Instant>> minutesFrom(Collection<SeriesKey> series, Instant from) {
    Map<SeriesKey, List<Instant>> out = new java.util.HashMap<>();
    for (SeriesKey key : series) {
      List<Instant> minutes = range(key, from, dev.governor.basics.Minutes.LAST).stream().map(Bucket::minute).toList();
      if (!minutes.isEmpty()) out.put(key, minutes);
    }
    return out;
  }

  /**
   * The non-empty buckets in [from, to) of each given series that has any, oldest first; the others
   * are absent. One call for many series: a tick reads the next minutes leaving its windows this
   * way, a short range per series instead of one lookup per series and minute.
   */
  default Map<SeriesKey, List<Bucket>> ranges(Collection<SeriesKey> series, Instant from, Instant to) {
    Map<SeriesKey, List<Bucket>> out = new java.util.HashMap<>();
    for (SeriesKey key : series) {
      List<Bucket> buckets = range(key, from, to);
      if (!buckets.isEmpty()) out.put(key, buckets);
    }
    return out;
  }

  /** The bucket at {@code minute} of each given series that has one; series without data are absent. */
  Map<SeriesKey, EventCounts> at(Instant minute, Collection<SeriesKey> series);

  /**
   * Drops every minute bucket older than {@code cutoff}; returns how many went. A store that keeps
   * hourly sums of its own keeps them, for reports over periods longer than the minutes' retention,
   * until {@link #deleteHourlyBefore}: {@link #hourly} still answers for those hours.
   */
  long deleteBefore(Instant cutoff);

  /**
   * Drops the hourly sums of the hours that start before {@code cutoff}; returns how many went. A
   * store whose hourly sums are summed from its minutes (this default) has nothing of its own to drop.
   */
  default long deleteHourlyBefore(Instant cutoff) {
    return 0;
  }
}

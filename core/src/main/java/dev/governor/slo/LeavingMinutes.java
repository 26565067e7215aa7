package dev.governor.slo;

import dev.governor.basics.EventCounts;
import dev.governor.sli.Bucket;
import dev.governor.sli.SeriesKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stored counts of the next minutes to leave each series' day-long and longer windows, read
 * from the store a short span at a time, so that a tick reads each such window once every
 * {@link #SPAN} minutes instead of once a minute. At 100,000 SLOs the minutes leaving the 1-day,
 * 3-day and 30-day windows were 300,000 store lookups a tick, two thirds of its time in SQLite and
 * the kernel's reads of its pages; a span costs about what one lookup did.
 *
 * <p>Other minutes a tick must read, because the shard's {@link RecentMinutes} do not know them (the
 * first ticks after a start, before the recent minutes are filled, or a series written further ahead
 * of the clock than the recent minutes reach back), are read as spans too. A span stays until one
 * trailing the clock as far (the same lag) replaces it, until a later install for its series finds
 * the clock past it, or until a load drops the series' spans (it left the shard, or got new trackers,
 * whose windows may reach minutes that retention has deleted since the span was read). A span is
 * two ints a minute: three or four a series once the recent minutes are filled, up to nine while a
 * start fills them (at 100,000 SLOs the heap after a collection grew by 17-19 MiB in BENCHMARKS.md's
 * runs).
 *
 * <p>It is exact for the reason {@link RecentMinutes} is: every write its shard stores is told here
 * under the shard's {@code sums} monitor, which guards this too, and a span is installed only with
 * the shard's intake held exclusive, so no write is between the store and the span; a minute some
 * ingest changed after the span was read is not known, and read from the store where asked.
 *
 * <p>Series are spread over the minutes of a span: a series' spans end where the epoch minute plus
 * its phase is a multiple of {@link #SPAN}, so each tick reads about one series in {@code SPAN},
 * not all of them every {@code SPAN}-th tick. (The phase is the SLI's shard number modulo {@code SPAN}:
 * all series of one shard share it, so a tick renews whole shards, a sixteenth of them, in one read
 * each, and installs nothing in the others.)
 */
final class LeavingMinutes {

  /** How many minutes one read of a series' window covers at most. */
  static final int SPAN = 16;

  static final java.time.Duration SPAN_LENGTH = java.time.Duration.ofMinutes(SPAN);

  private static final int UNKNOWN = -1;

  private final Map<SeriesKey, List<Span>> bySeries = new HashMap<>();

  /** What the store holds for {@code series} at {@code minute}, or null when no span knows it. */
  EventCounts known(SeriesKey series, Instant minute) {
    List<Span> spans = bySeries.get(series);
    if (spans == null) return null;
    long at = epochMinute(minute);
    for (Span span : spans) {
      if (span.covers(at)) return span.counts(at);
    }
    return null;
  }

  /** The store added {@code delta} to {@code series} at {@code minute}. */
  void added(SeriesKey series, Instant minute, EventCounts delta) {
    List<Span> spans = bySeries.get(series);
    if (spans == null) return;
    long at = epochMinute(minute);
    for (Span span : spans) {
      if (span.covers(at)) span.add(at, delta.good(), delta.total());
    }
  }

  /** The store set {@code series} at {@code minute} to {@code counts}. */
  void replaced(SeriesKey series, Instant minute, EventCounts counts) {
    List<Span> spans = bySeries.get(series);
    if (spans == null) return;
    long at = epochMinute(minute);
    for (Span span : spans) {
      if (span.covers(at)) span.set(at, counts.good(), counts.total());
    }
  }

  /**
   * The last minute (exclusive) a span of {@code series} starting at {@code from} reaches: its
   * series' next phase boundary, at most {@link #SPAN} minutes on.
   */
  static Instant spanEnd(SeriesKey series, Instant from) {
    long start = epochMinute(from);
    int phase = Math.floorMod(SumShards.indexOf(series.sli()), SPAN);
    long end = start + SPAN - Math.floorMod(start + phase, SPAN);
    return Instant.ofEpochSecond(end * 60);
  }

  /**
   * A span of what the store held for {@code series} in [{@code from}, {@link #spanEnd}) when read
   * ({@code stored}, nothing else there), for the window whose leaving minute trails the clock's by
   * {@code lag} minutes. Built away from the shard's locks; known only once {@link #install}ed.
   */
  static Span span(SeriesKey series, Instant from, long lag, List<Bucket> stored) {
    long start = epochMinute(from);
    long end = epochMinute(spanEnd(series, from));
    Span span = new Span(start, (int) (end - start), lag);
    for (Bucket bucket : stored) {
      long at = epochMinute(bucket.minute());
      if (span.covers(at)) span.set(at, bucket.counts().good(), bucket.counts().total());
    }
    return span;
  }

  /**
   * Keeps {@code span} for {@code series}, but not its minutes in {@code changed}, written since it
   * was read. Replaces the series' span for the same window, and drops those the clock has passed
   * at {@code now} (a shard's minute). Called with the shard's intake held exclusive, so every
   * write the read saw has been told here before, and every later one will be.
   */
  void install(SeriesKey series, Span span, Set<Instant> changed, Instant now) {
    for (Instant minute : changed) {
      long at = epochMinute(minute);
      if (span.covers(at)) span.forget(at);
    }
    long clock = epochMinute(now);
    List<Span> spans = bySeries.computeIfAbsent(series, s -> new ArrayList<>(3));
    spans.removeIf(old -> old.lag == span.lag || old.passed(clock));
    spans.add(span);
  }

  /**
   * Forgets every series not in {@code keep} (their writes may no longer be told here) and the spans
   * of those in {@code renewed}, which have new trackers: a window longer than any before may reach
   * minutes a span holds but retention has since deleted, as the store no longer does.
   */
  void keepOnly(Set<SeriesKey> keep, Set<SeriesKey> renewed) {
    bySeries.keySet().retainAll(keep);
    bySeries.keySet().removeAll(renewed);
  }

  /** How many spans are kept, for tests. */
  int spans() {
    return bySeries.values().stream().mapToInt(List::size).sum();
  }

  private static long epochMinute(Instant minute) {
    return Math.floorDiv(minute.getEpochSecond(), 60);
  }

  /** A series' stored counts in [start, start + length), two ints a minute as in {@link RecentMinutes}. */
  static final class Span {
    final long start;
    final long lag;
    /** Good and total per minute; {@link #UNKNOWN} in a good when the minute is not known here. */
    final int[] counts;

    Span(long start, int length, long lag) {
      this.start = start;
      this.lag = lag;
      this.counts = new int[2 * length];
    }

    boolean covers(long minute) {
      return minute >= start && minute < start + counts.length / 2;
    }

    /** Whether its window's leaving minute, at {@code clock}'s minute, has moved past the span. */
    boolean passed(long clock) {
      return clock - lag >= start + counts.length / 2;
    }

    EventCounts counts(long minute) {
      int slot = slot(minute);
      if (counts[slot] == UNKNOWN) return null;
      return counts[slot + 1] == 0 ? EventCounts.NONE : new EventCounts(counts[slot], counts[slot + 1]);
    }

    void add(long minute, long good, long total) {
      int slot = slot(minute);
      if (counts[slot] == UNKNOWN) return;
      set(minute, counts[slot] + good, counts[slot + 1] + total);
    }

    void set(long minute, long good, long total) {
      int slot = slot(minute);
      if (total > Integer.MAX_VALUE || good > Integer.MAX_VALUE || good < 0 || total < 0) {
        counts[slot] = UNKNOWN; // a minute past 2^31 events is read from the store
      } else {
        counts[slot] = (int) good;
        counts[slot + 1] = (int) total;
      }
    }

    void forget(long minute) {
      counts[slot(minute)] = UNKNOWN;
    }

    private int slot(long minute) {
      return 2 * (int) (minute - start);
    }
  }
}

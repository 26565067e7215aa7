package dev.governor.slo;

import dev.governor.basics.EventCounts;
import dev.governor.sli.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The stored counts of each series' latest minutes, kept in memory by the shard that owns the
 * series, so that the minutes leaving the shorter windows (5 minutes to 6 hours: six of the nine
 * an SLO with the default burn-rate rules keeps) are subtracted without a store read.
 *
 * <p>It is exact because it sees every write: the ingests and the composite repairs of its shard
 * tell it what they stored, under the shard's {@code sums} monitor, which also guards it. A series
 * it starts keeping is known from {@code since} on: the minute after the latest that an event
 * admitted so far may carry, so the store holds nothing for it at or after {@code since} that has
 * not passed through here. Before {@code since}, or further back than {@link #SPAN}, it does not
 * know, and the caller reads the store. A series that has not been written since {@code since}
 * takes no memory beyond its entry; one that has takes {@link #SPAN} minutes of two longs.
 */
final class RecentMinutes {

  /** How far back a series' minutes are kept: the longest burn-rate window a tick subtracts often. */
  static final Duration SPAN = Duration.ofHours(6).plusMinutes(1);
  private static final int SLOTS = (int) SPAN.toMinutes();

  private final Map<SeriesKey, Ring> bySeries = new HashMap<>();

  /**
   * Keeps exactly the series in {@code keep}: those not kept yet are known from {@code since} on,
   * the others forget everything. Called with no write into the shard in flight.
   */
  void keepOnly(Set<SeriesKey> keep, Instant since) {
    bySeries.keySet().retainAll(keep);
    long sinceMinute = epochMinute(since);
    for (SeriesKey series : keep) bySeries.computeIfAbsent(series, k -> new Ring(sinceMinute));
  }

  /** The store added {@code delta} to {@code series} at {@code minute}. */
  void added(SeriesKey series, Instant minute, EventCounts delta) {
    Ring ring = bySeries.get(series);
    if (ring != null) ring.add(epochMinute(minute), delta.good(), delta.total());
  }

  /** The store set {@code series} at {@code minute} to {@code counts}. */
  void replaced(SeriesKey series, Instant minute, EventCounts counts) {
    Ring ring = bySeries.get(series);
    if (ring == null) return;
    long at = epochMinute(minute);
    EventCounts before = ring.counts(at);
    if (before != null) ring.add(at, counts.good() - before.good(), counts.total() - before.total());
  }

  /** What the store holds for {@code series} at {@code minute}, or null when this does not know. */
  EventCounts known(SeriesKey series, Instant minute) {
    Ring ring = bySeries.get(series);
    return ring == null ? null : ring.counts(epochMinute(minute));
  }

  private static long epochMinute(Instant minute) {
    return Math.floorDiv(minute.getEpochSecond(), 60);
  }

  /** One series' last {@link #SLOTS} minutes up to {@code newest}, the written ones non-zero. */
  private static final class Ring {
    private final long since;
    /** The latest minute written; the ring holds (newest - SLOTS, newest]. */
    private long newest = Long.MIN_VALUE;
    /** Good and total of each slot, two longs per minute; null until the first write. */
    private long[] counts;

    Ring(long since) {
      this.since = since;
    }

    EventCounts counts(long minute) {
      if (minute < since) return null;
      if (counts == null || minute > newest) return EventCounts.NONE;
      if (minute <= newest - SLOTS) return null;
      int slot = slot(minute);
      return new EventCounts(counts[slot], counts[slot + 1]);
    }

    void add(long minute, long good, long total) {
      if (minute < since) return;
      if (counts == null) {
        counts = new long[2 * SLOTS];
        newest = minute;
      } else if (minute > newest) {
        // The minutes between are empty: a write to any of them would have moved newest past it.
        long clear = Math.min(minute - newest, SLOTS);
        for (long m = newest + 1; m < newest + 1 + clear; m++) {
          int slot = slot(m);
          counts[slot] = 0;
          counts[slot + 1] = 0;
        }
        newest = minute;
      } else if (minute <= newest - SLOTS) {
        return; // older than the ring: it never answers for this minute again
      }
      int slot = slot(minute);
      counts[slot] += good;
      counts[slot + 1] += total;
    }

    private static int slot(long minute) {
      return 2 * (int) Math.floorMod(minute, (long) SLOTS);
    }
  }
}

package dev.governor.slo;

import dev.governor.basics.EventCounts;
import dev.governor.sli.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The stored counts of each series' latest minutes, kept in memory by the shard that owns the
 * series, so that the minutes leaving the shorter windows (5 minutes to 6 hours: six of the nine
 * an SLO with the default burn-rate rules keeps) are subtracted without a store read.
 *
 * <p>It is exact because it sees every write: the ingests and the composite repairs of its shard
 * tell it what they stored, under the shard's {@code sums} monitor, which also guards it. A series
 * it starts keeping is known nowhere until {@link SumShards#fillRecent} has read its minutes from
 * {@code from} on (all of them, however far ahead: a clock that stepped back, or a smaller future
 * skew than before a restart, may have left minutes past what the events admitted now can carry),
 * and from then on every minute since {@code from}, as far back as {@link #SPAN} from the newest
 * written. A series loaded with nothing stored after its load's minute is known from the next
 * minute on straight away (every write from then on is told here), so the minutes that enter the
 * windows after a start are not read from the store while the fills catch up with the older ones.
 * Where it does not know, the caller reads the store. A series with nothing written in
 * the span takes no memory beyond its entry; one with writes takes {@link #SPAN} minutes of two ints.
 */
final class RecentMinutes {

  /** How far back a series' minutes are kept: the longest burn-rate window a tick subtracts often. */
  static final Duration SPAN = Duration.ofHours(6).plusMinutes(1);
  private static final int SLOTS = (int) SPAN.toMinutes();

  private final Map<SeriesKey, Ring> bySeries = new HashMap<>();
  /** How many kept series are not filled yet: whether any needs filling is one comparison. */
  private int unfilledCount;

  /** Keeps exactly the series in {@code keep}; those not kept yet are known nowhere until filled. */
  void keepOnly(Set<SeriesKey> keep) {
    keepOnly(keep, Map.of());
  }

  /**
   * Keeps exactly the series in {@code keep}, the others forget everything. One not kept yet is known
   * from its minute in {@code knownFrom} on, where it has one: the store held nothing from that
   * minute on when it was loaded, and every write after is told here. Before that minute it is known
   * nowhere until filled. Called with no write into the shard in flight.
   */
  void keepOnly(Set<SeriesKey> keep, Map<SeriesKey, Instant> knownFrom) {
    bySeries.keySet().retainAll(keep);
    for (SeriesKey series : keep) {
      bySeries.computeIfAbsent(series, s -> {
        Ring ring = new Ring();
        Instant from = knownFrom.get(s);
        if (from != null) ring.since = epochMinute(from);
        return ring;
      });
    }
    unfilledCount = (int) bySeries.values().stream().filter(r -> !r.filled).count();
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

  /** Whether a kept series is not filled yet. */
  boolean anyUnfilled() {
    return unfilledCount > 0;
  }

  /**
   * Up to {@code most} series not filled yet. A series once filled is never read again: after a
   * clock step back, the minutes before its first known one are simply not known, and read from
   * the store where asked.
   */
  Set<SeriesKey> unfilled(int most) {
    Set<SeriesKey> out = new HashSet<>();
    for (Map.Entry<SeriesKey, Ring> e : bySeries.entrySet()) {
      if (out.size() == most) break;
      if (!e.getValue().filled) out.add(e.getKey());
    }
    return out;
  }

  /**
   * The store holds {@code stored} for {@code series} from {@code from} on, nothing else there: the
   * series is known from {@code from} on. Ignored unless the series is kept and not filled yet.
   */
  void filled(SeriesKey series, Instant from, Map<Instant, EventCounts> stored) {
    filled(series, read(from, stored));
  }

  /**
   * Installs {@code read} as what is known of {@code series}, if it is kept and not filled yet.
   * Costs one map write: the ring was built by {@link #read}, away from the shard's locks.
   */
  void filled(SeriesKey series, Read read) {
    Ring ring = bySeries.get(series);
    if (ring == null || ring.filled) return;
    // What the ring knew since its load is in the read too: the read, and the minutes read again
    // under the exclusive intake, are the store as it stands.
    read.ring.filled = true;
    bySeries.put(series, read.ring);
    unfilledCount--;
  }

  /**
   * A series' minutes as read from the store from {@code from} on ({@code stored}, nothing else
   * there), made into what {@link #filled} installs. It touches no shared state, so a fill builds it
   * before it locks anything.
   */
  static Read read(Instant from, Map<Instant, EventCounts> stored) {
    Ring ring = new Ring();
    ring.since = epochMinute(from);
    // Oldest first, so each write moves the ring's newest minute forward as an ingest's would.
    new TreeMap<>(stored).forEach((minute, counts) -> ring.add(epochMinute(minute), counts.good(), counts.total()));
    return new Read(ring);
  }

  /** A series' stored minutes read ahead of {@link #filled}; not shared until then. */
  static final class Read {
    private final Ring ring;

    private Read(Ring ring) {
      this.ring = ring;
    }

    /** The store held {@code before} at {@code minute} when read, and holds {@code after} now. */
    void readAgain(Instant minute, EventCounts before, EventCounts after) {
      ring.add(epochMinute(minute), after.good() - before.good(), after.total() - before.total());
    }
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
    private static final int UNKNOWN = -1;
    /** The first minute known, Long.MAX_VALUE for none; lowered only by a fill. */
    private long since = Long.MAX_VALUE;
    /** Whether a fill has read the series' minutes from {@link #SPAN} back; a ring kept since a load may know only later ones. */
    private boolean filled;
    /** The latest minute written; the ring holds (newest - SLOTS, newest]. */
    private long newest = Long.MIN_VALUE;
    /**
     * Good and total of each slot, two ints per minute (a minute's counts rarely pass 2^31, and
     * 100,000 series then take 290 MB instead of 580); {@link #UNKNOWN} in a slot's good when they
     * did, so that minute is read from the store. Null until the first write.
     */
    private int[] counts;

    EventCounts counts(long minute) {
      if (minute < since) return null;
      if (counts == null || minute > newest) return EventCounts.NONE;
      if (minute <= newest - SLOTS) return null;
      int slot = slot(minute);
      return counts[slot] == UNKNOWN ? null : new EventCounts(counts[slot], counts[slot + 1]);
    }

    void add(long minute, long good, long total) {
      if (minute < since) return;
      if (counts == null) {
        counts = new int[2 * SLOTS];
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
      if (counts[slot] == UNKNOWN) return;
      long nextGood = counts[slot] + good;
      long nextTotal = counts[slot + 1] + total;
      if (nextTotal > Integer.MAX_VALUE) {
        counts[slot] = UNKNOWN;
      } else {
        counts[slot] = (int) nextGood;
        counts[slot + 1] = (int) nextTotal;
      }
    }

    private static int slot(long minute) {
      return 2 * (int) Math.floorMod(minute, (long) SLOTS);
    }
  }
}

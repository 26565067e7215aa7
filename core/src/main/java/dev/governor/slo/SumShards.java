package dev.governor.slo;

import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.basics.SliName;
import dev.governor.basics.TimeRange;
import dev.governor.sli.BucketStore;
import dev.governor.sli.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The running sums of every objective, split into shards by SLI so that no lock spans them all.
 *
 * <p>Each shard has two locks with two jobs. {@code intake} orders stores against window moves: an
 * ingest holds it shared from before its store write until its increments are in the sums, and
 * whatever moves the windows (the tick, a load, a read that finds its shard a minute behind) holds
 * it exclusive. So a minute leaving a window is subtracted with exactly the counts that were added
 * for it, even while late data for it keeps arriving. Ingests of one shard run side by side;
 * ingests of other shards never wait. The {@code sums} monitor guards the trackers' numbers and
 * is held only to change or read them in memory, never across a store write.
 *
 * <p>Timeslice objectives are the exception: a late event can turn a slice from good to bad, so
 * its change is read back from the store, which must then hold exactly the shard's applied
 * writes. A shard with such an objective takes {@code intake} exclusive on ingest as well.
 */
final class SumShards {

  static final int COUNT = 256;

  static final class Shard {
    final ReentrantReadWriteLock intake = new ReentrantReadWriteLock();
    /** Guards the sums of this shard's trackers. */
    final Object sums = new Object();
    volatile Map<SeriesKey, List<ObjectiveTracker>> bySeries = Map.of();
    volatile List<ObjectiveTracker> trackers = List.of();
    volatile boolean hasSlices;
    /** The minute every tracker of the shard stands at; null before the first load. */
    volatile Instant minute;
  }

  private final Shard[] shards = new Shard[COUNT];
  private final BucketStore buckets;
  private final Duration maxFutureSkew;

  SumShards(BucketStore buckets, Duration maxFutureSkew) {
    this.buckets = buckets;
    this.maxFutureSkew = maxFutureSkew;
    for (int i = 0; i < COUNT; i++) shards[i] = new Shard();
  }

  static int indexOf(SliName sli) {
    return Math.floorMod(sli.hashCode() * 0x9E3779B9, COUNT);
  }

  Shard shard(int index) {
    return shards[index];
  }

  Shard of(SeriesKey series) {
    return shards[indexOf(series.sli())];
  }

  /** The lock that guards {@code t}'s sums. */
  Object guardOf(ObjectiveTracker t) {
    return of(t.series).sums;
  }

  /** Moves a shard's windows to the minute of {@code now}, if it stands before it. */
  void advance(Shard shard, Instant now) {
    Instant minute = Minutes.floor(now);
    Instant at = shard.minute;
    if (at == null || !at.isBefore(minute)) return;
    shard.intake.writeLock().lock();
    try {
      at = shard.minute;
      if (at == null || !at.isBefore(minute)) return;
      move(shard.trackers, now, shard.sums);
      shard.minute = minute;
    } finally {
      shard.intake.writeLock().unlock();
    }
  }

  /**
   * {@link #advance} if the shard's intake lock is free now; false when an ingest holds it, and
   * the shard was left where it stands.
   */
  boolean tryAdvance(Shard shard, Instant now) {
    Instant minute = Minutes.floor(now);
    Instant at = shard.minute;
    if (at == null || !at.isBefore(minute)) return true;
    if (!shard.intake.writeLock().tryLock()) return false;
    try {
      at = shard.minute;
      if (at == null || !at.isBefore(minute)) return true;
      move(shard.trackers, now, shard.sums);
      shard.minute = minute;
      return true;
    } finally {
      shard.intake.writeLock().unlock();
    }
  }

  /**
   * Moves trackers to {@code now}, with the minutes leaving their windows read first: one store
   * query per distinct minute for all of them. Called with the shard's intake held exclusive.
   */
  void move(Collection<ObjectiveTracker> trackers, Instant now, Object guard) {
    Map<Instant, Set<SeriesKey>> wanted = new HashMap<>();
    synchronized (guard) {
      for (ObjectiveTracker t : trackers) {
        t.plannedReads(now, (minute, series) -> wanted.computeIfAbsent(minute, k -> new HashSet<>()).add(series));
      }
    }
    Map<Instant, Map<SeriesKey, EventCounts>> fetched = new HashMap<>();
    wanted.forEach((minute, series) -> fetched.put(minute, buckets.at(minute, series)));
    ObjectiveTracker.UnitReader reader = (series, minute) -> {
      Map<SeriesKey, EventCounts> atMinute = fetched.get(minute);
      return atMinute != null
          ? atMinute.getOrDefault(series, EventCounts.NONE)
          : buckets.sum(series, minute, minute.plus(Minutes.ONE));
    };
    synchronized (guard) {
      for (ObjectiveTracker t : trackers) t.advance(buckets, now, maxFutureSkew, reader);
    }
  }

  /**
   * Reads new trackers' windows from the store as of {@code now}: additive ones in bulk (one
   * {@link BucketStore#sums} for all, which rollups answer from days and hours), timeslice ones
   * slice by slice. Called before the trackers are visible to anyone, under the intake lock.
   */
  void rebuild(List<ObjectiveTracker> fresh, Instant now) {
    List<ObjectiveTracker> additive = new ArrayList<>();
    for (ObjectiveTracker t : fresh) {
      if (t.units.isAdditive()) additive.add(t);
      else t.rebuild(buckets, now, maxFutureSkew);
    }
    if (additive.isEmpty()) return;
    Map<TimeRange, Integer> rangeIndex = new HashMap<>();
    List<TimeRange> ranges = new ArrayList<>();
    Set<SeriesKey> series = new HashSet<>();
    for (ObjectiveTracker t : additive) {
      series.add(t.series);
      for (TimeRange r : t.windowRanges(now)) {
        if (rangeIndex.putIfAbsent(r, ranges.size()) == null) ranges.add(r);
      }
    }
    Map<SeriesKey, List<EventCounts>> sums = buckets.sums(series, ranges);
    // Minutes after now that already hold data (a sender a little ahead): they enter the windows later.
    Map<SeriesKey, List<Instant>> future = new HashMap<>();
    Instant end = Minutes.floor(now).plus(Minutes.ONE);
    for (Instant m = end; m.isBefore(end.plus(maxFutureSkew).plus(Minutes.ONE)); m = m.plus(Minutes.ONE)) {
      Instant minute = m;
      buckets.at(minute, series).forEach((key, counts) -> future.computeIfAbsent(key, k -> new ArrayList<>()).add(minute));
    }
    for (ObjectiveTracker t : additive) {
      List<EventCounts> all = sums.get(t.series);
      List<EventCounts> mine = t.windowRanges(now).stream().map(r -> all.get(rangeIndex.get(r))).toList();
      t.rebuildFrom(now, mine, future.getOrDefault(t.series, List.of()));
    }
  }
}

package dev.governor.slo;

import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.basics.SliName;
import dev.governor.basics.TimeRange;
import dev.governor.sli.Bucket;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The running sums of every objective, split into shards by SLI so that no lock spans them all.
 *
 * <p>Each shard has three locks with three jobs. {@code intake} orders stores against window moves: an
 * ingest holds it shared from before its store write until its increments are in the sums, and
 * whatever moves the windows (the tick, a load, a read that finds its shard a minute behind) holds
 * it exclusive. So a minute leaving a window is subtracted with exactly the counts that were added
 * for it, even while late data for it keeps arriving. The store reads of a move happen before that
 * exclusive hold: the mover reads ahead, ingests note which minutes they change meanwhile, and under
 * the lock only those minutes are read again, so a tick stops a shard's ingestion for an in-memory
 * subtraction, not for its reads. Ingests of one shard run side by side;
 * ingests of other shards never wait. The {@code sums} monitor guards the trackers' numbers and
 * is held only to change or read them in memory, never across a store write. {@code moving} lets
 * one thread at a time move the shard, so a read ahead and the changes noted since belong together.
 *
 * <p>A leaving minute of the last six hours is not read at all: the shard's {@link RecentMinutes}
 * hold it as stored, written under {@code sums} by the same ingests, so under the exclusive intake
 * they agree with the store. Every other minute a move needs (those leaving the day-long and longer
 * windows, and those the recent minutes do not know yet after a start) is read with the next ones,
 * {@link LeavingMinutes#SPAN} minutes a series at a time, into the shard's {@link LeavingMinutes},
 * kept the same way; a tick reads the store only where a span runs out.
 *
 * <p>Timeslice objectives are the exception: a late event can turn a slice from good to bad, so
 * its change is read back from the store, which must then hold exactly the shard's applied
 * writes. A shard with such an objective takes {@code intake} exclusive on ingest as well.
 */
final class SumShards {

  private static final System.Logger LOG = System.getLogger(SumShards.class.getName());

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
    /**
     * The minute the shard stood at when a tick last judged all its rules, or null when they must be
     * judged again (a judgement failed); only ticks set it, to the minute they judged.
     */
    volatile Instant judgedAt;
    /** One thread moves the shard at a time; held across the read ahead, which takes no other lock. */
    final ReentrantLock moving = new ReentrantLock();
    /** The leaving minutes read for the next move; guarded by {@code moving}. */
    ReadAhead readAhead;
    /** How far a move that found the shard busy got, or null; guarded by {@code moving}. */
    MovedUpTo movedUpTo;
    /** The minutes ingests changed since {@code readAhead} was read, or null; guarded by {@code sums}. */
    Set<Instant> changedSinceRead;
    /** The latest minutes of the shard's series, as stored; guarded by {@code sums}. */
    final RecentMinutes recent = new RecentMinutes();
    /** The next minutes to leave the shard's windows where the recent ones do not know them, as stored; guarded by {@code sums}. */
    final LeavingMinutes leaving = new LeavingMinutes();
    /** One fill of {@code recent} at a time; held across its store reads, which take no other lock. */
    final ReentrantLock filling = new ReentrantLock();
    /** The minutes ingests changed since a fill read the store, by series, or null; guarded by {@code sums}. */
    Map<SeriesKey, Set<Instant>> changedSinceFill;
    /** When the intake was last taken exclusive (System.nanoTime); written and read by its holder. */
    long heldSince;
  }

  private final Shard[] shards = new Shard[COUNT];
  /** Set after a tracker is marked {@link ObjectiveTracker#missedDeltas}, cleared by the tick that looks. */
  private final AtomicBoolean anyMissedDeltas = new AtomicBoolean();
  private final IntakeWaits.Recorder waits = new IntakeWaits.Recorder();
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
    advance(shard, now, true);
  }

  /**
   * Moves a shard's windows to the minute of {@code now}, if it stands before it. The minutes that
   * leave its windows are read from the store first, with no lock that ingestion needs; the intake
   * is then held exclusive, {@link #MOVE_CHUNK} trackers at a time, only to check that no ingest
   * changed them meanwhile (re-reading those it did) and to subtract them in memory.
   *
   * @param wait whether to wait for ingests that hold the shard's intake; when false and one does,
   *     the shard is left where it stands, its read kept for the next call, and false returned
   */
  boolean advance(Shard shard, Instant now, boolean wait) {
    Instant minute = Minutes.floor(now);
    if (!behind(shard, minute)) return true;
    shard.moving.lock();
    try {
      if (!behind(shard, minute)) {
        forgetReadAhead(shard);
        return true;
      }
      ReadAhead read = shard.readAhead;
      if (read == null || !read.minute().equals(minute)) {
        read = readAhead(shard, now);
        shard.readAhead = read;
      }
      // A few trackers at a time, the intake let go between: each hold is a short subtraction in
      // memory (a whole shard of 700 trackers held it up to 34 ms), and ingests go on between
      // them. A tracker moved stands at the new minute and takes an ingest's deltas as such; one
      // not yet moved takes them as minutes to enter later, as before the tick began.
      List<ObjectiveTracker> trackers = shard.trackers;
      // A call that found the shard busy part way left the chunks before it moved.
      int start = shard.movedUpTo != null && shard.movedUpTo.resumes(minute, trackers) ? shard.movedUpTo.next() : 0;
      for (int from = start; from < trackers.size() || from == 0; from += MOVE_CHUNK) {
        if (wait) {
          lockForMove(shard);
        } else if (!tryLockExclusive(shard)) {
          shard.movedUpTo = new MovedUpTo(minute, trackers, from);
          return false;
        }
        try {
          // A load in between put the shard at its own minute, with its own trackers.
          if (!behind(shard, minute)) break;
          if (from == start) installSpans(shard, read);
          int to = Math.min(trackers.size(), from + MOVE_CHUNK);
          move(shard, trackers.subList(from, to), now);
          if (to == trackers.size()) shard.minute = minute;
        } finally {
          unlockExclusive(shard, "a move of the windows");
        }
      }
      forgetReadAhead(shard);
      return true;
    } finally {
      shard.moving.unlock();
    }
  }

  /** How many trackers a move subtracts in one hold of the shard's intake. */
  static final int MOVE_CHUNK = 64;

  /** A move to {@code minute} of {@code trackers} stopped before the chunk at {@code next}. */
  private record MovedUpTo(Instant minute, List<ObjectiveTracker> trackers, int next) {
    boolean resumes(Instant minute, List<ObjectiveTracker> trackers) {
      return this.minute.equals(minute) && this.trackers == trackers;
    }
  }

  /**
   * A mover's tries for a busy shard's intake, a pause apart, before it queues for it. An ingest
   * holds the intake shared across its commit, and a mover queued behind that commit queues every
   * later ingest of the shard behind itself (they must not barge, or steady ingestion could keep a
   * mover out for good): they would wait for the commit and the move. Tried between ingests
   * instead, a move keeps them waiting only for its own hold, an in-memory subtraction.
   */
  static final int POLITE_TRIES = 100;

  static final long POLITE_PAUSE_NANOS = 1_000_000;

  /** Takes the shard's intake exclusive for a move, a fill or a rebuild: between ingests if it can (see {@link #POLITE_TRIES}). */
  void lockForMove(Shard shard) {
    for (int i = 0; i < POLITE_TRIES; i++) {
      if (tryLockExclusive(shard)) return;
      LockSupport.parkNanos(POLITE_PAUSE_NANOS);
    }
    lockExclusive(shard);
  }

  /**
   * Takes the shard's intake exclusive if no ingest holds it or waits for it; never queues. A
   * write lock's {@code tryLock} barges past queued threads: a mover letting go between two chunks
   * would take the next before the ingest it woke could run, and keep it waiting for the whole shard.
   */
  boolean tryLockExclusive(Shard shard) {
    if (shard.intake.hasQueuedThreads() || !shard.intake.writeLock().tryLock()) return false;
    shard.heldSince = System.nanoTime();
    return true;
  }

  /** Takes the shard's intake exclusive, queueing behind the ingests that hold it (a load, a composite's repair). */
  void lockExclusive(Shard shard) {
    shard.intake.writeLock().lock();
    shard.heldSince = System.nanoTime();
  }

  /** Lets go of the shard's intake, counting how long {@code holder} held it. */
  void unlockExclusive(Shard shard, String holder) {
    long held = System.nanoTime() - shard.heldSince;
    shard.intake.writeLock().unlock();
    waits.held(held, holder);
  }

  /** The recorder of ingests' waits for intakes held exclusive, and of those holds. */
  IntakeWaits.Recorder waits() {
    return waits;
  }

  private static boolean behind(Shard shard, Instant minute) {
    Instant at = shard.minute;
    return at != null && at.isBefore(minute);
  }

  /** Reads the minutes the shard's next move will subtract, noting from now on which minutes ingests change. */
  private ReadAhead readAhead(Shard shard, Instant now) {
    Map<Instant, Set<SeriesKey>> asked = plannedReads(shard, now);
    return read(Minutes.floor(now), asked, asked);
  }

  /**
   * Reads each minute in {@code union} as the start of a span (see {@link LeavingMinutes}): most are
   * the day-long windows' leaving minutes, and the rest are minutes the recent ones do not know (a
   * start's first ticks, a series written ahead of the clock), for which a span spares the next
   * ticks' reads as well. {@code asked} is what the shard the read is for asked.
   */
  private ReadAhead read(Instant minute, Map<Instant, Set<SeriesKey>> asked, Map<Instant, Set<SeriesKey>> union) {
    Map<Instant, Map<SeriesKey, LeavingMinutes.Span>> spans = new HashMap<>();
    union.forEach((leaving, series) -> {
      Map<SeriesKey, List<Bucket>> rows = buckets.ranges(series, leaving, leaving.plus(LeavingMinutes.SPAN_LENGTH));
      long lag = Duration.between(leaving, minute).toMinutes();
      Map<SeriesKey, LeavingMinutes.Span> bySeries = new HashMap<>();
      for (SeriesKey key : series) {
        // Built here, away from the intake: the move's exclusive hold only installs them.
        bySeries.put(key, LeavingMinutes.span(key, leaving, lag, rows.getOrDefault(key, List.of())));
      }
      spans.put(leaving, bySeries);
    });
    return new ReadAhead(minute, asked, spans);
  }

  /** The minutes and series the shard's next move will subtract; ingests' changes are noted from here on. */
  private static Map<Instant, Set<SeriesKey>> plannedReads(Shard shard, Instant now) {
    Map<Instant, Set<SeriesKey>> asked = new HashMap<>();
    java.util.function.BiConsumer<Instant, SeriesKey> ask = (minute, series) -> {
      if (knownHere(shard, series, minute) == null) asked.computeIfAbsent(minute, k -> new HashSet<>()).add(series);
    };
    synchronized (shard.sums) {
      for (ObjectiveTracker t : shard.trackers) t.plannedReads(now, ask);
      shard.changedSinceRead = new HashSet<>();
    }
    return asked;
  }

  /** About this many series are read ahead in one go, so a reader waits for one group's read, not the tick's. */
  static final int READ_AHEAD_GROUP = 4096;

  /**
   * Reads ahead for every shard in {@code all} that stands before {@code now}'s minute, many shards
   * in one store query per leaving minute, instead of one query per minute and shard; each keeps
   * its read for its {@link #advance}, as a busy shard keeps its own. Shards are read in groups of
   * about {@link #READ_AHEAD_GROUP} series, each group's {@code moving} locks held only across its
   * own read.
   */
  void readAhead(List<Shard> all, Instant now) {
    Instant minute = Minutes.floor(now);
    List<Shard> group = new ArrayList<>();
    int series = 0;
    for (Shard shard : all) {
      if (!behind(shard, minute)) continue;
      group.add(shard);
      series += shard.bySeries.size();
      if (series >= READ_AHEAD_GROUP) {
        readAheadTogether(group, now);
        group.clear();
        series = 0;
      }
    }
    if (!group.isEmpty()) readAheadTogether(group, now);
  }

  private void readAheadTogether(List<Shard> group, Instant now) {
    Instant minute = Minutes.floor(now);
    List<Shard> locked = new ArrayList<>(group.size());
    try {
      Map<Shard, Map<Instant, Set<SeriesKey>>> askedBy = new HashMap<>();
      Map<Instant, Set<SeriesKey>> union = new HashMap<>();
      for (Shard shard : group) {
        shard.moving.lock();
        locked.add(shard);
        if (!behind(shard, minute) || (shard.readAhead != null && shard.readAhead.minute().equals(minute))) continue;
        Map<Instant, Set<SeriesKey>> asked = plannedReads(shard, now);
        askedBy.put(shard, asked);
        asked.forEach((m, keys) -> union.computeIfAbsent(m, k -> new HashSet<>()).addAll(keys));
      }
      ReadAhead all = read(minute, union, union);
      // Every shard installs the spans of its own series only (installSpans), so all share the read.
      askedBy.forEach((shard, asked) -> shard.readAhead = new ReadAhead(minute, asked, all.spans()));
    } finally {
      for (Shard shard : locked) shard.moving.unlock();
    }
  }

  /** What the shard's recent or leaving minutes say the store holds; null when neither knows. Called under {@code sums}. */
  private static EventCounts knownHere(Shard shard, SeriesKey series, Instant minute) {
    EventCounts recent = shard.recent.known(series, minute);
    return recent != null ? recent : shard.leaving.known(series, minute);
  }

  private static void forgetReadAhead(Shard shard) {
    shard.readAhead = null;
    shard.movedUpTo = null;
    synchronized (shard.sums) {
      shard.changedSinceRead = null;
    }
  }

  /** An ingest stored {@code delta} more for {@code series} at {@code minute}; called under the shard's {@code sums}. */
  static void added(Shard shard, SeriesKey series, Instant minute, EventCounts delta) {
    changed(shard, series, minute);
    shard.recent.added(series, minute, delta);
    shard.leaving.added(series, minute, delta);
  }

  /** The store now holds {@code counts} for {@code series} at {@code minute}; called under the shard's {@code sums}. */
  static void replaced(Shard shard, SeriesKey series, Instant minute, EventCounts counts) {
    changed(shard, series, minute);
    shard.recent.replaced(series, minute, counts);
    shard.leaving.replaced(series, minute, counts);
  }

  private static void changed(Shard shard, SeriesKey series, Instant minute) {
    if (shard.changedSinceRead != null) shard.changedSinceRead.add(minute);
    if (shard.changedSinceFill != null) shard.changedSinceFill.computeIfAbsent(series, k -> new HashSet<>()).add(minute);
  }

  /**
   * Reads from the store the minutes of the last {@link RecentMinutes#SPAN} (and any after) that up
   * to {@code most} of the shard's series hold, where the shard does not know them yet (after a
   * start, or when their SLO was applied), so that the tick stops reading the shorter windows'
   * leaving minutes a few ticks after a start. The store is read with no lock that ingestion
   * needs; the minutes ingests changed meanwhile are read again with the intake held exclusive, as
   * a move's read ahead is. Returns how many series it read; 0 once every series is known.
   */
  int fillRecent(Shard shard, Instant now, int most) {
    Instant from = Minutes.floor(now).plus(Minutes.ONE).minus(RecentMinutes.SPAN);
    if (!shard.filling.tryLock()) return 0; // another thread fills this shard
    try {
      Set<SeriesKey> unfilled;
      synchronized (shard.sums) {
        if (!shard.recent.anyUnfilled()) return 0;
        unfilled = shard.recent.unfilled(most);
        shard.changedSinceFill = new HashMap<>();
      }
      try {
        // Up to no end: minutes stored further ahead than the events admitted now may carry count too.
        Map<SeriesKey, Map<Instant, EventCounts>> stored = new HashMap<>();
        Map<SeriesKey, RecentMinutes.Read> reads = new HashMap<>();
        for (SeriesKey series : unfilled) {
          Map<Instant, EventCounts> minutes = new HashMap<>();
          for (var bucket : buckets.range(series, from, Minutes.LAST)) minutes.put(bucket.minute(), bucket.counts());
          stored.put(series, minutes);
          reads.put(series, RecentMinutes.read(from, minutes));
        }
        lockForMove(shard);
        try {
          Map<Instant, Set<SeriesKey>> again = new HashMap<>();
          synchronized (shard.sums) {
            shard.changedSinceFill.forEach((series, minutes) -> {
              if (!unfilled.contains(series)) return;
              for (Instant minute : minutes) {
                if (!minute.isBefore(from)) again.computeIfAbsent(minute, k -> new HashSet<>()).add(series);
              }
            });
            shard.changedSinceFill = null;
          }
          // Only what ingests changed since the read is read again here, and the rings were built
          // before the lock: the hold costs a query per changed minute, not the fill's work.
          again.forEach((minute, series) -> {
            Map<SeriesKey, EventCounts> reread = buckets.at(minute, series);
            for (SeriesKey key : series) {
              EventCounts before = stored.get(key).getOrDefault(minute, EventCounts.NONE);
              reads.get(key).readAgain(minute, before, reread.getOrDefault(key, EventCounts.NONE));
            }
          });
          synchronized (shard.sums) {
            reads.forEach(shard.recent::filled);
          }
        } finally {
          unlockExclusive(shard, "a fill of recent minutes");
        }
        return unfilled.size();
      } finally {
        synchronized (shard.sums) {
          shard.changedSinceFill = null;
        }
      }
    } finally {
      shard.filling.unlock();
    }
  }

  /**
   * Keeps the recent minutes of exactly {@code series}; those new to the shard are known from their
   * minute in {@code knownFrom} on (see {@link #rebuild}), and wholly once {@link #fillRecent} has
   * read them. The leaving minutes of the series not kept, and of those in {@code renewed} (given new
   * trackers by the load), are dropped. Called by a load with the shard's intake held exclusive.
   */
  void keepRecent(Shard shard, Set<SeriesKey> series, Map<SeriesKey, Instant> knownFrom, Set<SeriesKey> renewed) {
    synchronized (shard.sums) {
      shard.recent.keepOnly(series, knownFrom);
      shard.leaving.keepOnly(series, renewed);
    }
  }

  /**
   * At least the events the store holds for {@code series} in {@code minute}: exactly those when
   * the shard's recent minutes know it, else the longest running window of one of its trackers
   * that holds the minute, or -1 when none does (see {@link Admission.HeldAtMost}).
   */
  long heldAtMost(SeriesKey series, Instant minute) {
    Shard shard = of(series);
    synchronized (shard.sums) {
      EventCounts recent = shard.recent.known(series, minute);
      if (recent != null) return recent.total();
      for (ObjectiveTracker t : shard.bySeries.getOrDefault(series, List.of())) {
        if (t.missedDeltas) continue;
        long bound = t.eventsAtMost(minute);
        if (bound >= 0) return bound;
      }
    }
    return -1;
  }

  /**
   * Notes that {@code t} missed an ingest's deltas; called under its shard's {@code sums}. The next
   * tick reads it again from the store.
   */
  void missedDeltas(ObjectiveTracker t) {
    t.missedDeltas = true;
    anyMissedDeltas.set(true);
  }

  /**
   * Reads again from the store, at the minute its shard stands at, every tracker that missed an
   * ingest's deltas, with the shard's intake held exclusive so that no ingest adds to it meanwhile;
   * a shard with one rebuilt is to be judged again. A tracker whose read fails again stays marked,
   * for the tick after. Costs one flag read while nothing missed anything; a tracker a load has
   * replaced since is no longer among its shard's, and its successor was read at the load.
   *
   * @return whether any tracker was rebuilt
   */
  boolean rebuildMissed() {
    if (!anyMissedDeltas.getAndSet(false)) return false;
    boolean rebuilt = false;
    for (Shard shard : shards) {
      synchronized (shard.sums) {
        if (shard.trackers.stream().noneMatch(t -> t.missedDeltas)) continue;
      }
      // Not in the middle of a move, whose trackers stand at two minutes until its last chunk.
      shard.moving.lock();
      lockForMove(shard);
      try {
        synchronized (shard.sums) {
          for (ObjectiveTracker t : shard.trackers) {
            if (!t.missedDeltas) continue;
            try {
              t.rebuild(buckets, shard.minute, maxFutureSkew);
              t.missedDeltas = false;
              shard.judgedAt = null;
              rebuilt = true;
            } catch (RuntimeException e) {
              anyMissedDeltas.set(true);
              LOG.log(System.Logger.Level.WARNING, "the sums of " + t.slo.name() + " " + t.objective.name()
                  + " could not be read again from the store (" + e + "); the next tick tries again");
            }
          }
        }
      } finally {
        unlockExclusive(shard, "a rebuild of missed deltas");
        shard.moving.unlock();
      }
    }
    return rebuilt;
  }

  /**
   * Moves {@code trackers} of {@code shard} to {@code now}. A leaving minute comes from the shard's
   * recent or leaving minutes where they know it (a move's read ahead is installed among the
   * leaving ones first, without the minutes ingests changed since); the rest are read now, one store
   * query per distinct minute. The caller holds the shard's intake exclusive, so what is read is
   * what was applied.
   */
  void move(Shard shard, Collection<ObjectiveTracker> trackers, Instant now) {
    Map<Instant, Set<SeriesKey>> missing = new HashMap<>();
    synchronized (shard.sums) {
      for (ObjectiveTracker t : trackers) {
        t.plannedReads(now, (minute, series) -> {
          if (knownHere(shard, series, minute) == null) {
            missing.computeIfAbsent(minute, k -> new HashSet<>()).add(series);
          }
        });
      }
    }
    Map<Instant, Map<SeriesKey, EventCounts>> fetched = new HashMap<>();
    missing.forEach((minute, series) -> fetched.put(minute, buckets.at(minute, series)));
    // Called under the sums monitor (by advance below), which guards the recent minutes too.
    ObjectiveTracker.UnitReader reader = (series, minute) -> {
      EventCounts known = knownHere(shard, series, minute);
      if (known != null) return known;
      if (missing.getOrDefault(minute, Set.of()).contains(series)) {
        return fetched.get(minute).getOrDefault(series, EventCounts.NONE);
      }
      return buckets.sum(series, minute, minute.plus(Minutes.ONE));
    };
    synchronized (shard.sums) {
      for (ObjectiveTracker t : trackers) t.advance(buckets, now, maxFutureSkew, reader);
    }
  }

  /**
   * Keeps the spans {@code read} brought for the shard's series in its {@link LeavingMinutes}, but
   * not the minutes an ingest changed since the read ({@code changedSinceRead}). Called with the shard's intake held
   * exclusive: every write the read saw has been told to the shard, and every later one will be.
   */
  private static void installSpans(Shard shard, ReadAhead read) {
    if (read.spans().isEmpty()) return;
    synchronized (shard.sums) {
      Set<Instant> changed = shard.changedSinceRead == null ? Set.of() : shard.changedSinceRead;
      read.spans().forEach((from, bySeries) -> {
        for (SeriesKey series : read.asked().getOrDefault(from, Set.of())) {
          LeavingMinutes.Span span = bySeries.get(series);
          if (span != null) shard.leaving.install(series, span, changed, read.minute());
        }
      });
    }
  }

  /**
   * Stored minutes read ahead of a move to {@code minute}: who was asked, and from each minute asked,
   * each series' span, built but not yet installed; once installed they answer the move.
   */
  private record ReadAhead(Instant minute, Map<Instant, Set<SeriesKey>> asked,
      Map<Instant, Map<SeriesKey, LeavingMinutes.Span>> spans) {
  }

  /**
   * Reads new trackers' windows from the store as of {@code now}: additive ones in bulk (one
   * {@link BucketStore#sums} for all, which rollups answer from days and hours), timeslice ones
   * slice by slice. Called before the trackers are visible to anyone, under the intake lock.
   *
   * @return for the series of additive trackers that the store holds nothing for after the minute
   *     of {@code now}, the minute after it: from there on, every write to them is yet to come
   */
  Map<SeriesKey, Instant> rebuild(List<ObjectiveTracker> fresh, Instant now) {
    List<ObjectiveTracker> additive = new ArrayList<>();
    for (ObjectiveTracker t : fresh) {
      // Adjusted SLOs are few and their windows have holes; they read theirs one by one.
      if (t.units.isAdditive() && t.units.excluded().isEmpty()) additive.add(t);
      else t.rebuild(buckets, now, maxFutureSkew);
    }
    if (additive.isEmpty()) return Map.of();
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
    // Minutes after now that already hold data: they enter the windows when the clock reaches them.
    // Not only those a sender a little ahead wrote: a clock that stepped back, or a future skew
    // shorter than when they were stored, leaves minutes further ahead, and they count too.
    Map<SeriesKey, List<Instant>> future = buckets.minutesFrom(series, Minutes.floor(now).plus(Minutes.ONE));
    for (ObjectiveTracker t : additive) {
      List<EventCounts> all = sums.get(t.series);
      List<EventCounts> mine = t.windowRanges(now).stream().map(r -> all.get(rangeIndex.get(r))).toList();
      t.rebuildFrom(now, mine, future.getOrDefault(t.series, List.of()));
    }
    Map<SeriesKey, Instant> quietFrom = new HashMap<>();
    Instant next = Minutes.floor(now).plus(Minutes.ONE);
    for (SeriesKey s : series) {
      if (future.getOrDefault(s, List.of()).isEmpty()) quietFrom.put(s, next);
    }
    return quietFrom;
  }
}

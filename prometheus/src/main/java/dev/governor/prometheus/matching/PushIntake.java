package dev.governor.prometheus.matching;

import dev.governor.prometheus.matching.SelectorIndex.Role;
import dev.governor.prometheus.matching.SelectorIndex.Target;
import dev.governor.sli.IngestOutcome;
import dev.governor.sli.SliSink;
import dev.governor.sli.SliEvent;
import dev.governor.sli.SourceMarks;
import dev.governor.slo.Catalog;
import dev.governor.basics.EventCounts;
import dev.governor.slo.Evaluator;
import dev.governor.basics.SliName;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Turns pushed counter samples (remote-write, OTLP) into per-minute good/total counts of the SLIs
 * whose selectors match them.
 *
 * <h2>From counter values to increments</h2>
 * A pushed counter carries its running total, not what happened since the last push. The intake
 * remembers each matched series' last (timestamp, value) and counts the difference, as
 * Prometheus' {@code increase()} does: a value lower than the last means the counter restarted
 * from 0 (the process restarted), so the whole new value is the increment. The <em>first</em>
 * sample of a series only sets this baseline and counts nothing: its value holds everything since
 * the counter started, maybe weeks ago, and counting it would pour all of that into one minute.
 * Unless an OTLP start time says the counter started after this process's intake did, and it is
 * not a series forgotten while idle coming back with the start it had: then all of its value
 * happened while Governor listened (a new process), and the whole value is the increment.
 * A sample whose timestamp is not after the last one (a duplicate, a retried batch, a sample out
 * of order) is ignored, which also makes a retried request harmless. Counters are floats; each
 * series keeps the fraction below 1 that its increments left over, so integer counters sum
 * exactly and fractional ones lose less than 1 in total. Delta series (OTLP) count every value as
 * it is. The state is in memory and bounded: series idle for {@code idleAfter} are forgotten,
 * and beyond {@code maxSeries} the least recently seen is; a forgotten series that comes back
 * starts from a new baseline, losing one interval's increase.
 *
 * <h2>Why minutes are held back</h2>
 * An increment counts in the minute of its sample's timestamp. The good and the total series of
 * one SLI usually arrive in different requests: Prometheus shards series over parallel
 * connections. Storing each request's share at once would record, say, a minute's total before
 * its good, which reads as 100 % errors and pages someone. So increments are summed per SLI and
 * minute in memory and handed to the evaluator only once the minute is over and {@code settle}
 * more has passed ({@link #flush}, called on every request and every evaluator tick). A minute
 * whose total has come but whose good (bad) series has sent no sample for it, while that series
 * has been seen before, waits {@code grace} more for it: written at once, it would say 100 % errors
 * (or none). After the grace the minute is written with what is known. Counts for a minute that
 * was already written are dropped (and counted), never moved into another minute. Good (or
 * bad) counts above a minute's total, possible when the good and total series are scraped from
 * different targets a moment apart, carry over to the next minute once and are dropped (and
 * counted) after that.
 *
 * <h2>What survives a crash</h2>
 * Each series' baseline and each minute being assembled are written as {@link SourceMarks}
 * ({@link PushMarks}), and a minute that is stored goes into its buckets in the same transaction
 * that takes it off the marks. Every write is a consistent cut: the baselines it holds are exactly
 * the ones the minutes it holds were counted up to. A restart, or a new leader of a cluster, reads
 * the marks back before its first push or flush and carries on from that cut.
 *
 * <p>For a cumulative counter (all of remote-write, most of OTLP) the cut need not be the last
 * sample: the counter itself carries what came after it. The next sample after a restart counts
 * its increase over the restored baseline, which holds every increase since the cut, once. So what
 * cumulative samples change is written at most every {@code checkpointEvery} (a second) while
 * pushes come, and at every flush, not before every answer: one write a second instead of one a
 * request, which is what lets the intake keep up with a Prometheus (BENCHMARKS.md). What a crash
 * costs is time, not counts: increases of the last second before it are counted in the minute of
 * the series' next sample. Only a series that never sends again loses them, as a target that dies
 * loses its last scrape. A delta (OTLP delta sums) carries only itself, so a request that counted
 * one is answered only once it is written. Only what changed is written, and one writer at a time.
 * A write that fails may have landed all the same (its answer lost), and only the store knows: so
 * the intake throws its memory away and reads the marks back, and the request that asked for the
 * write fails, so that its sender sends it again, counted from what the store holds. What that costs
 * a cumulative counter is again time, except for a series first seen since the last write: its
 * baseline was not stored, and it loses one interval's increase, as a forgotten series does.
 */
public final class PushIntake {

  private static final System.Logger LOG = System.getLogger(PushIntake.class.getName());

  /** Per-sample increases above this are taken for garbage, as the events API's count cap. */
  static final double MAX_INCREMENT = 1e12;

  public enum Receiver {
    REMOTE_WRITE, OTLP
  }

  /**
   * @param maxSeries the most series whose last value is remembered
   * @param idleAfter a series not seen this long is forgotten
   * @param settle how long after a minute ends its counts are stored: the time a sender needs to
   *     deliver that minute's samples
   * @param grace how long after a minute ends it waits for its good (bad) series when only its
   *     total came (see the class comment)
   * @param checkpointEvery how often, at most, what cumulative counters changed is written while
   *     pushes come (see the class comment); zero writes it before every answer
   */
  public record Settings(int maxSeries, Duration idleAfter, Duration settle, Duration grace, Duration checkpointEvery) {
    public static final Settings DEFAULT = new Settings(200_000, Duration.ofMinutes(15), Duration.ofSeconds(20),
        Duration.ofMinutes(2), Duration.ofSeconds(1));

    public Settings(int maxSeries, Duration idleAfter, Duration settle) {
      this(maxSeries, idleAfter, settle, Duration.ofMinutes(2), Duration.ofSeconds(1));
    }

    public Settings withCheckpointEvery(Duration every) {
      return new Settings(maxSeries, idleAfter, settle, grace, every);
    }

    public Settings {
      if (maxSeries < 1) throw new IllegalArgumentException("maxSeries must be positive, got " + maxSeries);
      if (idleAfter.isNegative() || idleAfter.isZero()) {
        throw new IllegalArgumentException("idleAfter must be positive, got " + idleAfter);
      }
      if (settle.isNegative()) throw new IllegalArgumentException("settle must not be negative, got " + settle);
      if (grace.compareTo(settle) < 0) {
        throw new IllegalArgumentException("grace must be at least settle, got grace=" + grace + " settle=" + settle);
      }
      if (checkpointEvery.isNegative()) {
        throw new IllegalArgumentException("checkpointEvery must not be negative, got " + checkpointEvery);
      }
    }
  }

  /** A request whose deltas were counted and then thrown away with a failed write: send it again. */
  public static final class NotStored extends RuntimeException {
    NotStored(String message) {
      super(message);
    }
  }

  /** What one request's series came to. */
  public record Accepted(int matchedSeries, int unmatchedSeries, int countedSamples) {}

  /** Running totals for {@code /metrics}, per receiver where it says so. */
  public record Stats(
      Map<Receiver, Long> seriesMatched,
      Map<Receiver, Long> seriesUnmatched,
      Map<Receiver, Long> samplesCounted,
      Map<Receiver, Long> samplesBaseline,
      Map<Receiver, Long> samplesIgnored,
      long countsDropped,
      long eventsStored,
      int seriesTracked,
      int pushedSlis) {}

  private final SliSink sink;
  private final java.util.function.Supplier<Catalog> catalog;
  private final InstantSource clock;
  private final Settings settings;
  /** Guards the state in memory; never held while the store writes. */
  private final ReentrantLock lock = new ReentrantLock();
  /** Held by whoever writes, from taking the changes until they are durable or thrown away. */
  private final ReentrantLock writer = new ReentrantLock();
  /** False until the marks are read back: the state must be whole before anything counts. */
  private boolean restored;
  /** Series whose mark no longer says what they hold, by mark; a forgotten series' mark goes. */
  private final Map<String, SeriesState> dirtySeries = new HashMap<>();
  /** Keys whose mark no longer says what they hold. */
  private final Set<Key> dirtyKeys = new HashSet<>();
  /** When the last write succeeded, by the clock; guarded by {@link #writer}. */
  private long lastWriteMillis;
  /** How often the state was thrown away after a failed write ({@link #reload}); under the lock. */
  private long reloads;

  private Catalog indexed;
  private SelectorIndex index = SelectorIndex.EMPTY;
  private final LinkedHashMap<Labels, SeriesState> series;
  /**
   * The OTLP start time of series forgotten lately: one that comes back with the same start is the
   * same counter, whose value was counted before, not a new process to count whole.
   */
  private final LinkedHashMap<Labels, Long> forgottenStarts;
  /**
   * What minutes are assembled for: an SLI, and for the SLI of grouped SLOs, the values its series
   * carry for their groupBy labels, so that each instance gets its own counts.
   */
  private record Key(SliName sli, Map<String, String> group) {}

  /** Per SLI, the labels grouped SLOs over it make instances by; absent for most SLIs. */
  private Map<SliName, List<String>> groupBy = Map.of();
  private final Map<Key, Pending> pending = new HashMap<>();
  /** Keys whose good (bad) series has sent samples: only their minutes wait for it. */
  private final Set<Key> partSeen = new HashSet<>();
  /** Per key, the newest minute written; later counts for it or older ones are dropped. */
  private final Map<Key, Instant> written = new HashMap<>();
  /**
   * When this process's intake first read its marks back: an OTLP counter that started later holds
   * nothing counted before. Not the first start of any process before it: a counter that started
   * between two processes cannot be told from one that was counted and then forgotten while idle,
   * and counting that one whole again would count its history twice; its first interval is lost
   * instead.
   */
  private long startedMillis;

  private final Map<Receiver, Counters> counters = new EnumMap<>(Receiver.class);
  private final AtomicLong countsDropped = new AtomicLong();
  private final AtomicLong eventsStored = new AtomicLong();

  public PushIntake(Evaluator evaluator, InstantSource clock, Settings settings) {
    this(evaluator, evaluator::catalog, clock, settings);
  }

  /** Writing through {@code sink}, matching against the catalog {@code catalog} gives at each push. */
  public PushIntake(SliSink sink, java.util.function.Supplier<Catalog> catalog, InstantSource clock, Settings settings) {
    this.sink = sink;
    this.catalog = catalog;
    this.clock = clock;
    this.settings = settings;
    for (Receiver r : Receiver.values()) counters.put(r, new Counters());
    // Access order: the eldest entry is the series seen least recently, the one to forget first.
    this.series = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Labels, SeriesState> eldest) {
        if (size() <= settings.maxSeries()) return false;
        forgotten(eldest.getValue());
        return true;
      }
    };
    this.forgottenStarts = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Labels, Long> eldest) {
        return size() > settings.maxSeries();
      }
    };
  }

  /**
   * Counts the increments of {@code batch} towards the SLIs whose selectors match, then stores
   * the minutes that are complete ({@link #flush}) and makes what the batch changed durable. When
   * the store fails, this throws, and the intake reads its state back from the store (see the
   * class comment).
   *
   * @throws NotStored when the batch counted a delta and a failed write threw the state away while
   *     this waited: the sender must send it again
   */
  public Accepted accept(Receiver receiver, List<PushedSeries> batch) {
    Counters c = counters.get(receiver);
    int matched = 0, unmatched = 0, counted = 0;
    boolean deltaCounted = false;
    long reloadsBefore;
    lock.lock();
    try {
      restore();
      reloadsBefore = reloads;
      refreshIndex();
      long now = clock.millis();
      for (PushedSeries s : batch) {
        SeriesState state = series.get(s.labels());
        List<Target> targets;
        if (state != null && state.matchedBy == index) {
          targets = state.targets; // seen since the catalog last changed: no selector to test
        } else {
          targets = index.match(s.labels());
          if (state == null && targets.isEmpty()) { // most series: not remembered
            unmatched++;
            continue;
          }
          if (state == null) {
            state = new SeriesState(s.labels());
            Long start = forgottenStarts.get(s.labels());
            if (start != null) state.forgottenStart = start;
            series.put(s.labels(), state);
          }
          state.matchedBy = index;
          state.targets = targets;
        }
        state.seenAt = now; // after the lookup that moved it last in access order, as forgetIdle expects
        if (targets.isEmpty()) {
          unmatched++;
          continue;
        }
        matched++;
        long lastBefore = state.lastMillis;
        for (PushedSeries.Sample sample : s.samples()) {
          long whole = state.advance(s.temporality(), sample, c, startedMillis);
          if (state.lastMillis != lastBefore) dirtySeries.put(state.mark(), state);
          if (whole < 0) continue;
          counted++;
          deltaCounted |= s.temporality() == PushedSeries.Temporality.DELTA;
          Instant minute = Instant.ofEpochMilli(Math.floorDiv(sample.timestampMillis(), 60_000L) * 60_000L);
          for (Target t : targets) {
            Key key = keyOf(t.sli(), s.labels());
            Instant done = written.get(key);
            if (done != null && !minute.isAfter(done)) {
              countsDropped.addAndGet(whole); // too late: its minute is written (class comment)
              continue;
            }
            if (whole == 0 && t.role() == Role.TOTAL) continue;
            dirtyKeys.add(key);
            Pending p = pending.computeIfAbsent(key, k -> new Pending());
            long[] counts = p.minutes.computeIfAbsent(minute, k -> new long[3]);
            if (t.role() == Role.TOTAL) counts[1] += whole;
            else {
              counts[0] += whole;
              counts[2] = 1; // the good (bad) series spoke for this minute, even if to say 0
              p.partRole = t.role();
              partSeen.add(key);
            }
          }
        }
      }
    } finally {
      lock.unlock();
    }
    c.seriesMatched.addAndGet(matched);
    c.seriesUnmatched.addAndGet(unmatched);
    c.samplesCounted.addAndGet(counted);
    // A delta is counted once, when it comes: it must be durable before the sender hears 2xx.
    flush(deltaCounted);
    if (deltaCounted) {
      lock.lock();
      try {
        if (reloads != reloadsBefore) {
          throw new NotStored("a write of the push state failed while this request waited; its deltas were not"
              + " stored, send it again");
        }
      } finally {
        lock.unlock();
      }
    }
    return new Accepted(matched, unmatched, counted);
  }

  /**
   * Stores every minute that ended at least {@code settle} ago, and forgets idle series.
   * Returns how many per-minute events were stored. When the store fails, the state is read back
   * from the marks at the next push or flush (see the class comment) and the exception propagates.
   */
  public int flush() {
    return flush(false);
  }

  /**
   * Stores the minutes that are due and writes everything else that changed, now: what a stopping
   * process leaves for the next one (a restart, another replica) to carry on from. Minutes still
   * being assembled stay marks, not buckets, so a rolling restart does not store a minute whose
   * good series had not sent yet.
   */
  public int checkpoint() {
    return flush(true);
  }

  /**
   * @param now whether what changed must be durable before this returns; otherwise it is written
   *     when {@code checkpointEvery} has passed since the last write, or with due minutes, and not
   *     at all while another write is under way (the next checkpoint takes it)
   */
  private int flush(boolean now) {
    boolean mustWrite = now || settings.checkpointEvery().isZero();
    if (mustWrite) writer.lock();
    else if (!writer.tryLock()) return 0;
    try {
      List<SliEvent> events = new ArrayList<>();
      boolean tookMinutes = false;
      SourceMarks changes;
      long startedAt;
      lock.lock();
      try {
        restore();
        Instant clockNow = clock.instant();
        startedAt = clockNow.toEpochMilli();
        forgetIdle(startedAt);
        Instant due = clockNow.minus(settings.settle()).minus(Duration.ofMinutes(1));
        Instant graceDue = clockNow.minus(settings.grace()).minus(Duration.ofMinutes(1));
        for (Iterator<Map.Entry<Key, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
          Map.Entry<Key, Pending> e = it.next();
          Pending p = e.getValue();
          for (Iterator<Map.Entry<Instant, long[]>> ready = p.minutes.headMap(due, true).entrySet().iterator();
              ready.hasNext(); ) {
            Map.Entry<Instant, long[]> m = ready.next();
            long[] counts = m.getValue();
            boolean waiting = counts[1] > 0 && counts[2] == 0 && partSeen.contains(e.getKey())
                && m.getKey().isAfter(graceDue);
            // Later minutes wait too: the carry-over of good above total goes from a minute to the next.
            if (waiting) break;
            tookMinutes = true;
            dirtyKeys.add(e.getKey());
            toEvent(e.getKey(), p, m.getKey(), counts).ifPresent(events::add);
            written.merge(e.getKey(), m.getKey(), (a, b) -> a.isAfter(b) ? a : b);
            ready.remove();
          }
          if (p.minutes.isEmpty() && p.held == 0) it.remove();
        }
        boolean checkpointDue = startedAt - lastWriteMillis >= settings.checkpointEvery().toMillis();
        if (!tookMinutes && !mustWrite && !checkpointDue) return 0;
        changes = takeChanges();
      } finally {
        lock.unlock();
      }
      if (events.isEmpty() && changes.isEmpty()) return 0;
      try {
        int stored = store(events, changes);
        lastWriteMillis = startedAt;
        return stored;
      } catch (RuntimeException e) {
        reload();
        throw e;
      }
    } finally {
      writer.unlock();
    }
  }

  /**
   * After a write that failed: forgets everything in memory, so that the next push or flush reads
   * the marks back. The store is the truth, because a write whose commit failed may have landed
   * after all (its answer lost), and only the store knows. Cumulative counters lose nothing by it:
   * their next sample counts the increase over the stored baseline. A request that counted a delta
   * and is still waiting for its write fails instead, so that its sender sends it again.
   */
  private void reload() {
    lock.lock();
    try {
      restored = false;
      reloads++;
      series.clear();
      pending.clear();
      written.clear();
      partSeen.clear();
      dirtySeries.clear();
      dirtyKeys.clear();
    } finally {
      lock.unlock();
    }
  }

  /** The marks of everything changed since the last write, and the dirty sets emptied. Under the lock. */
  private SourceMarks takeChanges() {
    Map<String, String> set = new HashMap<>();
    Set<String> removed = new HashSet<>();
    dirtySeries.forEach((mark, state) -> {
      if (state.forgotten || !state.started) removed.add(mark);
      else set.put(mark, PushMarks.seriesValue(new PushMarks.SeriesMark(state.labels, state.lastMillis, state.lastValue,
          state.lastStart, state.fraction)));
    });
    for (Key key : dirtyKeys) {
      String mark = PushMarks.keyMark(key.sli(), key.group());
      Pending p = pending.get(key);
      Instant done = written.get(key);
      if (p == null && done == null && !partSeen.contains(key)) {
        removed.add(mark);
        continue;
      }
      set.put(mark, PushMarks.keyValue(new PushMarks.KeyMark(key.sli(), key.group(),
          p == null ? Role.GOOD : p.partRole, p == null ? 0 : p.held, partSeen.contains(key),
          java.util.Optional.ofNullable(done), p == null ? new TreeMap<>() : p.minutes)));
    }
    // A series forgotten and seen again in one interval is set, not removed.
    removed.removeAll(set.keySet());
    SourceMarks changes = new SourceMarks(PushMarks.SOURCE, set, removed);
    dirtySeries.clear();
    dirtyKeys.clear();
    return changes;
  }

  /**
   * Reads the marks back, once, before anything counts: the baselines, the minutes being assembled
   * and when the intake first listened. Under the lock; throws while the store cannot be read, and
   * the next push or flush tries again.
   */
  private void restore() {
    if (restored) return;
    Map<String, String> marks = sink.marks(PushMarks.SOURCE);
    long now = clock.millis();
    if (startedMillis == 0) startedMillis = now; // kept through a reload: the process listened all along
    int unreadable = 0;
    for (Map.Entry<String, String> e : marks.entrySet()) {
      try {
        if (PushMarks.isSeries(e.getKey())) {
          PushMarks.SeriesMark m = PushMarks.readSeries(e.getValue());
          SeriesState state = new SeriesState(m.labels());
          state.started = true;
          state.lastMillis = m.lastMillis();
          state.lastValue = m.lastValue();
          state.lastStart = m.lastStart();
          state.fraction = m.fraction();
          state.seenAt = now;
          series.put(m.labels(), state);
        } else if (PushMarks.isKey(e.getKey())) {
          PushMarks.KeyMark m = PushMarks.readKey(e.getValue());
          Key key = new Key(m.sli(), m.group());
          if (!m.minutes().isEmpty() || m.held() != 0) {
            Pending p = new Pending();
            p.partRole = m.partRole();
            p.held = m.held();
            p.minutes.putAll(m.minutes());
            pending.put(key, p);
          }
          m.written().ifPresent(w -> written.put(key, w));
          if (m.partSeen()) partSeen.add(key);
        } else {
          throw new IllegalArgumentException("no mark of the push intake is named so");
        }
      } catch (RuntimeException unreadableMark) {
        unreadable++;
        LOG.log(System.Logger.Level.WARNING, "push intake: the mark {0} could not be read and is dropped: {1}",
            e.getKey(), unreadableMark.toString());
        SeriesState gone = new SeriesState(null);
        gone.forgotten = true;
        dirtySeries.put(e.getKey(), gone);
      }
    }
    restored = true;
    if (!marks.isEmpty()) {
      LOG.log(System.Logger.Level.INFO, "push intake: carried on from {0} marks ({1} series, {2} SLIs pending, {3} unreadable)",
          marks.size(), series.size(), pending.size(), unreadable);
    }
  }

  /** {@code state} leaves memory: its mark goes with the next write. Under the lock. */
  private void forgotten(SeriesState state) {
    state.forgotten = true;
    if (state.labels != null && state.lastStart != 0) forgottenStarts.put(state.labels, state.lastStart);
    dirtySeries.put(state.mark(), state);
  }

  /** The counts of one due minute, with good (or bad) above total carried over once. */
  private java.util.Optional<SliEvent> toEvent(Key key, Pending p, Instant minute, long[] counts) {
    long part = counts[0], total = counts[1];
    long excess = Math.max(0, part + p.held - total);
    long kept = Math.min(excess, part); // only this minute's own excess may carry on
    countsDropped.addAndGet(excess - kept);
    long fitted = part + p.held - excess;
    p.held = kept;
    if (total == 0) return java.util.Optional.empty();
    EventCounts c = p.partRole == Role.BAD ? EventCounts.ofBad(fitted, total) : new EventCounts(fitted, total);
    return java.util.Optional.of(new SliEvent.Counts(key.sli(), minute, c, java.util.Optional.empty(), key.group()));
  }

  /** Stores {@code events} with {@code marks} in one transaction; what the evaluator refuses is dropped. */
  private int store(List<SliEvent> events, SourceMarks marks) {
    IngestOutcome outcome = sink.ingest(events, SliSink.Source.ADAPTER, marks);
    if (outcome instanceof IngestOutcome.Rejected rejected) {
      // The catalog changed since the index was built, or a sender's clock is far off: drop
      // what the evaluator refuses, store the rest.
      Set<Integer> bad = new HashSet<>();
      for (IngestOutcome.EventProblem problem : rejected.problems()) {
        bad.add(problem.index());
        LOG.log(System.Logger.Level.WARNING, "pushed counts dropped: {0}", problem.message());
      }
      List<SliEvent> rest = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) {
        if (bad.contains(i)) countsDropped.addAndGet(((SliEvent.Counts) events.get(i)).counts().total());
        else rest.add(events.get(i));
      }
      outcome = sink.ingest(rest, SliSink.Source.ADAPTER, marks);
      if (outcome instanceof IngestOutcome.Rejected again) {
        LOG.log(System.Logger.Level.WARNING, "pushed counts dropped: {0}", again.problems());
        sink.ingest(List.of(), SliSink.Source.ADAPTER, marks); // the marks say they are gone
        return 0;
      }
      events = rest;
    }
    eventsStored.addAndGet(events.size());
    return events.size();
  }

  private Key keyOf(SliName sli, Labels labels) {
    List<String> by = groupBy.get(sli);
    if (by == null) return new Key(sli, Map.of());
    Map<String, String> group = new java.util.TreeMap<>();
    for (String label : by) {
      String value = labels.get(label);
      group.put(label, value == null ? "" : value);
    }
    return new Key(sli, Map.copyOf(group));
  }

  private void refreshIndex() {
    Catalog current = catalog.get();
    if (current == indexed) return;
    index = SelectorIndex.of(current);
    indexed = current;
    Map<SliName, List<String>> by = new HashMap<>();
    for (dev.governor.slo.Slo slo : current.slos()) {
      if (!slo.isGrouped()) continue;
      List<String> labels = new ArrayList<>(by.getOrDefault(slo.indicator().name(), List.of()));
      for (String l : slo.groupBy()) if (!labels.contains(l)) labels.add(l);
      by.put(slo.indicator().name(), List.copyOf(labels));
    }
    groupBy = Map.copyOf(by);
    for (String problem : index.problems()) {
      LOG.log(System.Logger.Level.WARNING, "push intake: {0}", problem);
    }
  }

  private void forgetIdle(long now) {
    long oldest = now - settings.idleAfter().toMillis();
    for (Iterator<SeriesState> it = series.values().iterator(); it.hasNext(); ) {
      SeriesState state = it.next();
      if (state.seenAt >= oldest) break; // access order: the rest were seen later
      forgotten(state);
      it.remove();
    }
  }

  /** The selector problems of the current catalog: SLIs in push form that push cannot feed. */
  public List<String> problems() {
    lock.lock();
    try {
      refreshIndex();
      return index.problems();
    } finally {
      lock.unlock();
    }
  }

  /** The SLIs with a source in push form, and for those push cannot feed, why ({@link SelectorIndex#pushForm}). */
  public Map<SliName, java.util.Optional<String>> pushForm() {
    lock.lock();
    try {
      refreshIndex();
      return index.pushForm();
    } finally {
      lock.unlock();
    }
  }

  public Stats stats() {
    Map<Receiver, Long> matched = new EnumMap<>(Receiver.class), unmatched = new EnumMap<>(Receiver.class),
        counted = new EnumMap<>(Receiver.class), baseline = new EnumMap<>(Receiver.class),
        ignored = new EnumMap<>(Receiver.class);
    counters.forEach((r, c) -> {
      matched.put(r, c.seriesMatched.get());
      unmatched.put(r, c.seriesUnmatched.get());
      counted.put(r, c.samplesCounted.get());
      baseline.put(r, c.samplesBaseline.get());
      ignored.put(r, c.samplesIgnored.get());
    });
    int tracked, slis;
    lock.lock();
    try {
      tracked = series.size();
      slis = index.sliCount();
    } finally {
      lock.unlock();
    }
    return new Stats(matched, unmatched, counted, baseline, ignored, countsDropped.get(), eventsStored.get(),
        tracked, slis);
  }

  private static final class Counters {
    final AtomicLong seriesMatched = new AtomicLong();
    final AtomicLong seriesUnmatched = new AtomicLong();
    final AtomicLong samplesCounted = new AtomicLong();
    final AtomicLong samplesBaseline = new AtomicLong();
    final AtomicLong samplesIgnored = new AtomicLong();
  }

  /**
   * Counts per minute for one SLI: [good or bad, total, 1 if the good (bad) series sent a sample in
   * the minute]; which of good or bad is {@code partRole}.
   */
  private static final class Pending {
    final TreeMap<Instant, long[]> minutes = new TreeMap<>();
    Role partRole = Role.GOOD;
    long held;
  }

  /**
   * What is remembered of one series between its samples, and which targets its labels matched in
   * {@code matchedBy}: a series seen before costs one hash lookup, not a pass over the selectors,
   * until a catalog change brings a new index.
   */
  private static final class SeriesState {
    final Labels labels;
    private String mark;
    SelectorIndex matchedBy;
    List<Target> targets = List.of();
    boolean forgotten;
    boolean started;
    long lastMillis;
    double lastValue;
    long lastStart;
    double fraction;
    long seenAt;
    /** The OTLP start this series had when it was last forgotten, 0 if none. */
    long forgottenStart;

    SeriesState(Labels labels) {
      this.labels = labels;
    }

    /** The key of this series' mark; worked out once, when first written. */
    String mark() {
      if (mark == null) mark = PushMarks.seriesMark(labels);
      return mark;
    }

    /**
     * Moves past {@code sample}: returns the whole increment it counts, or -1 when it counts
     * nothing (the baseline, out of order, not a number).
     */
    long advance(PushedSeries.Temporality temporality, PushedSeries.Sample sample, Counters c, long intakeStarted) {
      double value = sample.value();
      if (!Double.isFinite(value) || value < 0) {
        // NaN is also how Prometheus marks a series stale; the next real sample goes on from the last.
        c.samplesIgnored.incrementAndGet();
        return -1;
      }
      if (started && sample.timestampMillis() <= lastMillis) {
        c.samplesIgnored.incrementAndGet();
        return -1;
      }
      double increase;
      if (temporality == PushedSeries.Temporality.DELTA) {
        increase = value;
      } else if (!started) {
        // A counter that started after the intake did holds nothing from before it (class comment).
        increase = sample.startMillis() != 0 && sample.startMillis() >= intakeStarted
            && sample.startMillis() != forgottenStart ? value : Double.NaN;
      } else if (value < lastValue || (sample.startMillis() != 0 && lastStart != 0 && sample.startMillis() > lastStart)) {
        increase = value; // reset: the counter started again from 0
      } else {
        increase = value - lastValue;
      }
      started = true;
      lastMillis = sample.timestampMillis();
      lastValue = value;
      if (sample.startMillis() != 0) lastStart = sample.startMillis();
      if (Double.isNaN(increase)) {
        c.samplesBaseline.incrementAndGet();
        return -1;
      }
      if (increase > MAX_INCREMENT) {
        c.samplesIgnored.incrementAndGet();
        return -1;
      }
      double sum = increase + fraction;
      long whole = (long) Math.floor(sum);
      fraction = sum - whole;
      return whole;
    }
  }
}

package dev.governor.slo;

import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.sli.BucketIncrement;
import dev.governor.sli.BucketStore;
import dev.governor.sli.IngestOutcome;
import dev.governor.sli.SeriesKey;
import dev.governor.sli.SliEvent;
import dev.governor.sli.SliSink;
import dev.governor.sli.SourceMarks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The path of an event batch: admitted once against the loaded rules, made durable (concurrent
 * batches sharing a commit), applied to the running sums of its shards, then to the composites its
 * series are members of, and judged by the alert rules it touched, all before the sink answers.
 */
final class Ingestion {

  private static final System.Logger LOG = System.getLogger(Ingestion.class.getName());

  private final Admission admission;
  private final GroupCommit durable;
  private final SumShards shards;
  private final AlertRules alertRules;
  private final CompositeMinutes composites;
  private final GroupInstances instances;
  private final Ticker ticker;
  private final BucketStore buckets;
  private final Supplier<Admission.Rules> rules;
  private final Predicate<Set<Admission.NewInstance>> makeInstances;

  /**
   * @param rules the admission rules of the catalog loaded now
   * @param makeInstances makes and loads the instances a batch asks for; true when the batch must
   *     be admitted again to reach them
   */
  Ingestion(Admission admission, GroupCommit durable, SumShards shards, AlertRules alertRules, CompositeMinutes composites,
      GroupInstances instances, Ticker ticker, BucketStore buckets, Supplier<Admission.Rules> rules,
      Predicate<Set<Admission.NewInstance>> makeInstances) {
    this.admission = admission;
    this.durable = durable;
    this.shards = shards;
    this.alertRules = alertRules;
    this.composites = composites;
    this.instances = instances;
    this.ticker = ticker;
    this.buckets = buckets;
    this.rules = rules;
    this.makeInstances = makeInstances;
  }

  /**
   * Validates the whole batch, then stores it atomically and durably and updates the sums and
   * alerts. A batch with any problem stores nothing and reports every problem.
   */
  IngestOutcome ingest(List<SliEvent> events, SliSink.Source source, SourceMarks marks, Instant now) {
    Admission.Admitted admitted;
    switch (admission.admit(events, source, rules.get(), now, shards::heldAtMost)) {
      case Admission.Refused refused -> {
        return new IngestOutcome.Rejected(refused.problems());
      }
      case Admission.Admitted a -> admitted = a;
    }
    if (!admitted.unknown().isEmpty() && makeInstances.test(admitted.unknown())) {
      // The new instances are loaded: admitted again, their events go to their own series too.
      switch (admission.admit(events, source, rules.get(), now, shards::heldAtMost)) {
        case Admission.Refused refused -> {
          return new IngestOutcome.Rejected(refused.problems());
        }
        case Admission.Admitted a -> admitted = a;
      }
    }
    // What is still unknown is past its group's limit: counted, never merged into another instance.
    instances.refused(admitted);
    if (events.isEmpty()) {
      if (!marks.isEmpty()) durable.write(List.of(), marks);
      return new IngestOutcome.Accepted(0, 0);
    }
    List<BucketIncrement> increments = admitted.increments();
    // Deltas by shard, then series and minute; the shards in index order, so every ingest takes
    // their locks in the same order and two can never wait on each other.
    TreeMap<Integer, Map<SeriesKey, Map<Instant, EventCounts>>> byShard = new TreeMap<>();
    for (BucketIncrement inc : increments) {
      byShard.computeIfAbsent(SumShards.indexOf(inc.series().sli()), k -> new HashMap<>())
          .computeIfAbsent(inc.series(), k -> new HashMap<>())
          .merge(inc.minute(), inc.counts(), EventCounts::plus);
    }
    // The windows are not moved here: that is the tick's work (or a reader's). A shard still at
    // the last minute takes this batch's minutes as units that have not entered its windows yet
    // and adds them when it moves, so no ingest pays for a minute boundary.
    List<Lock> held = new ArrayList<>(byShard.size());
    List<ObjectiveTracker> touched = new ArrayList<>();
    List<String> missed = new ArrayList<>();
    try {
      long waited = 0;
      for (int index : byShard.keySet()) {
        SumShards.Shard shard = shards.shard(index);
        Lock lock = shard.hasSlices ? shard.intake.writeLock() : shard.intake.readLock();
        waited += lockTimed(lock);
        if (shard.hasSlices && lock == shard.intake.readLock()) {
          // A load gave the shard a timeslice objective while this waited: take it exclusive.
          lock.unlock();
          lock = shard.intake.writeLock();
          waited += lockTimed(lock);
        }
        held.add(lock);
      }
      if (waited > 0) shards.waits().waited(waited);
      durable.write(increments, marks);
      // What the store now holds first, for every shard: a tracker that fails to apply below (a
      // timeslice one reads the store) must not leave later shards' recent minutes short.
      byShard.forEach((index, bySeries) -> {
        SumShards.Shard shard = shards.shard(index);
        synchronized (shard.sums) {
          bySeries.forEach((series, byMinute) ->
              byMinute.forEach((minute, delta) -> SumShards.added(shard, series, minute, delta)));
        }
      });
      byShard.forEach((index, bySeries) -> {
        SumShards.Shard shard = shards.shard(index);
        synchronized (shard.sums) {
          bySeries.forEach((series, byMinute) -> {
            for (ObjectiveTracker t : shard.bySeries.getOrDefault(series, List.of())) {
              // Short already, and read whole again at the next tick: neither added to nor judged.
              if (t.missedDeltas) continue;
              try {
                applyDeltas(t, byMinute);
                touched.add(t);
              } catch (RuntimeException e) {
                // The batch is stored: failing the request now would make the client send it again
                // and count it twice. The tracker is read again from the store at the next tick,
                // and judged then, not now from sums that lack this batch.
                shards.missedDeltas(t);
                missed.add(t.slo.name() + " " + t.objective.name() + " (" + e + ")");
              }
            }
          });
        }
      });
    } finally {
      for (int i = held.size() - 1; i >= 0; i--) held.get(i).unlock();
    }
    if (!missed.isEmpty()) {
      LOG.log(System.Logger.Level.WARNING, "a stored batch could not be added to the sums of " + missed
          + "; the next tick reads them again from the store");
    }
    if (composites.anyRunning()) {
      Map<SeriesKey, Set<Instant>> changedMinutes = new HashMap<>();
      byShard.values().forEach(bySeries -> bySeries.forEach((series, byMinute) ->
          changedMinutes.computeIfAbsent(series, k -> new HashSet<>()).addAll(byMinute.keySet())));
      try {
        composites.recompute(changedMinutes, touched);
      } catch (RuntimeException e) {
        // The members' events are stored; the composite's minutes are worked out again at the next load.
        LOG.log(System.Logger.Level.WARNING, "composite SLO minutes could not be worked out after an ingest", e);
      }
    }
    try {
      alertRules.judge(touched, now, shards::guardOf);
    } catch (RuntimeException e) {
      // The events are stored: failing the request now would make the client send them again
      // and count them twice. An alert that could not be saved is judged again on the next tick.
      byShard.keySet().forEach(index -> shards.shard(index).judgedAt = null);
      ticker.unsettle();
      LOG.log(System.Logger.Level.WARNING, "alerts could not be judged after an ingest; the next tick retries", e);
    }
    return new IngestOutcome.Accepted(admitted.events(), admitted.sliBuckets());
  }

  /**
   * Takes {@code lock}; the nanoseconds it waited, 0 when it was free. The timed try, because the
   * plain {@code tryLock} of a read lock barges past a tick queued for the write lock, and ingests
   * back to back could then keep a tick out for good.
   */
  private static long lockTimed(Lock lock) {
    try {
      if (lock.tryLock(0, TimeUnit.NANOSECONDS)) return 0;
    } catch (InterruptedException e) {
      // Taken below all the same, as an ingest always took it: keep the interrupt for the caller.
      Thread.currentThread().interrupt();
    }
    long t0 = System.nanoTime();
    lock.lock();
    return Math.max(1, System.nanoTime() - t0);
  }

  private void applyDeltas(ObjectiveTracker t, Map<Instant, EventCounts> byMinute) {
    if (!t.units.excluded().isEmpty()) {
      // Adjusted minutes count as empty: their events are stored but enter no sum.
      Map<Instant, EventCounts> counted = new HashMap<>(byMinute);
      counted.keySet().removeIf(minute -> !t.units.counts(minute));
      byMinute = counted;
    }
    if (t.units.isAdditive()) {
      byMinute.forEach((minute, delta) -> t.unitChanged(minute, EventCounts.NONE, delta));
      return;
    }
    Map<Instant, EventCounts> bySlice = new HashMap<>();
    byMinute.forEach((minute, delta) -> bySlice.merge(t.units.unitStart(minute), delta, EventCounts::plus));
    Instant oldestInWindow = t.minute().plus(Minutes.ONE).minus(t.longestWindow());
    bySlice.forEach((slice, delta) -> {
      if (slice.plus(t.units.length()).isBefore(oldestInWindow)) return; // history only
      EventCounts after = t.units.read(buckets, t.series, slice);
      t.unitChanged(slice, after.minus(delta), after);
    });
  }
}

package dev.governor.slo;

import dev.governor.basics.Minutes;
import dev.governor.basics.SliName;
import dev.governor.basics.SloName;
import dev.governor.alert.AlertListener;
import dev.governor.alert.AlertStore;
import dev.governor.sli.BucketStore;
import dev.governor.sli.IngestOutcome;
import dev.governor.sli.SeriesKey;
import dev.governor.sli.SliEvent;
import dev.governor.sli.SliSink;
import dev.governor.sli.SourceMarks;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps every SLO objective's status current as events arrive and time passes: the one door to
 * the engine, composed of parts that each own one piece of state.
 *
 * <h2>Why running sums</h2>
 * A status needs good/total over many windows (5m ... 3d and the SLO's own 28 days or calendar
 * month). Summing the history on every question would cost O(window length); with thousands of
 * SLOs and a minute resolution that is hundreds of millions of buckets. Instead each objective keeps
 * one running sum per window ({@link ObjectiveTracker}): an event adds to the windows that hold its
 * minute, and when the clock passes a minute, each window subtracts the one unit that fell out of
 * it, read back from the store. A tick therefore costs O(SLOs x windows), whatever the window
 * length, and the heap holds sums, not history. The store stays the truth: a sum is only ever
 * changed by the exact counts the store holds for a unit, so it can always be rebuilt from it, and
 * the store's hourly and daily rollups make that rebuild read about a hundred rows per window.
 *
 * <h2>Who owns what</h2>
 * <ul>
 *   <li>The catalog is an immutable snapshot in a volatile field, swapped whole by {@link #load};
 *       reading it takes no lock. Loading is this class's own work: it builds the trackers, has
 *       the shards rebuild the new ones from the store, and swaps the snapshot.
 *   <li>{@link Ingestion} runs a batch's path: {@link Admission} checks it against the rules
 *       derived from the same snapshot, once, and turns it into bucket increments;
 *       {@link GroupCommit} makes them durable, concurrent batches sharing one commit.
 *   <li>{@link SumShards} holds the running sums, 256 shards by SLI, each with its own locks: an
 *       ingest holds its shards shared across its store write and the in-memory apply, so the
 *       minute a tick moves past is subtracted with exactly what was added; a tick holds one shard
 *       at a time exclusive, while the store is only read. No lock that readers or other SLIs
 *       need is held across an fsync. Each shard also keeps its series' last six hours of
 *       minutes as stored ({@link RecentMinutes}), told by every write, so most of what leaves
 *       the windows is subtracted without asking the store at all.
 *   <li>{@link AlertRules} judges rules after every change of the sums and hands each alert that
 *       opens or resolves to its listeners right after it is stored; {@link Ticker} moves the
 *       windows as time passes and judges what time alone changes.
 *   <li>{@link LiveStatuses} reads statuses from the sums; {@link History} answers questions
 *       about the past from the store alone.
 *   <li>{@link GroupInstances} keeps the instances of grouped SLOs, {@link CompositeMinutes} the
 *       composite SLOs and their derived minutes.
 * </ul>
 *
 * <h2>Ready</h2>
 * Until the first {@link #load} has returned, {@link #ready()} is false; the server answers 503
 * instead of numbers that are not yet exact.
 */
public final class Evaluator implements SliSink {

  private final BucketStore buckets;
  private final InstantSource clock;
  private final EvaluatorSettings settings;
  private final SumShards shards;
  private final AlertRules alertRules;
  private final History history;
  /** One load at a time; loads are rare (an apply) and may take a while (a rebuild from the store). */
  private final Lock loading = new ReentrantLock();

  private volatile Catalog catalog = Catalog.EMPTY;
  private final GroupInstances instances;
  private final CompositeMinutes compositeMinutes;
  private final Ticker ticker;
  private final LiveStatuses live;
  private final Ingestion ingestion;
  /** Which minutes each SLO leaves out (budget adjustments); swapped whole by {@link #adjust}. */
  private volatile Exclusions.BySlo exclusions = Exclusions.BySlo.NONE;
  private volatile Admission.Rules rules;
  /** Trackers by SLO, then by objective name, in the SLO's objective order; swapped whole. */
  private volatile Map<SloName, Map<String, ObjectiveTracker>> trackers = Map.of();
  private volatile boolean ready;

  public Evaluator(BucketStore buckets, AlertStore alerts, InstantSource clock, EvaluatorSettings settings) {
    this(buckets, alerts, clock, settings, InstanceStore.inMemory());
  }

  /** @param instanceStore where the instances of grouped SLOs are kept across restarts */
  public Evaluator(BucketStore buckets, AlertStore alerts, InstantSource clock, EvaluatorSettings settings,
      InstanceStore instanceStore) {
    this.instances = new GroupInstances(instanceStore, settings.instanceLimit());
    this.buckets = buckets;
    this.clock = clock;
    this.settings = settings;
    this.shards = new SumShards(buckets, settings.maxFutureSkew());
    this.alertRules = new AlertRules(alerts, buckets, settings, clock.instant());
    this.ticker = new Ticker(shards, alertRules);
    this.live = new LiveStatuses(() -> trackers, shards, alertRules);
    this.compositeMinutes = new CompositeMinutes(buckets, shards, settings.maxFutureSkew());
    this.ingestion = new Ingestion(new Admission(buckets, settings.maxFutureSkew()), new GroupCommit(buckets), shards,
        alertRules, compositeMinutes, instances, ticker, buckets, () -> rules, this::makeInstances);
    this.history = new History(buckets, alerts, this::sloOrInstance, slo -> exclusions.apply(slo));
    this.rules = Admission.Rules.of(Map.of(), Map.of(), computeRetention(Map.of()));
  }

  /** The running sums, for tests of this package that look at one shard's state. */
  SumShards shards() {
    return shards;
  }

  /** Hears of every alert that opens or resolves, right after it is stored. */
  public void addAlertListener(AlertListener listener) {
    alertRules.addListener(listener);
  }

  /** How many alerts fire now, from memory. */
  public int firingAlerts() {
    return alertRules.firing().size();
  }

  /** Whether the first catalog is loaded, so that every status is exact. */
  public boolean ready() {
    return ready;
  }

  /**
   * Replaces the catalog. Objectives whose SLO did not change keep their running sums; the others
   * are rebuilt from the store. Alerts of objectives that no longer exist are resolved.
   */
  public void load(Catalog next) {
    loading.lock();
    try {
      Instant now = clock.instant();
      Map<SloName, Map<String, ObjectiveTracker>> old = trackers;
      Map<SloName, Map<String, ObjectiveTracker>> nextTrackers = new LinkedHashMap<>();
      Map<SliName, List<SeriesKey>> seriesBySli = new HashMap<>();
      List<List<ObjectiveTracker>> byShard = new ArrayList<>(SumShards.COUNT);
      List<List<ObjectiveTracker>> freshByShard = new ArrayList<>(SumShards.COUNT);
      for (int i = 0; i < SumShards.COUNT; i++) {
        byShard.add(new ArrayList<>());
        freshByShard.add(new ArrayList<>());
      }
      Exclusions.BySlo adjusted = exclusions;
      Map<SloName, Map<Map<String, String>, Slo>> nextInstances = instances.of(next);
      List<Slo> effective = new ArrayList<>(next.slos());
      nextInstances.values().forEach(m -> effective.addAll(m.values()));
      CompositeMinutes.Plan composites = compositeMinutes.plan(next);
      effective.addAll(composites.slos());
      // From here on ingests recompute these composites' minutes; the repair below holds the same locks.
      compositeMinutes.start(composites);
      for (Slo slo : effective) {
        Map<String, ObjectiveTracker> kept = old.getOrDefault(slo.name(), Map.of());
        Exclusions excluded = adjusted.apply(slo);
        Map<String, ObjectiveTracker> mine = new LinkedHashMap<>();
        List<Duration> lookbacks = AlertJudge.lookbacks(slo, settings.noDataAfter());
        for (Objective objective : slo.objectives()) {
          ObjectiveTracker t = kept.get(objective.name());
          int shard = SumShards.indexOf(slo.indicator().name());
          if (t == null || !t.slo.equals(slo) || !t.units.excluded().equals(excluded)) {
            // A changed adjustment changes which minutes count, also in the past: the sums are read again.
            t = new ObjectiveTracker(slo, objective, lookbacks, excluded);
            freshByShard.get(shard).add(t);
          }
          byShard.get(shard).add(t);
          mine.put(objective.name(), t);
          List<SeriesKey> keys = seriesBySli.computeIfAbsent(slo.indicator().name(), k -> new ArrayList<>());
          if (!keys.contains(t.series)) keys.add(t.series);
        }
        nextTrackers.put(slo.name(), mine);
      }
      for (CompositeMinutes.Running c : composites.running()) {
        boolean fresh = freshByShard.get(SumShards.indexOf(c.series().sli())).stream().anyMatch(t -> t.series.equals(c.series()));
        if (fresh) {
          compositeMinutes.repair(c, Minutes.floor(now),
              nextTrackers.get(c.slo().name()).values().iterator().next().longestWindow());
        }
      }
      for (int i = 0; i < SumShards.COUNT; i++) install(shards.shard(i), byShard.get(i), freshByShard.get(i));
      ticker.unsettle();
      Duration retention = computeRetention(nextTrackers);
      // Trackers first, then the snapshot: an event admitted under the new catalog always finds them.
      trackers = nextTrackers;
      instances.loaded(nextInstances);
      Map<SliName, Sli> indicators = new TreeMap<>(next.indicators());
      Map<SliName, List<Slo>> groupsBySli = new HashMap<>();
      Map<SloName, Map<Map<String, String>, SliName>> instanceSlis = new HashMap<>();
      for (Slo slo : next.slos()) {
        if (slo.isGrouped()) groupsBySli.computeIfAbsent(slo.indicator().name(), k -> new ArrayList<>()).add(slo);
      }
      nextInstances.forEach((group, byLabels) -> {
        Map<Map<String, String>, SliName> slis = new HashMap<>();
        byLabels.forEach((labels, instance) -> {
          slis.put(labels, instance.indicator().name());
          indicators.put(instance.indicator().name(), instance.indicator());
        });
        instanceSlis.put(group, slis);
      });
      rules = Admission.Rules.of(indicators, seriesBySli, retention, groupsBySli, instanceSlis);
      catalog = next;
      // Alerts of objectives or rules that no longer exist (a removed SLO, condition or policy)
      // can never be judged again: they resolve now instead of firing for ever.
      alertRules.resolveWhere(key -> {
        ObjectiveTracker t = nextTrackers.getOrDefault(key.slo(), Map.of()).get(key.objective());
        return t == null || !AlertJudge.ruleNames(t.slo, settings.noDataAlerts()).contains(key.rule());
      }, now);
      alertRules.judge(allTrackers(), clock.instant(), shards::guardOf);
      ready = true;
    } finally {
      loading.unlock();
    }
  }

  /**
   * Replaces the composite SLOs: each runs as an SLO of its own over the catalog's SLOs, its minutes
   * worked out from its members' and kept in the store. One whose members do not fit the catalog
   * does not run, and {@link #compositeProblems} says why.
   */
  public void composites(List<CompositeSlo> next) {
    loading.lock();
    try {
      compositeMinutes.give(next);
      if (ready) load(catalog);
    } finally {
      loading.unlock();
    }
  }

  /** The composite SLOs given, running or not. */
  public List<CompositeSlo> composites() {
    return compositeMinutes.given();
  }

  /** Why each composite that does not run cannot, by name. */
  public Map<SloName, List<String>> compositeProblems() {
    return compositeMinutes.problems();
  }

  /**
   * Makes the instances a batch asked for, as far as each group's limit allows, stores them, and
   * loads them; returns whether the batch should be admitted again. Under the load lock, so two
   * batches that ask for the same new instance make it once, and a limit is never passed by two at
   * a time.
   */
  private boolean makeInstances(Set<Admission.NewInstance> wanted) {
    loading.lock();
    try {
      if (instances.make(wanted, catalog, clock.instant()) == 0) {
        // Another batch may have made them meanwhile; then admitting again finds them.
        return instances.anyLoaded(wanted);
      }
      load(catalog);
      return true;
    } finally {
      loading.unlock();
    }
  }

  private void install(SumShards.Shard shard, List<ObjectiveTracker> next, List<ObjectiveTracker> fresh) {
    if (fresh.isEmpty() && next.equals(shard.trackers)) return;
    // Not in the middle of a move, whose trackers stand at two minutes until its last chunk.
    shard.moving.lock();
    shards.lockExclusive(shard);
    try {
      // The clock now, not at the load's start: a large load takes seconds, and the rebuild looks
      // only maxFutureSkew past its minute for stored events that have not entered the windows
      // yet. Events admitted before this lock lie at most that far past this clock, however long
      // the load has run. Never before the shard's minute, so a clock that stepped back cannot
      // move the shard's windows backwards.
      Instant clockNow = clock.instant();
      Instant now = shard.minute != null && shard.minute.isAfter(clockNow) ? shard.minute : clockNow;
      List<ObjectiveTracker> kept = new ArrayList<>(next);
      kept.removeAll(fresh);
      shards.move(shard, kept, now);
      Map<SeriesKey, Instant> quietFrom = shards.rebuild(fresh, now);
      Map<SeriesKey, List<ObjectiveTracker>> bySeries = new HashMap<>();
      boolean slices = false;
      for (ObjectiveTracker t : next) {
        bySeries.computeIfAbsent(t.series, k -> new ArrayList<>()).add(t);
        slices |= !t.units.isAdditive();
      }
      Set<SeriesKey> renewed = new HashSet<>();
      for (ObjectiveTracker t : fresh) renewed.add(t.series);
      shards.keepRecent(shard, bySeries.keySet(), quietFrom, renewed);
      synchronized (shard.sums) {
        shard.bySeries = bySeries;
        shard.trackers = List.copyOf(next);
        shard.hasSlices = slices;
        shard.minute = Minutes.floor(now);
      }
      // The load judges these trackers; if that fails, the next tick judges them again.
      shard.judgedAt = null;
    } finally {
      shards.unlockExclusive(shard, "a load");
      shard.moving.unlock();
    }
  }

  /**
   * Replaces the budget adjustments: every SLO whose adjusted minutes change has its sums read
   * again from the store, so the change holds for the past as well, and its alerts judged again.
   */
  public void adjust(Exclusions.BySlo next) {
    loading.lock();
    try {
      exclusions = next;
      // Before the first load there are no sums to redo, and a load of the empty catalog would
      // resolve every stored alert as if its SLO were gone.
      if (ready) load(catalog);
    } finally {
      loading.unlock();
    }
  }

  /** The minutes {@code slo} leaves out now, for adapters that read its history themselves. */
  public Exclusions exclusionsOf(Slo slo) {
    return exclusions.apply(slo);
  }

  /** The catalog loaded now; an immutable snapshot, read without a lock. */
  public Catalog catalog() {
    return catalog;
  }

  /**
   * Validates the whole batch, then stores it atomically and durably and updates the sums and
   * alerts. A batch with any problem stores nothing and reports every problem.
   */
  public IngestOutcome ingest(List<SliEvent> events) {
    return ingest(events, Source.EVENTS_API);
  }

  @Override
  public IngestOutcome ingest(List<SliEvent> events, Source source, SourceMarks marks) {
    return ingestion.ingest(events, source, marks, clock.instant());
  }

  @Override
  public Map<String, String> marks(String source) {
    return buckets.marks(source);
  }

  /** Advances the running windows to the clock's now and judges every alert rule; see {@link Ticker}. */
  public void tick() {
    ticker.tick(clock.instant());
  }

  private List<ObjectiveTracker> allTrackers() {
    return trackers.values().stream().flatMap(m -> m.values().stream()).toList();
  }

  /**
   * How long ingests have waited for the running sums (shards that a tick, a fill or a load held
   * exclusive) since the last call; what a benchmark of ingestion beside the tick reads.
   */
  public IntakeWaits takeIntakeWaits() {
    return shards.waits().takeAndReset();
  }

  /** The same waits since this evaluator was made, never reset: what {@code /metrics} counts. */
  public IntakeWaits.Totals intakeWaitTotals() {
    return shards.waits().totals();
  }

  /** The live status of one SLO, from the running sums: O(objectives x windows). */
  public Optional<SloStatus> status(SloName slo) {
    return live.of(slo, clock.instant());
  }

  /** The live status of every SLO, ordered by name. */
  public List<SloStatus> statuses() {
    return live.all(clock.instant());
  }

  /**
   * The live status of every instance of the grouped SLO {@code group}, the most budget spent
   * first (then by name); empty when it is not grouped or has no instance yet.
   */
  public List<SloStatus> instanceStatuses(SloName group) {
    return live.ofInstances(instances.loadedOf(group).values(), clock.instant());
  }

  /** An applied SLO or an instance of a grouped one, by name. */
  public Optional<Slo> sloOrInstance(SloName name) {
    // Every SLO the engine runs has trackers, keyed by name: no scan of the catalog per question.
    Map<String, ObjectiveTracker> objectives = trackers.get(name);
    return objectives == null ? catalog.slo(name) : Optional.of(objectives.values().iterator().next().slo);
  }

  /** The applied SLOs and the composite SLOs that run: everything an adjustment or a report may name. */
  public List<Slo> slosWithComposites() {
    List<Slo> out = new ArrayList<>(catalog.slos());
    Map<SloName, List<String>> problems = compositeMinutes.problems();
    for (CompositeSlo c : compositeMinutes.given()) {
      if (!problems.containsKey(c.name())) out.add(c.asSlo());
    }
    return out;
  }

  /** How many instances {@code group} has, and the most it may have. */
  public record InstanceCount(int count, int limit, long refusedEvents, List<Map<String, String>> refusedSamples) {}

  public Optional<InstanceCount> instanceCount(SloName group) {
    return catalog.slo(group).filter(Slo::isGrouped).map(g -> new InstanceCount(instances.loadedOf(group).size(),
        instances.limitOf(g), instances.refusedEventsOf(group), instances.refusedSamplesOf(group)));
  }

  /** Events refused so far because their instance would pass its group's limit, per grouped SLO. */
  public Map<SloName, Long> refusedInstanceEvents() {
    return instances.refusedEvents();
  }

  /**
   * The status as of {@code at}, summed from the stored history (O(window) per objective: for
   * questions about the past, not for dashboards). Alerts are those that were firing at {@code at}.
   */
  public Optional<SloStatus> statusAt(SloName name, Instant at) {
    return history.statusAt(name, at);
  }

  /** The most points {@link #timeseries} computes in one call. */
  public static final int MAX_TIMESERIES_POINTS = History.MAX_TIMESERIES_POINTS;

  /**
   * The history of one SLO in steps of {@code step} from {@code from} (rounded down to the minute)
   * until {@code to}, for charts; see {@link History}.
   *
   * @throws IllegalArgumentException when {@code step} is not a positive whole number of minutes,
   *     {@code to} is not after {@code from}, or the range holds more than
   *     {@link #MAX_TIMESERIES_POINTS} steps
   */
  public Optional<SloTimeseries> timeseries(SloName name, Instant from, Instant to, Duration step) {
    return history.timeseries(name, from, to, step);
  }

  /**
   * How far back events are accepted and history is kept: the longest window any sum reaches back
   * over (SLO windows, burn-rate windows, alert-condition look-backs), plus the margin. The margin
   * is at least the longest step a tracker takes before it rebuilds, so no bucket is deleted
   * before the windows it left have subtracted it.
   */
  public Duration retention() {
    return rules.retention();
  }

  private Duration computeRetention(Map<SloName, Map<String, ObjectiveTracker>> all) {
    Duration longest = Duration.ofDays(3).plus(Minutes.ONE); // the longest burn-rate window
    for (Map<String, ObjectiveTracker> objectives : all.values()) {
      for (ObjectiveTracker t : objectives.values()) {
        if (t.longestWindow().compareTo(longest) > 0) longest = t.longestWindow();
      }
    }
    Duration margin = settings.retentionMargin();
    if (margin.compareTo(ObjectiveTracker.MAX_STEP) < 0) margin = ObjectiveTracker.MAX_STEP;
    return longest.plus(margin);
  }

  /**
   * Drops history older than {@link #retention()}; returns how many buckets went. Every shard
   * moves to now first, so what leaves the windows is subtracted before it is deleted; the
   * deletion itself holds no lock, since no window reaches back past the retention.
   */
  public long enforceRetention() {
    Instant now = clock.instant();
    for (int i = 0; i < SumShards.COUNT; i++) shards.advance(shards.shard(i), now);
    return buckets.deleteBefore(Minutes.floor(now.minus(retention())));
  }
}

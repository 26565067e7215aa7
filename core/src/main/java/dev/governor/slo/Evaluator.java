package dev.governor.slo;

import dev.governor.alert.Alert;
import dev.governor.alert.AlertKey;
import dev.governor.alert.AlertState;
import dev.governor.alert.AlertStore;
import dev.governor.sli.Bucket;
import dev.governor.sli.BucketIncrement;
import dev.governor.sli.BucketStore;
import dev.governor.sli.IngestOutcome;
import dev.governor.sli.IngestOutcome.EventProblem;
import dev.governor.sli.SeriesKey;
import dev.governor.sli.SliEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps every SLO objective's status current as events arrive and time passes.
 *
 * <h2>Why running sums</h2>
 * A status needs good/total over many windows (5m ... 3d and the SLO's own 28 days or calendar
 * month). Summing the history on every question would cost O(window length); with thousands of
 * SLOs and a minute resolution that is hundreds of millions of buckets. Instead each objective keeps
 * one running sum per window ({@link ObjectiveTracker}): an event adds to the windows that hold its
 * minute, and when the clock passes a minute, each window subtracts the one unit that fell out of
 * it, read back from the store. A tick therefore costs O(SLOs x windows), whatever the window
 * length, and the heap holds sums, not history. The store stays the truth: a sum is only ever
 * changed by the exact counts the store holds for a unit, so it can always be rebuilt from it.
 *
 * <h2>Order of events</h2>
 * Everything that changes sums (ingest, tick, load) holds one lock, and ingest writes the store
 * before it touches the sums, inside that lock. So a unit leaving a window is subtracted with the
 * same counts that were added, even while late data for it keeps arriving.
 *
 * <h2>Alerts</h2>
 * Alert rules are judged right after the sums change: on ingest for the objectives the batch
 * touched (so a burn pages within the request that carried it, and data ends a no-data alert),
 * and on every tick for all (which is how silence is noticed).
 */
public final class Evaluator {

  private static final System.Logger LOG = System.getLogger(Evaluator.class.getName());

  private final BucketStore buckets;
  private final AlertStore alerts;
  private final InstantSource clock;
  private final EvaluatorSettings settings;
  private final ReentrantLock lock = new ReentrantLock();

  private volatile Catalog catalog = Catalog.EMPTY;
  /** Recomputed on every load: ingest checks event times against it. */
  private volatile Duration retention;
  private Map<SliName, Sli> indicators = Map.of();
  /** Trackers by SLO, then by objective name, in the SLO's objective order. */
  private volatile Map<SloName, Map<String, ObjectiveTracker>> trackers = Map.of();
  /** The trackers each series feeds. */
  private Map<SeriesKey, List<ObjectiveTracker>> bySeries = Map.of();
  /** The thresholds each threshold SLI is compared with, one series each. */
  private Map<SliName, List<SeriesKey>> seriesBySli = Map.of();
  private final Map<AlertKey, Alert> firing = new HashMap<>();
  /** The minute every tracker was last moved to by {@link #advanceAll}; null before the first load. */
  private Instant advancedTo;
  /** When each OpenSLO condition became true, for alertAfter; kept across re-applies of its SLO. */
  private final Map<AlertKey, Instant> conditionTrueSince = new HashMap<>();
  /** When this evaluator began taking data; no-data alerts judge only the time since. */
  private final Instant listeningSince;

  public Evaluator(BucketStore buckets, AlertStore alerts, InstantSource clock, EvaluatorSettings settings) {
    this.buckets = buckets;
    this.alerts = alerts;
    this.clock = clock;
    this.settings = settings;
    for (Alert alert : alerts.firing()) firing.put(alert.key(), alert);
    this.listeningSince = clock.instant();
    this.retention = computeRetention();
  }

  /**
   * Replaces the catalog. Objectives whose SLO did not change keep their running sums; the others
   * are rebuilt from the store. Alerts of objectives that no longer exist are resolved.
   */
  public void load(Catalog next) {
    lock.lock();
    try {
      Instant now = clock.instant();
      Map<SloName, Map<String, ObjectiveTracker>> nextTrackers = new LinkedHashMap<>();
      Map<SeriesKey, List<ObjectiveTracker>> nextBySeries = new HashMap<>();
      Map<SliName, List<SeriesKey>> nextSeriesBySli = new HashMap<>();
      for (Slo slo : next.slos()) {
        Map<String, ObjectiveTracker> old = trackers.getOrDefault(slo.name(), Map.of());
        Map<String, ObjectiveTracker> mine = new LinkedHashMap<>();
        List<Duration> lookbacks = AlertJudge.lookbacks(slo, settings.noDataAfter());
        for (Objective objective : slo.objectives()) {
          ObjectiveTracker t = old.get(objective.name());
          if (t == null || !t.slo.equals(slo)) {
            t = new ObjectiveTracker(slo, objective, lookbacks);
            t.rebuild(buckets, now, settings.maxFutureSkew());
          } else {
            t.advance(buckets, now, settings.maxFutureSkew());
          }
          mine.put(objective.name(), t);
          nextBySeries.computeIfAbsent(t.series, k -> new ArrayList<>()).add(t);
          List<SeriesKey> keys = nextSeriesBySli.computeIfAbsent(slo.indicator().name(), k -> new ArrayList<>());
          if (!keys.contains(t.series)) keys.add(t.series);
        }
        nextTrackers.put(slo.name(), mine);
      }
      catalog = next;
      indicators = next.indicators();
      trackers = nextTrackers;
      advancedTo = Minutes.floor(now); // kept trackers advanced, new ones rebuilt, all to now
      retention = computeRetention();
      bySeries = nextBySeries;
      seriesBySli = nextSeriesBySli;
      // Alerts of objectives or rules that no longer exist (a removed SLO, condition or policy)
      // can never be judged again: they resolve now instead of firing for ever.
      for (Alert alert : List.copyOf(firing.values())) {
        ObjectiveTracker t = trackers.getOrDefault(alert.key().slo(), Map.of()).get(alert.key().objective());
        if (t == null || !AlertJudge.ruleNames(t.slo, settings.noDataAlerts()).contains(alert.key().rule())) {
          resolve(alert, now);
          conditionTrueSince.remove(alert.key());
        }
      }
      judge(allTrackers(), now);
    } finally {
      lock.unlock();
    }
  }

  public Catalog catalog() {
    lock.lock();
    try {
      return catalog;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Validates the whole batch, then stores it atomically and durably and updates the sums and
   * alerts. A batch with any problem stores nothing and reports every problem.
   */
  public IngestOutcome ingest(List<SliEvent> events) {
    return ingest(events, Source.EVENTS_API);
  }

  /**
   * Where a batch comes from. The events API may only feed SLIs whose metric source is Governor;
   * adapters (PromQL pulls, remote-write, OTLP) feed the SLIs of their own source types, so that
   * no SLI is ever counted from two places.
   */
  public enum Source {
    EVENTS_API, ADAPTER
  }

  /** {@link #ingest(List)} for a batch from {@code source}. */
  public IngestOutcome ingest(List<SliEvent> events, Source source) {
    lock.lock();
    try {
      Instant now = clock.instant();
      List<EventProblem> problems = new ArrayList<>();
      List<BucketIncrement> increments = new ArrayList<>(events.size());
      List<Integer> eventOf = new ArrayList<>(events.size()); // the event index of each increment
      Instant oldest = now.minus(retention());
      Instant newest = now.plus(settings.maxFutureSkew());
      for (int i = 0; i < events.size(); i++) {
        toIncrements(i, events.get(i), source, oldest, newest, problems, increments);
        while (eventOf.size() < increments.size()) eventOf.add(i);
      }
      if (problems.isEmpty()) checkBucketCap(events, increments, eventOf, problems);
      if (!problems.isEmpty()) return new IngestOutcome.Rejected(problems);
      if (events.isEmpty()) return new IngestOutcome.Accepted(0, 0);

      // Windows move first: a unit leaving a window must be subtracted with the counts it was
      // added with, before this batch changes them.
      advanceAll(now);
      buckets.add(increments);
      Map<SeriesKey, Map<Instant, EventCounts>> deltas = new HashMap<>();
      for (BucketIncrement inc : increments) {
        deltas.computeIfAbsent(inc.series(), k -> new HashMap<>())
            .merge(inc.minute(), inc.counts(), EventCounts::plus);
      }
      // The SLIs' own minute buckets; the per-version copies of the same events are not counted twice.
      int bucketCount = deltas.entrySet().stream().filter(e -> e.getKey().version().isEmpty())
          .mapToInt(e -> e.getValue().size()).sum();
      List<ObjectiveTracker> touched = new ArrayList<>();
      deltas.forEach((series, byMinute) -> {
        for (ObjectiveTracker t : bySeries.getOrDefault(series, List.of())) {
          applyDeltas(t, byMinute);
          touched.add(t);
        }
      });
      try {
        judge(touched, now);
      } catch (RuntimeException e) {
        // The events are stored: failing the request now would make the client send them again
        // and count them twice. An alert that could not be saved is judged again on the next tick.
        LOG.log(System.Logger.Level.WARNING, "alerts could not be judged after an ingest; the next tick retries", e);
      }
      return new IngestOutcome.Accepted(events.size(), bucketCount);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Refuses every event that would take a minute bucket past {@link Bucket#MAX_TOTAL} events,
   * counting what the store holds and the batch's earlier events. With every bucket under the cap,
   * no window sum, running or read from the store, can overflow a long.
   */
  private void checkBucketCap(List<SliEvent> events, List<BucketIncrement> increments, List<Integer> eventOf,
      List<EventProblem> problems) {
    record Cell(SeriesKey series, Instant minute) {}
    Map<Instant, java.util.Set<SeriesKey>> touched = new HashMap<>();
    for (BucketIncrement inc : increments) {
      touched.computeIfAbsent(inc.minute(), k -> new java.util.HashSet<>()).add(inc.series());
    }
    Map<Cell, Long> held = new HashMap<>();
    touched.forEach((minute, series) ->
        buckets.at(minute, series).forEach((key, counts) -> held.put(new Cell(key, minute), counts.total())));
    java.util.Set<Integer> refused = new java.util.HashSet<>();
    for (int k = 0; k < increments.size(); k++) {
      BucketIncrement inc = increments.get(k);
      Cell cell = new Cell(inc.series(), inc.minute());
      long before = held.getOrDefault(cell, 0L);
      long adding = inc.counts().total();
      if (adding <= Bucket.MAX_TOTAL - before) {
        held.put(cell, before + adding);
        continue;
      }
      int index = eventOf.get(k);
      if (!refused.add(index)) continue;
      SliEvent event = events.get(index);
      String field = event instanceof SliEvent.Value ? "count" : "total";
      problems.add(new EventProblem(index, field, field + " " + adding + " would take the events of SLI '"
          + event.sli() + "'" + event.version().map(v -> " (version " + v + ")").orElse("") + " in the minute "
          + inc.minute() + " past " + Bucket.MAX_TOTAL + " (10^12), the most one minute may hold; it holds "
          + before + " with this batch's earlier events. Nothing was stored; check the sender's counts"));
    }
  }

  private void applyDeltas(ObjectiveTracker t, Map<Instant, EventCounts> byMinute) {
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

  private void toIncrements(
      int index, SliEvent event, Source source, Instant oldest, Instant newest,
      List<EventProblem> problems, List<BucketIncrement> out) {
    Sli sli = indicators.get(event.sli());
    if (sli == null) {
      problems.add(new EventProblem(index, "sli", "no SLI named '" + event.sli()
          + "' is applied; apply an SLO whose indicator has metadata.name " + event.sli() + " first"));
      return;
    }
    if (source == Source.ADAPTER && sli.isPushedToGovernor()) {
      problems.add(new EventProblem(index, "sli", "SLI '" + event.sli()
          + "' is fed by Governor's events API, not by an adapter"));
      return;
    }
    if (source == Source.EVENTS_API && !sli.isPushedToGovernor()) {
      problems.add(new EventProblem(index, "sli", "SLI '" + event.sli() + "' reads its data from "
          + sli.metric().sources().getFirst().type() + ", not from Governor's events API;"
          + " set its metricSource type to Governor to push events"));
      return;
    }
    if (event.time().isAfter(newest)) {
      problems.add(new EventProblem(index, "time", "time " + event.time() + " is more than "
          + AlertJudge.text(settings.maxFutureSkew()) + " ahead of Governor's clock (" + clock.instant()
          + "); check the sender's clock or raise ingest.maxFutureSkew"));
      return;
    }
    if (event.time().isBefore(oldest)) {
      problems.add(new EventProblem(index, "time", "time " + event.time()
          + " is older than the history Governor keeps (since " + oldest + ")"));
      return;
    }
    Instant minute = Minutes.floor(event.time());
    switch (event) {
      case SliEvent.Counts c -> {
        if (sli.isThreshold()) {
          problems.add(new EventProblem(index, "value", "SLI '" + event.sli()
              + "' is a threshold metric: send a measured value (\"value\": 0.25), not good/total"));
          return;
        }
        SeriesKey key = SeriesKey.of(sli.name());
        out.add(new BucketIncrement(key, minute, c.counts()));
        // Counted again for its version alone, for canary verification; no SLO reads that series.
        event.version().ifPresent(v -> out.add(new BucketIncrement(key.ofVersion(v), minute, c.counts())));
      }
      case SliEvent.Value v -> {
        if (!sli.isThreshold()) {
          problems.add(new EventProblem(index, "good", "SLI '" + event.sli()
              + "' is a ratio metric: send good (or bad) and total counts, not a value"));
          return;
        }
        List<SeriesKey> series = seriesBySli.getOrDefault(sli.name(), List.of());
        if (series.isEmpty()) {
          problems.add(new EventProblem(index, "sli", "no SLO uses the threshold SLI '" + event.sli()
              + "' yet, so there is no threshold to compare the value with; apply an SLO that uses it"));
          return;
        }
        for (SeriesKey key : series) {
          boolean good = key.threshold().orElseThrow().isGood(v.value());
          EventCounts counts = new EventCounts(good ? v.count() : 0, v.count());
          out.add(new BucketIncrement(key, minute, counts));
          event.version().ifPresent(version -> out.add(new BucketIncrement(key.ofVersion(version), minute, counts)));
        }
      }
    }
  }

  /** Advances the running windows to the clock's now and judges every alert rule. */
  public void tick() {
    lock.lock();
    try {
      Instant now = clock.instant();
      advanceAll(now);
      judge(allTrackers(), now);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Moves every tracker to {@code now}. The minute buckets the trackers need are fetched first,
   * one store query per distinct minute for all series, instead of one query per tracker and window.
   */
  private void advanceAll(Instant now) {
    // Every ingest calls this; within a minute there is nothing to move, so skip the walk over
    // every tracker (10,000 SLOs would otherwise cost each batch a loop over all of them).
    Instant minute = Minutes.floor(now);
    if (minute.equals(advancedTo)) return;
    advance(allTrackers(), now);
    advancedTo = minute;
  }

  private void advance(java.util.Collection<ObjectiveTracker> toAdvance, Instant now) {
    Map<Instant, java.util.Set<SeriesKey>> wanted = new HashMap<>();
    for (ObjectiveTracker t : toAdvance) {
      t.plannedReads(now, (minute, series) -> wanted.computeIfAbsent(minute, k -> new java.util.HashSet<>()).add(series));
    }
    Map<Instant, Map<SeriesKey, EventCounts>> fetched = new HashMap<>();
    wanted.forEach((minute, series) -> fetched.put(minute, buckets.at(minute, series)));
    ObjectiveTracker.UnitReader reader = (series, minute) -> {
      Map<SeriesKey, EventCounts> atMinute = fetched.get(minute);
      return atMinute != null
          ? atMinute.getOrDefault(series, EventCounts.NONE)
          : buckets.sum(series, minute, minute.plus(Minutes.ONE));
    };
    for (ObjectiveTracker t : toAdvance) t.advance(buckets, now, settings.maxFutureSkew(), reader);
  }

  private List<ObjectiveTracker> allTrackers() {
    return trackers.values().stream().flatMap(m -> m.values().stream()).toList();
  }

  private void judge(List<ObjectiveTracker> touched, Instant now) {
    for (ObjectiveTracker t : touched) {
      List<AlertJudge.Verdict> verdicts = AlertJudge.judge(t, now, settings.minEventsToPage(), conditionTrueSince);
      if (settings.noDataAlerts()) {
        boolean open = firing.containsKey(new AlertKey(t.slo.name(), t.objective.name(), AlertJudge.NO_DATA));
        verdicts = new ArrayList<>(verdicts);
        verdicts.add(AlertJudge.noData(t, now, settings.noDataAfter(), open, listeningSince, () -> lastData(t, now)));
      }
      for (AlertJudge.Verdict v : verdicts) {
        AlertKey key = new AlertKey(t.slo.name(), t.objective.name(), v.rule());
        Alert open = firing.get(key);
        if (v.firing() && open == null) {
          Alert alert = new Alert(UUID.randomUUID().toString(), key, v.severity(), AlertState.FIRING,
              now, Optional.empty(), v.summary());
          alerts.save(alert);
          firing.put(key, alert);
        } else if (!v.firing() && open != null) {
          resolve(open, now);
        }
      }
    }
  }

  /**
   * The end of the last minute in the past day that holds events of {@code t}'s series. Read from
   * the store only when a no-data alert opens, so the running sums need not track it.
   */
  private Optional<Instant> lastData(ObjectiveTracker t, Instant now) {
    Instant end = Minutes.floor(now).plus(Minutes.ONE);
    List<dev.governor.sli.Bucket> recent = buckets.range(t.series, end.minus(AlertJudge.HAD_DATA_WINDOW), end);
    for (int i = recent.size() - 1; i >= 0; i--) {
      if (recent.get(i).counts().total() > 0) return Optional.of(recent.get(i).minute().plus(Minutes.ONE));
    }
    return Optional.empty();
  }

  private void resolve(Alert alert, Instant now) {
    alerts.save(alert.resolved(now));
    firing.remove(alert.key());
  }

  /** The live status of one SLO, from the running sums: O(objectives x windows). */
  public Optional<SloStatus> status(SloName slo) {
    lock.lock();
    try {
      Map<String, ObjectiveTracker> objectives = trackers.get(slo);
      if (objectives == null) return Optional.empty();
      Instant now = clock.instant();
      advance(objectives.values(), now);
      return Optional.of(liveStatus(objectives, now,
          firing.values().stream().filter(a -> a.key().slo().equals(slo)).toList()));
    } finally {
      lock.unlock();
    }
  }

  /** The live status of every SLO, ordered by name. */
  public List<SloStatus> statuses() {
    lock.lock();
    try {
      Instant now = clock.instant();
      advanceAll(now);
      Map<SloName, List<Alert>> firingBySlo = new HashMap<>();
      firing.values().forEach(a -> firingBySlo.computeIfAbsent(a.key().slo(), k -> new ArrayList<>()).add(a));
      List<SloStatus> all = new ArrayList<>(trackers.size());
      trackers.forEach((name, objectives) ->
          all.add(liveStatus(objectives, now, firingBySlo.getOrDefault(name, List.of()))));
      return all;
    } finally {
      lock.unlock();
    }
  }

  private SloStatus liveStatus(Map<String, ObjectiveTracker> objectives, Instant now, List<Alert> open) {
    List<ObjectiveStatus> statuses = new ArrayList<>(objectives.size());
    Slo slo = null;
    for (ObjectiveTracker t : objectives.values()) {
      slo = t.slo;
      statuses.add(StatusCalculator.status(t.slo, t.objective, t.units, now, t.sloWindow(), t::rolling));
    }
    return new SloStatus(slo, now, statuses, open);
  }

  /**
   * The status as of {@code at}, summed from the stored history (O(window) per objective: for
   * questions about the past, not for dashboards). Alerts are those that were firing at {@code at}.
   */
  public Optional<SloStatus> statusAt(SloName name, Instant at) {
    Slo slo;
    lock.lock();
    try {
      slo = catalog.slo(name).orElse(null);
    } finally {
      lock.unlock();
    }
    if (slo == null) return Optional.empty();
    // Only the minutes before `at` count: at 16:00:00 a window of W is [16:00 - W, 16:00), and no
    // event stamped 16:00:30 is in it. An `at` inside a minute counts that minute whole, as the
    // live status counts the minute in progress. The windows are those of the last minute counted,
    // so at the first instant of a calendar period the status is that of the period just ended.
    Instant end = Minutes.ceil(at);
    Instant lastMinute = end.minus(Minutes.ONE);
    List<ObjectiveStatus> statuses = new ArrayList<>();
    for (Objective objective : slo.objectives()) {
      SeriesKey series = slo.seriesOf(objective);
      UnitRule units = UnitRule.of(slo.budgetingMethod(), objective);
      WindowSum window = units.aggregateBefore(buckets, series, slo.window().rangeAt(lastMinute).start(), end);
      Map<Duration, WindowSum> lookbacks = new HashMap<>();
      statuses.add(StatusCalculator.status(slo, objective, units, lastMinute, at, window,
          d -> lookbacks.computeIfAbsent(d, k -> units.aggregateBefore(buckets, series, end.minus(k), end))));
    }
    List<Alert> open = alerts.list(Optional.empty(), Optional.of(name), 1000).stream()
        .filter(a -> !a.startedAt().isAfter(at) && a.resolvedAt().map(r -> r.isAfter(at)).orElse(true))
        .toList();
    return Optional.of(new SloStatus(slo, at, statuses, open));
  }

  /** The most points {@link #timeseries} computes in one call. */
  public static final int MAX_TIMESERIES_POINTS = 5_000;

  /**
   * The history of one SLO in steps of {@code step} from {@code from} (rounded down to the minute)
   * until {@code to}, for charts. Reads each objective's series once ({@link BucketStore#range}
   * over the first step's window and the range) and answers every step from prefix sums, so the
   * cost is one store read per objective plus O(buckets + points), not O(points x window).
   * History older than {@link #retention()} is gone, so a step whose window reaches further back
   * counts only what is left.
   *
   * @throws IllegalArgumentException when {@code step} is not a positive whole number of minutes,
   *     {@code to} is not after {@code from}, or the range holds more than
   *     {@link #MAX_TIMESERIES_POINTS} steps
   */
  public Optional<SloTimeseries> timeseries(SloName name, Instant from, Instant to, Duration step) {
    Minutes.requireWholeMinutes(step, "step");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("a time series needs from before to, got " + from + " .. " + to);
    }
    Instant start = Minutes.floor(from);
    long steps = Math.ceilDiv(Duration.between(start, to).toMinutes(), step.toMinutes());
    if (steps > MAX_TIMESERIES_POINTS) {
      throw new IllegalArgumentException("a time series holds at most " + MAX_TIMESERIES_POINTS
          + " points, got " + steps + " steps of " + step + " in " + from + " .. " + to);
    }
    Slo slo;
    lock.lock();
    try {
      slo = catalog.slo(name).orElse(null);
    } finally {
      lock.unlock();
    }
    if (slo == null) return Optional.empty();
    steps = Math.max(1, steps);
    List<Instant> ends = new ArrayList<>((int) steps);
    for (int k = 1; k <= steps; k++) ends.add(start.plus(step.multipliedBy(k)));
    List<SloTimeseries.ObjectiveSeries> series = new ArrayList<>();
    for (Objective objective : slo.objectives()) {
      series.add(objectiveSeries(slo, objective, ends, step));
    }
    return Optional.of(new SloTimeseries(slo, new TimeRange(start, ends.getLast()), step, series));
  }

  private SloTimeseries.ObjectiveSeries objectiveSeries(
      Slo slo, Objective objective, List<Instant> ends, Duration step) {
    UnitRule units = UnitRule.of(slo.budgetingMethod(), objective);
    Instant firstEnd = ends.getFirst();
    Instant lastEnd = ends.getLast();
    // The window of the first step reaches back furthest (calendar periods only move forward).
    Instant oldest = units.firstUnitFrom(slo.window().rangeAt(firstEnd.minus(Minutes.ONE)).start());
    Instant stepStart = units.firstUnitFrom(firstEnd.minus(step));
    if (stepStart.isBefore(oldest)) oldest = stepStart;
    Instant readTo = units.unitStart(lastEnd.minusMillis(1)).plus(units.length());
    UnitSums sums = UnitSums.of(units, buckets.range(slo.seriesOf(objective), oldest, readTo));

    List<SloTimeseries.Point> points = new ArrayList<>(ends.size());
    for (Instant end : ends) {
      Instant at = end.minus(Minutes.ONE); // the status at `at` counts the minutes before `end`
      WindowSum window = sums.before(units.firstUnitFrom(slo.window().rangeAt(at).start()), end);
      ObjectiveStatus status =
          StatusCalculator.status(slo, objective, units, at, window, d -> new WindowSum());
      WindowSum inStep = sums.before(units.firstUnitFrom(end.minus(step)), end);
      double remaining = status.budget().remaining();
      double ideal = switch (slo.window()) {
        case SloWindow.Calendar c -> {
          TimeRange period = c.periodAt(at);
          yield 1 - (double) Duration.between(period.start(), end).toMinutes() / period.length().toMinutes();
        }
        // The window that ends at the chart's end, burned at exactly 1x from its start: 1 at its
        // start, 0 at its end. Before that start the line says nothing (NaN), rather than 100 %.
        case SloWindow.Rolling r -> {
          Instant windowStart = lastEnd.minus(r.length());
          yield end.isBefore(windowStart) ? Double.NaN
              : 1 - (double) Duration.between(windowStart, end).toMinutes() / r.length().toMinutes();
        }
      };
      points.add(new SloTimeseries.Point(end, inStep.counts(), StatusCalculator.goodUnits(units, inStep),
          inStep.total == 0 ? Double.NaN : StatusCalculator.attainment(units, inStep), remaining, ideal));
    }
    return new SloTimeseries.ObjectiveSeries(objective.name(), objective.target(), points);
  }

  /** Prefix sums over an objective's units, oldest first, so any [from, to) sums in O(log units). */
  private record UnitSums(UnitRule units, List<dev.governor.sli.Bucket> buckets, Instant[] minutes,
      Instant[] starts, long[] good, long[] total, long[] ratio, long[] events) {

    static UnitSums of(UnitRule units, List<dev.governor.sli.Bucket> buckets) {
      List<Instant> starts = new ArrayList<>();
      List<EventCounts> counts = new ArrayList<>();
      for (dev.governor.sli.Bucket b : buckets) {
        Instant unit = units.unitStart(b.minute());
        if (!starts.isEmpty() && starts.getLast().equals(unit)) {
          counts.set(counts.size() - 1, counts.getLast().plus(b.counts()));
        } else {
          starts.add(unit);
          counts.add(b.counts());
        }
      }
      int n = starts.size();
      long[] good = new long[n + 1];
      long[] total = new long[n + 1];
      long[] ratio = new long[n + 1];
      long[] events = new long[n + 1];
      for (int i = 0; i < n; i++) {
        WindowSum.Contribution c = units.contribution(counts.get(i));
        good[i + 1] = good[i] + c.good();
        total[i + 1] = total[i] + c.total();
        ratio[i + 1] = ratio[i] + c.ratio();
        events[i + 1] = events[i] + c.events();
      }
      Instant[] minutes = buckets.stream().map(dev.governor.sli.Bucket::minute).toArray(Instant[]::new);
      return new UnitSums(units, buckets, minutes, starts.toArray(Instant[]::new), good, total, ratio, events);
    }

    /**
     * The units that start in [from, to), where a slice in progress at {@code to} holds only its
     * minutes before {@code to}, as the status at {@code to} counts it.
     */
    WindowSum before(Instant from, Instant to) {
      Instant last = units.unitStart(to.minusMillis(1));
      if (units.isAdditive() || last.plus(units.length()).equals(to) || last.isBefore(from)) {
        return between(from, to);
      }
      WindowSum sum = between(from, last);
      long good = 0;
      long total = 0;
      int i = java.util.Arrays.binarySearch(minutes, last);
      for (int k = i >= 0 ? i : -i - 1; k < buckets.size() && buckets.get(k).minute().isBefore(to); k++) {
        good += buckets.get(k).counts().good();
        total += buckets.get(k).counts().total();
      }
      sum.add(units.contribution(new EventCounts(good, total)), 1);
      return sum;
    }

    /** The units that start in [from, to). */
    WindowSum between(Instant from, Instant to) {
      int a = index(from);
      int b = index(to);
      WindowSum sum = new WindowSum();
      if (b > a) {
        sum.add(new WindowSum.Contribution(
            good[b] - good[a], total[b] - total[a], ratio[b] - ratio[a], events[b] - events[a]), 1);
      }
      return sum;
    }

    /** The number of units that start before {@code instant}. */
    private int index(Instant instant) {
      int i = java.util.Arrays.binarySearch(starts, instant);
      return i >= 0 ? i : -i - 1;
    }
  }

  /**
   * How far back events are accepted and history is kept: the longest window any sum reaches back
   * over (SLO windows, burn-rate windows, alert-condition look-backs), plus the margin. The margin
   * is at least the longest step a tracker takes before it rebuilds, so no bucket is deleted
   * before the windows it left have subtracted it.
   */
  public Duration retention() {
    return retention;
  }

  private Duration computeRetention() {
    Duration longest = Duration.ofDays(3).plus(Minutes.ONE); // the longest burn-rate window
    for (Map<String, ObjectiveTracker> objectives : trackers.values()) {
      for (ObjectiveTracker t : objectives.values()) {
        if (t.longestWindow().compareTo(longest) > 0) longest = t.longestWindow();
      }
    }
    Duration margin = settings.retentionMargin();
    if (margin.compareTo(ObjectiveTracker.MAX_STEP) < 0) margin = ObjectiveTracker.MAX_STEP;
    return longest.plus(margin);
  }

  /** Drops history older than {@link #retention()}; returns how many buckets went. */
  public long enforceRetention() {
    lock.lock();
    try {
      Instant now = clock.instant();
      advanceAll(now); // what leaves the windows is subtracted before it is deleted
      return buckets.deleteBefore(Minutes.floor(now.minus(retention())));
    } finally {
      lock.unlock();
    }
  }
}

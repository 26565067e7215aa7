package dev.governor.slo;

import dev.governor.alert.AlertKey;
import dev.governor.alert.Severity;
import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.basics.TimeRange;
import dev.governor.sli.BucketStore;
import dev.governor.sli.SeriesKey;
import dev.governor.slo.WindowSum.Contribution;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The running window sums of one objective of one SLO, as of {@code minute} (the minute that holds
 * "now"). A window of duration D holds the units whose start lies in [minute + 1m - D, minute].
 *
 * <p>Units that start after {@code minute} (events stamped slightly in the future) are not in any
 * window yet; their starts wait in {@code pending} and are read from the store when the clock
 * reaches them, so every unit in a sum is exactly what the store holds for it.
 */
final class ObjectiveTracker {

  /** Above this many minutes of clock jump, re-reading the windows is cheaper than stepping. */
  static final Duration MAX_STEP = Duration.ofMinutes(10);

  final Slo slo;
  final Objective objective;
  final SeriesKey series;
  final UnitRule units;
  /** The objective's error budget as a double, worked out once: every alert judgement divides by it. */
  final double errorBudget;
  /**
   * The alert keys of the built-in rules, made once: a tick at a minute boundary judges every rule
   * of every objective, and a key, a verdict and a list made per judgement were an eighth of what
   * such a tick allocated at 100,000 SLOs.
   */
  private final AlertKey pageKey;
  private final AlertKey ticketKey;
  private final AlertKey noDataKey;
  private final TreeMap<Duration, WindowSum> rolling = new TreeMap<>();
  private final WindowSum calendar = new WindowSum();
  private Instant calendarStart;
  private final NavigableSet<Instant> pending = new TreeSet<>();
  private Instant minute;
  /**
   * The sums lack a stored batch (applying it failed) until the tick reads them again from the
   * store: nothing adds to them, bounds by them or judges them meanwhile. Guarded by the shard's
   * {@code sums}, like the sums themselves.
   */
  boolean missedDeltas;

  ObjectiveTracker(Slo slo, Objective objective, List<Duration> lookbacks) {
    this(slo, objective, lookbacks, Exclusions.NONE);
  }

  /** @param excluded the SLO's adjusted minutes, which count as if they held no events */
  ObjectiveTracker(Slo slo, Objective objective, List<Duration> lookbacks, Exclusions excluded) {
    this.slo = slo;
    this.objective = objective;
    this.series = slo.seriesOf(objective);
    this.units = UnitRule.of(slo.budgetingMethod(), objective, excluded);
    this.errorBudget = objective.errorBudget().toDouble();
    this.pageKey = new AlertKey(slo.name(), objective.name(), Severity.PAGE.label());
    this.ticketKey = new AlertKey(slo.name(), objective.name(), Severity.TICKET.label());
    this.noDataKey = new AlertKey(slo.name(), objective.name(), AlertJudge.NO_DATA);
    for (Duration d : lookbacks) rolling.put(d, new WindowSum());
    if (slo.window() instanceof SloWindow.Rolling r) rolling.put(r.length(), new WindowSum());
  }

  Instant minute() {
    return minute;
  }

  /** The key of this objective's alert for {@code rule}. */
  AlertKey alertKey(String rule) {
    if (rule.equals(pageKey.rule())) return pageKey;
    if (rule.equals(ticketKey.rule())) return ticketKey;
    if (rule.equals(noDataKey.rule())) return noDataKey;
    return new AlertKey(slo.name(), objective.name(), rule);
  }

  /** How fast {@code sum} spends this objective's error budget: 1 spends it exactly over the window. */
  double burnRate(WindowSum sum) {
    return StatusCalculator.burnRate(units, errorBudget, sum);
  }

  /** The longest stretch of history any of this tracker's sums reaches back over. */
  Duration longestWindow() {
    Duration longest = rolling.isEmpty() ? Duration.ZERO : rolling.lastKey();
    Duration own = slo.window().maxLength();
    return (own.compareTo(longest) > 0 ? own : longest).plus(units.length());
  }

  /** The running sum of the look-back window {@code d}, which must be one this tracker keeps. */
  WindowSum rolling(Duration d) {
    WindowSum sum = rolling.get(d);
    if (sum == null) throw new IllegalStateException("no running sum for " + d + " in " + slo.name());
    return sum;
  }

  /**
   * The raw events of the longest rolling window when it holds {@code minute}'s unit, so at least
   * what the store holds for that minute (every unit counts zero or more); -1 when it does not.
   */
  long eventsAtMost(Instant minute) {
    // An adjusted minute's events are in no sum, so no sum bounds what the store holds for it.
    if (this.minute == null || rolling.isEmpty() || !units.counts(minute)) return -1;
    Instant unit = units.unitStart(minute);
    Map.Entry<Duration, WindowSum> longest = rolling.lastEntry();
    Instant oldest = units.firstUnitFrom(this.minute.plus(Minutes.ONE).minus(longest.getKey()));
    if (unit.isAfter(this.minute) || unit.isBefore(oldest)) return -1;
    return longest.getValue().events;
  }

  /** The running sum of the SLO's own window. */
  WindowSum sloWindow() {
    return switch (slo.window()) {
      case SloWindow.Rolling r -> rolling(r.length());
      case SloWindow.Calendar c -> calendar;
    };
  }

  /** Reads every window from the store as of {@code now}: the slow path, after a load or a long pause. */
  void rebuild(BucketStore store, Instant now, Duration maxFutureSkew) {
    minute = Minutes.floor(now);
    Instant end = minute.plus(Minutes.ONE);
    for (Map.Entry<Duration, WindowSum> w : rolling.entrySet()) {
      w.getValue().set(units.aggregate(store, series, end.minus(w.getKey()), end));
    }
    if (slo.window() instanceof SloWindow.Calendar c) {
      calendarStart = c.periodAt(minute).start();
      calendar.set(units.aggregate(store, series, calendarStart, end));
    }
    pending.clear();
    // Every stored minute ahead, however far: see SumShards#rebuild.
    for (var bucket : store.range(series, end, Minutes.LAST)) {
      Instant unit = units.unitStart(bucket.minute());
      if (unit.isAfter(minute)) pending.add(unit);
    }
  }

  /**
   * The ranges {@link #rebuildFrom} needs summed, for an additive tracker: one per rolling window,
   * then the calendar period. A start asks the store for these in bulk for many trackers at once.
   */
  List<TimeRange> windowRanges(Instant now) {
    Instant end = Minutes.floor(now).plus(Minutes.ONE);
    List<TimeRange> ranges = new java.util.ArrayList<>(rolling.size() + 1);
    for (Duration d : rolling.keySet()) ranges.add(new TimeRange(units.firstUnitFrom(end.minus(d)), end));
    if (slo.window() instanceof SloWindow.Calendar c) {
      ranges.add(new TimeRange(units.firstUnitFrom(c.periodAt(Minutes.floor(now)).start()), end));
    }
    return ranges;
  }

  /**
   * {@link #rebuild} from sums already read, in the order of {@link #windowRanges}, and the minutes
   * after now that hold data ({@code future}); additive trackers only.
   */
  void rebuildFrom(Instant now, List<EventCounts> sums, java.util.Collection<Instant> future) {
    if (!units.isAdditive()) throw new IllegalStateException("a timeslice tracker rebuilds from its slices");
    minute = Minutes.floor(now);
    int i = 0;
    for (WindowSum w : rolling.values()) w.set(of(sums.get(i++)));
    if (slo.window() instanceof SloWindow.Calendar c) {
      calendarStart = c.periodAt(minute).start();
      calendar.set(of(sums.get(i)));
    }
    pending.clear();
    for (Instant unit : future) if (unit.isAfter(minute)) pending.add(unit);
  }

  private WindowSum of(EventCounts counts) {
    WindowSum sum = new WindowSum();
    sum.add(units.contribution(counts), 1);
    return sum;
  }

  /**
   * A unit's stored counts changed from {@code before} to {@code after}. Units in the windows change
   * their sums; a future unit is remembered; a unit older than every window changes nothing here.
   */
  void unitChanged(Instant unitStart, EventCounts before, EventCounts after) {
    if (unitStart.isAfter(minute)) {
      pending.add(unitStart);
      return;
    }
    Contribution old = units.contribution(before);
    Contribution now = units.contribution(after);
    if (old.equals(now)) return;
    Instant end = minute.plus(Minutes.ONE);
    for (Map.Entry<Duration, WindowSum> w : rolling.entrySet()) {
      if (!unitStart.isBefore(units.firstUnitFrom(end.minus(w.getKey())))) {
        w.getValue().add(old, -1);
        w.getValue().add(now, 1);
      }
    }
    if (calendarStart != null && !unitStart.isBefore(units.firstUnitFrom(calendarStart))) {
      calendar.add(old, -1);
      calendar.add(now, 1);
    }
  }

  /** Reads the stored counts of one unit; lets the evaluator serve a whole tick's reads in batches. */
  interface UnitReader {
    EventCounts read(SeriesKey series, Instant unitStart);
  }

  /**
   * The minute buckets {@link #advance} will read to move to {@code now}, for Occurrences (timeslice
   * units are read by range). Empty when the step is long enough to rebuild instead.
   */
  void plannedReads(Instant now, java.util.function.BiConsumer<Instant, SeriesKey> sink) {
    Instant next = Minutes.floor(now);
    if (!units.isAdditive() || !next.isAfter(minute)
        || Duration.between(minute, next).compareTo(MAX_STEP) > 0) {
      return;
    }
    Instant oldEnd = minute.plus(Minutes.ONE);
    Instant newEnd = next.plus(Minutes.ONE);
    for (Duration d : rolling.keySet()) {
      for (Instant u = oldEnd.minus(d); u.isBefore(newEnd.minus(d)) && !u.isAfter(minute); u = u.plus(Minutes.ONE)) {
        if (units.counts(u)) sink.accept(u, series);
      }
    }
    for (Instant u : pending.headSet(next, true)) {
      if (units.counts(u)) sink.accept(u, series);
    }
  }

  /** Moves every window forward to the minute that holds {@code now}. */
  void advance(BucketStore store, Instant now, Duration maxFutureSkew) {
    advance(store, now, maxFutureSkew, (s, u) -> units.read(store, s, u));
  }

  void advance(BucketStore store, Instant now, Duration maxFutureSkew, UnitReader reader) {
    Instant next = Minutes.floor(now);
    if (!next.isAfter(minute)) return;
    if (Duration.between(minute, next).compareTo(MAX_STEP) > 0) {
      rebuild(store, now, maxFutureSkew);
      return;
    }
    // An adjusted minute was never added, so it is never subtracted: it reads as empty.
    UnitReader read = !units.isAdditive() ? (s, u) -> units.read(store, s, u)
        : units.excluded().isEmpty() ? reader
        : (s, u) -> units.counts(u) ? reader.read(s, u) : EventCounts.NONE;
    Instant oldEnd = minute.plus(Minutes.ONE);
    Instant newEnd = next.plus(Minutes.ONE);
    for (Map.Entry<Duration, WindowSum> w : rolling.entrySet()) {
      Instant from = units.firstUnitFrom(oldEnd.minus(w.getKey()));
      Instant to = units.firstUnitFrom(newEnd.minus(w.getKey()));
      for (Instant u = from; u.isBefore(to) && !u.isAfter(minute); u = u.plus(units.length())) {
        w.getValue().add(units.contribution(read.read(series, u)), -1);
      }
    }
    boolean newPeriod = false;
    if (slo.window() instanceof SloWindow.Calendar c) {
      Instant start = c.periodAt(next).start();
      if (!start.equals(calendarStart)) {
        calendarStart = start;
        calendar.set(units.aggregate(store, series, start, newEnd));
        newPeriod = true;
      }
    }
    NavigableSet<Instant> entering = pending.headSet(next, true);
    for (Instant u : entering) {
      Contribution c = units.contribution(read.read(series, u));
      for (Map.Entry<Duration, WindowSum> w : rolling.entrySet()) {
        if (!u.isBefore(units.firstUnitFrom(newEnd.minus(w.getKey())))) w.getValue().add(c, 1);
      }
      if (!newPeriod && calendarStart != null && !u.isBefore(units.firstUnitFrom(calendarStart))) {
        calendar.add(c, 1);
      }
    }
    entering.clear();
    minute = next;
  }

  Optional<Instant> oldestPending() {
    return pending.isEmpty() ? Optional.empty() : Optional.of(pending.first());
  }
}

package dev.governor.slo;

import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.basics.SloName;
import dev.governor.basics.TimeRange;
import dev.governor.alert.Alert;
import dev.governor.alert.AlertStore;
import dev.governor.sli.BucketStore;
import dev.governor.sli.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Questions about the past: the status at an instant and time series for charts. They read the
 * store (and the catalog snapshot for what an SLO is), never the running sums, so the live path
 * and these share no state and no lock. A restore drill also asks it what a backup's statuses were,
 * over the backup's own snapshot, to hold a restored engine's running sums to them.
 */
public final class History {

  private final BucketStore buckets;
  private final AlertStore alerts;
  private final java.util.function.Function<SloName, Optional<Slo>> slos;
  private final Exclusions.BySlo exclusions;

  public History(BucketStore buckets, AlertStore alerts, Supplier<Catalog> catalog) {
    this(buckets, alerts, catalog, Exclusions.BySlo.NONE);
  }

  /** @param exclusions the minutes each SLO leaves out (budget adjustments), as the live sums do */
  public History(BucketStore buckets, AlertStore alerts, Supplier<Catalog> catalog, Exclusions.BySlo exclusions) {
    this(buckets, alerts, name -> catalog.get().slo(name), exclusions);
  }

  /** @param slos finds an SLO by name: an applied one, or an instance of a grouped one */
  public History(BucketStore buckets, AlertStore alerts, java.util.function.Function<SloName, Optional<Slo>> slos,
      Exclusions.BySlo exclusions) {
    this.buckets = buckets;
    this.alerts = alerts;
    this.slos = slos;
    this.exclusions = exclusions;
  }

  /**
   * The status as of {@code at}, summed from the stored history (O(window) per objective: for
   * questions about the past, not for dashboards). Alerts are those that were firing at {@code at}.
   */
  public Optional<SloStatus> statusAt(SloName name, Instant at) {
    Slo slo = slos.apply(name).orElse(null);
    if (slo == null) return Optional.empty();
    // Only the minutes before `at` count: at 16:00:00 a window of W is [16:00 - W, 16:00), and no
    // event stamped 16:00:30 is in it. An `at` inside a minute counts that minute whole, as the
    // live status counts the minute in progress. The windows are those of the last minute counted,
    // so at the first instant of a calendar period the status is that of the period just ended.
    Instant end = Minutes.ceil(at);
    Instant lastMinute = end.minus(Minutes.ONE);
    List<ObjectiveStatus> statuses = new ArrayList<>();
    Exclusions excluded = exclusions.apply(slo);
    for (Objective objective : slo.objectives()) {
      SeriesKey series = slo.seriesOf(objective);
      UnitRule units = UnitRule.of(slo.budgetingMethod(), objective, excluded);
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
  static final int MAX_TIMESERIES_POINTS = 5_000;

  /**
   * The history of one SLO in steps of {@code step} from {@code from} (rounded down to the minute)
   * until {@code to}, for charts. Reads each objective's series once ({@link BucketStore#range}
   * over the first step's window and the range) and answers every step from prefix sums, so the
   * cost is one store read per objective plus O(buckets + points), not O(points x window).
   * History older than the retention is gone, so a step whose window reaches further back
   * counts only what is left.
   *
   * @throws IllegalArgumentException when {@code step} is not a positive whole number of minutes,
   *     {@code to} is not after {@code from}, or the range holds more than
   *     {@link #MAX_TIMESERIES_POINTS} steps
   */
  Optional<SloTimeseries> timeseries(SloName name, Instant from, Instant to, Duration step) {
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
    Slo slo = slos.apply(name).orElse(null);
    if (slo == null) return Optional.empty();
    steps = Math.max(1, steps);
    List<Instant> ends = new ArrayList<>((int) steps);
    for (int k = 1; k <= steps; k++) ends.add(start.plus(step.multipliedBy(k)));
    List<SloTimeseries.ObjectiveSeries> series = new ArrayList<>();
    Exclusions excluded = exclusions.apply(slo);
    for (Objective objective : slo.objectives()) {
      series.add(objectiveSeries(slo, objective, ends, step, excluded));
    }
    TimeRange range = new TimeRange(start, ends.getLast());
    return Optional.of(new SloTimeseries(slo, range, step, series, excluded.excluded(range.start(), range.end())));
  }

  private SloTimeseries.ObjectiveSeries objectiveSeries(
      Slo slo, Objective objective, List<Instant> ends, Duration step, Exclusions excluded) {
    UnitRule units = UnitRule.of(slo.budgetingMethod(), objective, excluded);
    Instant firstEnd = ends.getFirst();
    Instant lastEnd = ends.getLast();
    // The window of the first step reaches back furthest (calendar periods only move forward).
    Instant oldest = units.firstUnitFrom(slo.window().rangeAt(firstEnd.minus(Minutes.ONE)).start());
    Instant stepStart = units.firstUnitFrom(firstEnd.minus(step));
    if (stepStart.isBefore(oldest)) oldest = stepStart;
    Instant readTo = units.unitStart(lastEnd.minusMillis(1)).plus(units.length());
    List<dev.governor.sli.Bucket> stored = buckets.range(slo.seriesOf(objective), oldest, readTo);
    if (!excluded.isEmpty()) stored = stored.stream().filter(b -> units.counts(b.minute())).toList();
    UnitSums sums = UnitSums.of(units, stored);

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

}

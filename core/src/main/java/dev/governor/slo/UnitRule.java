package dev.governor.slo;

import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.sli.Bucket;
import dev.governor.sli.BucketStore;
import dev.governor.sli.SeriesKey;
import dev.governor.slo.WindowSum.Contribution;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How an objective turns stored minute buckets into window units: each minute is a unit for
 * Occurrences; for the timeslice methods a unit is a slice of {@code length}, aligned to the epoch,
 * whose contribution depends on the sum of its minutes (so it is not additive: a late event can
 * turn a good slice bad).
 */
record UnitRule(BudgetingMethod method, Duration length, Optional<Ratio> sliceTarget, Exclusions excluded) {

  static UnitRule of(BudgetingMethod method, Objective objective) {
    return of(method, objective, Exclusions.NONE);
  }

  /** @param excluded minutes that count as if they held no events (budget adjustments) */
  static UnitRule of(BudgetingMethod method, Objective objective, Exclusions excluded) {
    return switch (method) {
      case OCCURRENCES -> new UnitRule(method, Minutes.ONE, Optional.empty(), excluded);
      case TIMESLICES, RATIO_TIMESLICES ->
          new UnitRule(method, objective.sliceLength(), objective.timeSliceTarget(), excluded);
    };
  }

  /** Whether the minute {@code minute} counts at all, or is left out by an adjustment. */
  boolean counts(Instant minute) {
    return !excluded.excludes(minute);
  }

  /** The counted minutes' sum of [from, to) from the store: one read, or one per part left between adjustments. */
  EventCounts sum(BucketStore store, SeriesKey series, Instant from, Instant to) {
    if (excluded.isEmpty()) return store.sum(series, from, to);
    EventCounts sum = EventCounts.NONE;
    for (dev.governor.basics.TimeRange part : excluded.included(from, to)) {
      sum = sum.plus(store.sum(series, part.start(), part.end()));
    }
    return sum;
  }

  boolean isAdditive() {
    return method == BudgetingMethod.OCCURRENCES;
  }

  Instant unitStart(Instant minute) {
    return isAdditive() ? minute : Minutes.floor(minute, length);
  }

  /**
   * The first unit a window that starts at {@code windowStart} holds: the one that contains the
   * window's start. A window shorter than a slice (a 5m burn window over 1h slices) thus still
   * sees the slice in progress instead of nothing.
   */
  Instant firstUnitFrom(Instant windowStart) {
    return unitStart(Minutes.floor(windowStart));
  }

  Contribution contribution(EventCounts unit) {
    if (unit.total() == 0) return Contribution.NONE;
    return switch (method) {
      case OCCURRENCES -> new Contribution(unit.good(), unit.total(), 0, unit.total());
      case TIMESLICES -> new Contribution(
          sliceTarget.orElseThrow().isMetBy(unit.good(), unit.total()) ? 1 : 0, 1, 0, unit.total());
      case RATIO_TIMESLICES -> new Contribution(unit.bad() == 0 ? 1 : 0, 1, ratioNanos(unit), unit.total());
    };
  }

  /** The scale of a slice's ratio in {@link WindowSum#ratioSum}: whole 10^-9. */
  static final int RATIO_SCALE = 9;

  /** good/total of one slice in whole 10^-9, rounded half-even. */
  static long ratioNanos(EventCounts slice) {
    return java.math.BigDecimal.valueOf(slice.good())
        .divide(java.math.BigDecimal.valueOf(slice.total()), RATIO_SCALE, java.math.RoundingMode.HALF_EVEN)
        .unscaledValue().longValueExact();
  }

  /** The stored counts of the unit that starts at {@code unitStart}. */
  EventCounts read(BucketStore store, SeriesKey series, Instant unitStart) {
    return sum(store, series, unitStart, unitStart.plus(length));
  }

  /**
   * Sums the units that overlap [from, toExclusive) straight from the store: the slow path,
   * for rebuilding after a load and for status at a past instant.
   */
  WindowSum aggregate(BucketStore store, SeriesKey series, Instant from, Instant toExclusive) {
    // A slice that starts before toExclusive is summed whole, even its minutes after it, as the
    // running sums hold it.
    return aggregate(store, series, from, toExclusive, true);
  }

  /**
   * As {@link #aggregate}, but the slice in progress at {@code toExclusive} holds only its minutes
   * before it: the status at a past instant, when that slice had no later events yet.
   */
  WindowSum aggregateBefore(BucketStore store, SeriesKey series, Instant from, Instant toExclusive) {
    return aggregate(store, series, from, toExclusive, false);
  }

  private WindowSum aggregate(
      BucketStore store, SeriesKey series, Instant from, Instant toExclusive, boolean wholeLastSlice) {
    WindowSum sum = new WindowSum();
    Instant first = firstUnitFrom(from);
    if (!first.isBefore(toExclusive)) return sum;
    if (isAdditive()) {
      sum.add(contribution(sum(store, series, first, toExclusive)), 1);
      return sum;
    }
    Instant lastSliceEnd = wholeLastSlice ? unitStart(toExclusive.minusMillis(1)).plus(length) : toExclusive;
    List<Bucket> buckets = store.range(series, first, lastSliceEnd);
    Instant slice = null;
    long good = 0;
    long total = 0;
    for (Bucket bucket : buckets) {
      if (!counts(bucket.minute())) continue;
      Instant start = unitStart(bucket.minute());
      if (!start.equals(slice)) {
        if (slice != null) sum.add(contribution(new EventCounts(good, total)), 1);
        slice = start;
        good = 0;
        total = 0;
      }
      good += bucket.counts().good();
      total += bucket.counts().total();
    }
    if (slice != null) sum.add(contribution(new EventCounts(good, total)), 1);
    return sum;
  }
}

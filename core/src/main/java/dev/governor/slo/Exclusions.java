package dev.governor.slo;

import dev.governor.basics.Minutes;
import dev.governor.basics.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The minutes that do not count toward one SLO's error budget: budget adjustments (a planned
 * maintenance, an upstream provider's outage, a broken exporter). An excluded minute counts as if
 * it held no events, everywhere the SLO's numbers come from: the running sums, the rebuild from the
 * store, the status at a past instant and the charts. So its good and bad events spend no budget,
 * raise no burn rate, and an alert they would have opened does not open.
 *
 * <p>Excluded time is whole minutes. A recurring adjustment has no end, so the ranges are asked of
 * each {@link Source} for the stretch of time a question needs; the stretch around the minutes the
 * live path asks about is kept, so a tick does not work out the recurrences again.
 */
public final class Exclusions {

  /** Something that excludes time, one-off or recurring: a budget adjustment. */
  public interface Source {

    /** Its excluded ranges that overlap [from, to), each of whole minutes, in any order. */
    List<TimeRange> within(Instant from, Instant to);
  }

  /** Which minutes an SLO leaves out; {@link #NONE} for most. */
  @FunctionalInterface
  public interface BySlo extends Function<Slo, Exclusions> {
    BySlo NONE = slo -> Exclusions.NONE;
  }

  public static final Exclusions NONE = new Exclusions(List.of());

  /** How far on either side of an asked minute the kept stretch reaches. */
  private static final Duration KEPT_SPAN = Duration.ofDays(62);

  private final List<Source> sources;
  /** The merged ranges of a stretch of time, replaced whole when a minute outside it is asked. */
  private volatile Stretch kept;

  private Exclusions(List<Source> sources) {
    this.sources = List.copyOf(sources);
  }

  public static Exclusions of(List<? extends Source> sources) {
    return sources.isEmpty() ? NONE : new Exclusions(List.copyOf(sources));
  }

  public boolean isEmpty() {
    return sources.isEmpty();
  }

  public List<Source> sources() {
    return sources;
  }

  /** Whether the minute that holds {@code instant} is excluded. */
  public boolean excludes(Instant instant) {
    if (sources.isEmpty()) return false;
    Instant minute = Minutes.floor(instant);
    Stretch s = kept;
    if (s == null || !s.covers(minute)) {
      s = Stretch.of(merged(minute.minus(KEPT_SPAN), minute.plus(KEPT_SPAN)), minute.minus(KEPT_SPAN),
          minute.plus(KEPT_SPAN));
      kept = s;
    }
    return s.holds(minute);
  }

  /** The excluded parts of [from, to), merged, oldest first. */
  public List<TimeRange> excluded(Instant from, Instant to) {
    if (sources.isEmpty() || !to.isAfter(from)) return List.of();
    List<TimeRange> out = new ArrayList<>();
    for (TimeRange r : merged(from, to)) {
      Instant start = r.start().isBefore(from) ? from : r.start();
      Instant end = r.end().isAfter(to) ? to : r.end();
      if (end.isAfter(start)) out.add(new TimeRange(start, end));
    }
    return out;
  }

  /** The parts of [from, to) that count, oldest first; [from, to) itself when nothing is excluded. */
  public List<TimeRange> included(Instant from, Instant to) {
    if (!to.isAfter(from)) return List.of();
    if (sources.isEmpty()) return List.of(new TimeRange(from, to));
    List<TimeRange> out = new ArrayList<>();
    Instant at = from;
    for (TimeRange r : excluded(from, to)) {
      if (r.start().isAfter(at)) out.add(new TimeRange(at, r.start()));
      if (r.end().isAfter(at)) at = r.end();
    }
    if (to.isAfter(at)) out.add(new TimeRange(at, to));
    return out;
  }

  private List<TimeRange> merged(Instant from, Instant to) {
    List<TimeRange> all = new ArrayList<>();
    for (Source source : sources) all.addAll(source.within(from, to));
    all.sort(Comparator.comparing(TimeRange::start));
    List<TimeRange> merged = new ArrayList<>();
    for (TimeRange r : all) {
      if (!r.end().isAfter(r.start())) continue;
      if (!merged.isEmpty() && !r.start().isAfter(merged.getLast().end())) {
        TimeRange last = merged.removeLast();
        merged.add(new TimeRange(last.start(), r.end().isAfter(last.end()) ? r.end() : last.end()));
      } else {
        merged.add(r);
      }
    }
    return merged;
  }

  /** Merged ranges over [from, to), as arrays for a binary search per minute. */
  private record Stretch(Instant from, Instant to, Instant[] starts, Instant[] ends) {

    static Stretch of(List<TimeRange> merged, Instant from, Instant to) {
      return new Stretch(from, to, merged.stream().map(TimeRange::start).toArray(Instant[]::new),
          merged.stream().map(TimeRange::end).toArray(Instant[]::new));
    }

    boolean covers(Instant minute) {
      return !minute.isBefore(from) && minute.isBefore(to);
    }

    boolean holds(Instant minute) {
      int i = Arrays.binarySearch(starts, minute);
      int at = i >= 0 ? i : -i - 2; // the last range that starts at or before the minute
      return at >= 0 && minute.isBefore(ends[at]);
    }
  }

  /** Equal when made of equal sources: an SLO whose adjustments did not change keeps its sums. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Exclusions other && sources.equals(other.sources);
  }

  @Override
  public int hashCode() {
    return sources.hashCode();
  }

  @Override
  public String toString() {
    return "Exclusions" + sources;
  }
}

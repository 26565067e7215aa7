package dev.governor.report;

import dev.governor.basics.EventCounts;
import dev.governor.basics.SloName;
import dev.governor.basics.TimeRange;
import dev.governor.sli.Bucket;
import dev.governor.sli.SeriesKey;
import dev.governor.slo.Exclusions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Report counts with each SLO's budget adjustments left out, as the evaluator leaves them out:
 * an adjusted minute counts as if it held no events. Where minutes are kept this is exact to the
 * minute. Older history is kept in hourly sums only: an hour an adjustment covers whole is left
 * out, an hour it covers in part counts whole (there is nothing finer to subtract).
 */
public final class AdjustedReportCounts implements ReportCounts {

  private static final Duration HOUR = Duration.ofHours(1);

  private final ReportCounts stored;
  private final Function<SloName, Exclusions> exclusions;

  public AdjustedReportCounts(ReportCounts stored, Function<SloName, Exclusions> exclusions) {
    this.stored = stored;
    this.exclusions = exclusions;
  }

  @Override
  public Kept kept() {
    return stored.kept();
  }

  @Override
  public List<EventCounts> sums(SloName slo, SeriesKey series, List<TimeRange> ranges) {
    Exclusions excluded = exclusions.apply(slo);
    if (excluded.isEmpty()) return stored.sums(slo, series, ranges);
    Instant minutesFrom = kept().minutesFrom();
    List<EventCounts> out = new ArrayList<>(ranges.size());
    for (TimeRange r : ranges) {
      if (!r.start().isBefore(minutesFrom)) {
        List<TimeRange> parts = excluded.included(r.start(), r.end());
        EventCounts sum = EventCounts.NONE;
        for (EventCounts part : parts.isEmpty() ? List.<EventCounts>of() : stored.sums(slo, series, parts)) {
          sum = sum.plus(part);
        }
        out.add(sum);
      } else {
        EventCounts sum = EventCounts.NONE;
        for (Bucket hour : hours(slo, series, r)) sum = sum.plus(hour.counts());
        out.add(sum);
      }
    }
    return out;
  }

  @Override
  public List<Bucket> minutes(SloName slo, SeriesKey series, TimeRange range) {
    Exclusions excluded = exclusions.apply(slo);
    List<Bucket> all = stored.minutes(slo, series, range);
    if (excluded.isEmpty()) return all;
    return all.stream().filter(b -> !excluded.excludes(b.minute())).toList();
  }

  @Override
  public List<Bucket> hours(SloName slo, SeriesKey series, TimeRange range) {
    Exclusions excluded = exclusions.apply(slo);
    List<Bucket> all = stored.hours(slo, series, range);
    if (excluded.isEmpty()) return all;
    return all.stream().filter(b -> !excluded.included(b.minute(), b.minute().plus(HOUR)).isEmpty()).toList();
  }
}

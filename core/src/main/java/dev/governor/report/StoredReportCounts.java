package dev.governor.report;

import dev.governor.basics.EventCounts;
import dev.governor.basics.SloName;
import dev.governor.basics.TimeRange;
import dev.governor.sli.Bucket;
import dev.governor.sli.BucketStore;
import dev.governor.sli.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Report counts straight from the bucket store: minutes (through the store's rollups) where the
 * minutes are kept, the hourly sums before that. The hourly sums count every minute of their hour,
 * also those retention has deleted since, so they are exact for whole hours.
 */
public final class StoredReportCounts implements ReportCounts {

  private static final Duration HOUR = Duration.ofHours(1);

  private final BucketStore buckets;
  private final InstantSource clock;
  private final Supplier<Duration> minuteRetention;
  private final Duration hourRetention;

  /**
   * @param minuteRetention how far back the minutes reach now (the evaluator's retention); asked on
   *     every report, since applying an SLO with a longer window changes it
   * @param hourRetention how long the hourly sums are kept ({@code reports.retention})
   */
  public StoredReportCounts(BucketStore buckets, InstantSource clock, Supplier<Duration> minuteRetention,
      Duration hourRetention) {
    this.buckets = buckets;
    this.clock = clock;
    this.minuteRetention = minuteRetention;
    this.hourRetention = hourRetention;
  }

  @Override
  public Kept kept() {
    Instant now = clock.instant();
    // Rounded up to the next whole minute and hour: retention deletes before a cutoff that only
    // moves forward, so what lies after these instants is certainly still there.
    Instant minutes = ceil(now.minus(minuteRetention.get()), Duration.ofMinutes(1));
    Instant hours = ceil(now.minus(hourRetention.compareTo(minuteRetention.get()) > 0 ? hourRetention : minuteRetention.get()), HOUR);
    return new Kept(hours.isAfter(minutes) ? minutes : hours, minutes);
  }

  @Override
  public List<EventCounts> sums(SloName slo, SeriesKey series, List<TimeRange> ranges) {
    Kept kept = kept();
    List<TimeRange> fromMinutes = new ArrayList<>();
    List<TimeRange> fromHours = new ArrayList<>();
    for (TimeRange r : ranges) {
      if (!r.start().isBefore(kept.minutesFrom())) fromMinutes.add(r);
      else if (isWholeHour(r.start()) && isWholeHour(r.end()) && !r.start().isBefore(kept.hoursFrom())) fromHours.add(r);
      else throw new IllegalArgumentException("the counts over " + r + " are not kept: minutes from "
          + kept.minutesFrom() + ", whole hours from " + kept.hoursFrom());
    }
    List<EventCounts> minuteSums = fromMinutes.isEmpty() ? List.of()
        : buckets.sums(List.of(series), fromMinutes).get(series);
    List<Bucket> hours = List.of();
    if (!fromHours.isEmpty()) {
      Instant from = fromHours.stream().map(TimeRange::start).min(Instant::compareTo).orElseThrow();
      Instant to = fromHours.stream().map(TimeRange::end).max(Instant::compareTo).orElseThrow();
      hours = buckets.hourly(series, from, to);
    }
    List<EventCounts> out = new ArrayList<>(ranges.size());
    int m = 0;
    for (TimeRange r : ranges) {
      if (!r.start().isBefore(kept.minutesFrom())) {
        out.add(minuteSums.get(m++));
      } else {
        EventCounts sum = EventCounts.NONE;
        for (Bucket b : hours) if (r.contains(b.minute())) sum = sum.plus(b.counts());
        out.add(sum);
      }
    }
    return out;
  }

  @Override
  public List<Bucket> minutes(SloName slo, SeriesKey series, TimeRange range) {
    return buckets.range(series, range.start(), range.end());
  }

  @Override
  public List<Bucket> hours(SloName slo, SeriesKey series, TimeRange range) {
    return buckets.hourly(series, range.start(), range.end());
  }

  static boolean isWholeHour(Instant instant) {
    return instant.getNano() == 0 && instant.getEpochSecond() % 3600 == 0;
  }

  private static Instant ceil(Instant instant, Duration unit) {
    long u = unit.toMillis();
    return Instant.ofEpochMilli(-Math.floorDiv(-instant.toEpochMilli(), u) * u);
  }
}

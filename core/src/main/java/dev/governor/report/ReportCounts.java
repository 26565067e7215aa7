package dev.governor.report;

import dev.governor.basics.EventCounts;
import dev.governor.basics.SloName;
import dev.governor.basics.TimeRange;
import dev.governor.sli.Bucket;
import dev.governor.sli.SeriesKey;
import java.time.Instant;
import java.util.List;

/**
 * Where reports read SLI counts from: the one door, so that counts that must be read differently
 * (minutes an SLO's budget adjustments exclude, which then count as if empty) change here and
 * nowhere else. Every method names the SLO the counts are for, for that reason.
 *
 * <p>History is kept at two resolutions: minutes for the evaluator's retention (the longest window
 * plus a margin, about a month), hourly sums for longer ({@code reports.retention}). What a report
 * may ask for depends on that: see {@link #kept()}.
 */
public interface ReportCounts {

  /**
   * Where the kept history starts: every minute from {@code minutesFrom}, hourly sums from
   * {@code hoursFrom}; before {@code hoursFrom} nothing is kept.
   */
  record Kept(Instant hoursFrom, Instant minutesFrom) {
    public Kept {
      if (minutesFrom.isBefore(hoursFrom)) {
        throw new IllegalArgumentException("minutes are kept no longer than hours, got minutes from " + minutesFrom
            + " and hours from " + hoursFrom);
      }
    }
  }

  Kept kept();

  /**
   * The series' counts in each range, in their order. Each range either starts at or after
   * {@link Kept#minutesFrom} or starts and ends on whole hours at or after {@link Kept#hoursFrom}.
   *
   * @throws IllegalArgumentException for a range the kept history cannot answer exactly
   */
  List<EventCounts> sums(SloName slo, SeriesKey series, List<TimeRange> ranges);

  /** The series' non-empty minutes in {@code range}, oldest first; the range starts at or after {@link Kept#minutesFrom}. */
  List<Bucket> minutes(SloName slo, SeriesKey series, TimeRange range);

  /** The series' non-empty hourly sums in {@code range} (whole hours, from {@link Kept#hoursFrom}), oldest first. */
  List<Bucket> hours(SloName slo, SeriesKey series, TimeRange range);
}

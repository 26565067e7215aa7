package dev.governor.slo;

import dev.governor.basics.Minutes;
import dev.governor.basics.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * The time window an SLO is measured over.
 *
 * <p>Windows are exact to the minute. Evaluated at an instant {@code at}, a window holds the minute
 * that contains {@code at} and reaches back from there: a rolling 5m window at 10:07:30 holds the
 * minutes 10:03 to 10:07, a calendar month holds every minute from the first of the month to now.
 */
public sealed interface SloWindow permits SloWindow.Rolling, SloWindow.Calendar {

  /** The minutes [start, end) this window holds when evaluated at {@code at}. */
  TimeRange rangeAt(Instant at);

  /**
   * The whole length of the window that holds {@code at}: a rolling window's duration, a calendar
   * period's full length (28 to 31 days for a month). Budgets and alert factors scale with it.
   */
  Duration lengthAt(Instant at);

  /** The longest this window can be; history must be kept at least this long. */
  Duration maxLength();

  /** A rolling window: always the last {@code length}. */
  record Rolling(Duration length) implements SloWindow {
    public Rolling {
      Minutes.requireWholeMinutes(length, "a rolling window");
    }

    @Override
    public TimeRange rangeAt(Instant at) {
      Instant end = Minutes.floor(at).plus(Minutes.ONE);
      return new TimeRange(end.minus(length), end);
    }

    @Override
    public Duration lengthAt(Instant at) {
      return length;
    }

    @Override
    public Duration maxLength() {
      return length;
    }
  }

  /**
   * A calendar-aligned window of {@code count} {@code unit}s in a time zone. With an anchor the
   * periods start at the anchor and repeat every {@code count} units; without one they start at
   * the natural boundary (Monday, the first of the month, of the quarter, of the year).
   */
  record Calendar(CalendarUnit unit, int count, ZoneId zone, Optional<Instant> anchor)
      implements SloWindow {
    public Calendar {
      if (count < 1) {
        throw new IllegalArgumentException("a calendar window needs a count of at least 1, got " + count);
      }
    }

    public Calendar(CalendarUnit unit, ZoneId zone) {
      this(unit, 1, zone, Optional.empty());
    }

    /** The start and end of the period that holds {@code at}. */
    public TimeRange periodAt(Instant at) {
      ZonedDateTime time = at.atZone(zone);
      ZonedDateTime start;
      if (anchor.isEmpty()) {
        start = unit.periodStart(time);
        if (count > 1) {
          // Natural boundaries with count > 1 (e.g. 2 weeks) are counted from the epoch's period.
          ZonedDateTime origin = unit.periodStart(Instant.EPOCH.atZone(zone));
          start = alignFrom(origin, time);
        }
      } else {
        start = alignFrom(anchor.get().atZone(zone), time);
      }
      ZonedDateTime end = unit.plus(start, count);
      return new TimeRange(start.toInstant(), end.toInstant());
    }

    private ZonedDateTime alignFrom(ZonedDateTime origin, ZonedDateTime time) {
      // Jump close with an estimate, then step: periods have uneven lengths (months, DST).
      long approxDays = Duration.between(origin, time).toDays();
      long daysPerPeriod = switch (unit) {
        case WEEK -> 7L * count;
        case MONTH -> 28L * count;
        case QUARTER -> 89L * count;
        case YEAR -> 365L * count;
      };
      long periods = Math.floorDiv(approxDays, daysPerPeriod);
      ZonedDateTime start = unit.plus(origin, periods * count);
      while (start.isAfter(time)) start = unit.plus(start, -count);
      while (!unit.plus(start, count).isAfter(time)) start = unit.plus(start, count);
      return start;
    }

    @Override
    public TimeRange rangeAt(Instant at) {
      Instant end = Minutes.floor(at).plus(Minutes.ONE);
      return new TimeRange(periodAt(at).start(), end);
    }

    @Override
    public Duration lengthAt(Instant at) {
      return periodAt(at).length();
    }

    @Override
    public Duration maxLength() {
      Duration one = switch (unit) {
        case WEEK -> Duration.ofDays(7);
        case MONTH -> Duration.ofDays(31);
        case QUARTER -> Duration.ofDays(92);
        case YEAR -> Duration.ofDays(366);
      };
      return one.multipliedBy(count).plusHours(1);
    }
  }
}

package dev.governor.slo;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;

/** The periods a calendar-aligned window can have. */
public enum CalendarUnit {
  WEEK, MONTH, QUARTER, YEAR;

  /** The start of the period that holds {@code time}, in {@code time}'s zone (weeks start on Monday). */
  ZonedDateTime periodStart(ZonedDateTime time) {
    ZonedDateTime day = time.truncatedTo(ChronoUnit.DAYS);
    return switch (this) {
      case WEEK -> day.minusDays(day.getDayOfWeek().getValue() - 1L);
      case MONTH -> day.withDayOfMonth(1);
      case QUARTER -> day.with(IsoFields.DAY_OF_QUARTER, 1);
      case YEAR -> day.withDayOfYear(1);
    };
  }

  ZonedDateTime plus(ZonedDateTime time, long count) {
    return switch (this) {
      case WEEK -> time.plusWeeks(count);
      case MONTH -> time.plusMonths(count);
      case QUARTER -> time.plusMonths(3 * count);
      case YEAR -> time.plusYears(count);
    };
  }
}

package dev.governor.oncall;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Locale;

/**
 * When a rotation layer has someone on call: every day between two wall-clock times, or every
 * week from a day and time to a day and time, in the schedule's zone. A layer with restrictions
 * covers only their union; the rest of each turn is a gap that earlier layers (or nobody) fill.
 * Both kinds may wrap: {@code 22:00-06:00} runs past midnight, {@code friday 18:00 - monday 08:00}
 * over the weekend.
 */
public sealed interface Restriction {

  /** "daily 09:00-17:00", "weekly friday 18:00 - monday 08:00". */
  String describe();

  /** From {@code from} to {@code to} every day; {@code to} before {@code from} ends the next day. */
  record Daily(LocalTime from, LocalTime to) implements Restriction {
    public Daily {
      if (from == null || to == null) throw new IllegalArgumentException("a daily restriction needs from and to");
      if (from.equals(to)) {
        throw new IllegalArgumentException("a daily restriction from " + from + " to " + to
            + " covers the whole day; leave the restriction out instead");
      }
    }

    @Override
    public String describe() {
      return "daily " + from + "-" + to;
    }
  }

  /**
   * From {@code fromDay fromTime} to the next {@code toDay toTime} after it, every week; the same
   * day with an earlier time wraps round the week.
   */
  record Weekly(DayOfWeek fromDay, LocalTime fromTime, DayOfWeek toDay, LocalTime toTime) implements Restriction {
    public Weekly {
      if (fromDay == null || fromTime == null || toDay == null || toTime == null) {
        throw new IllegalArgumentException("a weekly restriction needs a day and a time at both ends");
      }
      if (fromDay == toDay && fromTime.equals(toTime)) {
        throw new IllegalArgumentException("a weekly restriction from " + fromDay + " " + fromTime + " to the same"
            + " day and time covers the whole week; leave the restriction out instead");
      }
    }

    /** Whole days from the start's day to the end's day: 0 to 7. */
    long spanDays() {
      long days = Math.floorMod(toDay.getValue() - fromDay.getValue(), 7);
      return days == 0 && !toTime.isAfter(fromTime) ? 7 : days;
    }

    @Override
    public String describe() {
      return "weekly " + day(fromDay) + " " + fromTime + " - " + day(toDay) + " " + toTime;
    }

    private static String day(DayOfWeek day) {
      return day.name().toLowerCase(Locale.ROOT);
    }
  }
}

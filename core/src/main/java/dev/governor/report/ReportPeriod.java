package dev.governor.report;

import dev.governor.basics.TimeRange;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A calendar period a report covers, in a time zone: a month ({@code 2026-11}), an ISO week
 * ({@code 2026-W47}, Monday to Sunday) or a quarter ({@code 2026-Q4}). Its days start at local
 * midnight, so a day on which the clocks change lasts 23 or 25 hours, as people count it.
 */
public record ReportPeriod(Kind kind, int year, int number, ZoneId zone) {

  /** What a period is; {@code example} is how one is written. */
  public enum Kind {
    WEEK("2026-W47"), MONTH("2026-11"), QUARTER("2026-Q4");

    public final String example;

    Kind(String example) {
      this.example = example;
    }
  }

  private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
  private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");
  private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q(\\d)");

  /** The years a period may fall in: wide enough for any report, narrow enough for exact arithmetic. */
  static final int FIRST_YEAR = 1970;
  static final int LAST_YEAR = 9999;

  public ReportPeriod {
    if (year < FIRST_YEAR || year > LAST_YEAR) {
      throw new IllegalArgumentException("period: the year must lie in " + FIRST_YEAR + ".." + LAST_YEAR + ", got " + year);
    }
    int last = switch (kind) {
      case MONTH -> 12;
      case QUARTER -> 4;
      case WEEK -> (int) LocalDate.of(year, 7, 1).range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum();
    };
    if (number < 1 || number > last) {
      throw new IllegalArgumentException("period: " + kind.name().toLowerCase(Locale.ROOT) + " " + number
          + " does not exist in " + year + " (1.." + last + "); write it as " + kind.example);
    }
  }

  /**
   * Reads {@code 2026-11}, {@code 2026-W47} or {@code 2026-Q4}.
   *
   * @throws IllegalArgumentException naming the field and showing the three forms
   */
  public static ReportPeriod parse(String text, ZoneId zone) {
    String t = text == null ? "" : text.strip();
    Matcher m;
    if ((m = MONTH.matcher(t)).matches()) return new ReportPeriod(Kind.MONTH, year(m), Integer.parseInt(m.group(2)), zone);
    if ((m = WEEK.matcher(t)).matches()) return new ReportPeriod(Kind.WEEK, year(m), Integer.parseInt(m.group(2)), zone);
    if ((m = QUARTER.matcher(t)).matches()) return new ReportPeriod(Kind.QUARTER, year(m), Integer.parseInt(m.group(2)), zone);
    throw new IllegalArgumentException("period must be a month (2026-11), an ISO week (2026-W47) or a quarter"
        + " (2026-Q4), got '" + bounded(t) + "'");
  }

  /**
   * A time zone by its IANA name ({@code Europe/Berlin}) or {@code UTC}.
   *
   * @throws IllegalArgumentException naming the field and an example
   */
  public static ZoneId zone(String text) {
    String t = text == null ? "" : text.strip();
    try {
      if (t.isEmpty()) throw new IllegalArgumentException("empty");
      return ZoneId.of(t);
    } catch (java.time.DateTimeException | IllegalArgumentException e) {
      throw new IllegalArgumentException("zone must be an IANA time zone such as Europe/Berlin or UTC, got '"
          + bounded(t) + "'");
    }
  }

  /** The period of {@code kind} that holds {@code date}. */
  public static ReportPeriod containing(Kind kind, LocalDate date, ZoneId zone) {
    return switch (kind) {
      case MONTH -> new ReportPeriod(kind, date.getYear(), date.getMonthValue(), zone);
      case QUARTER -> new ReportPeriod(kind, date.getYear(), (date.getMonthValue() - 1) / 3 + 1, zone);
      case WEEK -> new ReportPeriod(kind, date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), zone);
    };
  }

  private static int year(Matcher m) {
    return Integer.parseInt(m.group(1));
  }

  private static String bounded(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }

  /** The first local day. */
  public LocalDate firstDay() {
    return switch (kind) {
      case MONTH -> LocalDate.of(year, number, 1);
      case QUARTER -> LocalDate.of(year, (number - 1) * 3 + 1, 1);
      case WEEK -> LocalDate.of(year, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, number)
          .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    };
  }

  /** The day after the last. */
  public LocalDate endDay() {
    LocalDate first = firstDay();
    return switch (kind) {
      case MONTH -> first.plusMonths(1);
      case QUARTER -> first.plusMonths(3);
      case WEEK -> first.plusWeeks(1);
    };
  }

  /** [first local midnight, the local midnight after the last day). */
  public TimeRange range() {
    return new TimeRange(firstDay().atStartOfDay(zone).toInstant(), endDay().atStartOfDay(zone).toInstant());
  }

  /** The period's days, each from its local midnight to the next one. */
  public List<Day> days() {
    List<Day> days = new ArrayList<>();
    for (LocalDate d = firstDay(); d.isBefore(endDay()); d = d.plusDays(1)) {
      days.add(new Day(d, new TimeRange(d.atStartOfDay(zone).toInstant(), d.plusDays(1).atStartOfDay(zone).toInstant())));
    }
    return days;
  }

  /** One local day and the instants it spans (23 or 25 hours when the clocks change). */
  public record Day(LocalDate date, TimeRange range) {}

  /** The period just before this one, of the same kind and zone. */
  public ReportPeriod previous() {
    return containing(kind, firstDay().minusDays(1), zone);
  }

  /** The period just after this one. */
  public ReportPeriod next() {
    return containing(kind, endDay(), zone);
  }

  /** How the period is written: {@code 2026-11}, {@code 2026-W47}, {@code 2026-Q4}. */
  public String key() {
    return switch (kind) {
      case MONTH -> String.format(Locale.ROOT, "%04d-%02d", year, number);
      case WEEK -> String.format(Locale.ROOT, "%04d-W%02d", year, number);
      case QUARTER -> String.format(Locale.ROOT, "%04d-Q%d", year, number);
    };
  }

  /** How a person reads it: "November 2026", "Week 47 of 2026", "Q4 2026". */
  public String title() {
    return switch (kind) {
      case MONTH -> firstDay().getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + year;
      case WEEK -> "Week " + number + " of " + year;
      case QUARTER -> "Q" + number + " " + year;
    };
  }

  @Override
  public String toString() {
    return key() + " " + zone.getId();
  }
}

package dev.governor.adjustment;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a budget adjustment repeats: the part of an iCalendar RRULE (RFC 5545) that maintenance
 * windows use, as Nobl9's adjustments take it: {@code FREQ=DAILY|WEEKLY|MONTHLY}, {@code INTERVAL},
 * {@code BYDAY} (weekly only), and at most one of {@code COUNT} or {@code UNTIL}. Occurrences repeat
 * in the adjustment's time zone, so a window at 02:00 stays at 02:00 local time across DST.
 *
 * @param until the last local date-time an occurrence may start at, inclusive
 */
public record Recurrence(Frequency frequency, int interval, Set<DayOfWeek> byDay, OptionalInt count,
    Optional<LocalDateTime> until) {

  public enum Frequency { DAILY, WEEKLY, MONTHLY }

  /** The most occurrences a COUNT may ask for: a daily window for a century. */
  public static final int MOST_OCCURRENCES = 36_600;

  public Recurrence {
    if (interval < 1 || interval > 1000) {
      throw new IllegalArgumentException("INTERVAL must be a whole number from 1 to 1000, got " + interval);
    }
    byDay = byDay.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(byDay));
    if (!byDay.isEmpty() && frequency != Frequency.WEEKLY) {
      throw new IllegalArgumentException("BYDAY is only for FREQ=WEEKLY (e.g. FREQ=WEEKLY;BYDAY=SA,SU)");
    }
    if (count.isPresent() && until.isPresent()) {
      throw new IllegalArgumentException("give COUNT or UNTIL, not both");
    }
    if (count.isPresent() && (count.getAsInt() < 1 || count.getAsInt() > MOST_OCCURRENCES)) {
      throw new IllegalArgumentException("COUNT must be from 1 to " + MOST_OCCURRENCES + ", got " + count.getAsInt());
    }
  }

  private static final Map<String, DayOfWeek> DAYS = Map.of("MO", DayOfWeek.MONDAY, "TU", DayOfWeek.TUESDAY,
      "WE", DayOfWeek.WEDNESDAY, "TH", DayOfWeek.THURSDAY, "FR", DayOfWeek.FRIDAY, "SA", DayOfWeek.SATURDAY,
      "SU", DayOfWeek.SUNDAY);

  /**
   * Reads an RRULE such as {@code FREQ=WEEKLY;BYDAY=SU} or {@code FREQ=DAILY;INTERVAL=2;COUNT=10};
   * an optional leading {@code RRULE:} is allowed.
   *
   * @throws IllegalArgumentException naming the part that is wrong and what it may be
   */
  public static Recurrence parse(String text) {
    String rule = text.strip();
    if (rule.regionMatches(true, 0, "RRULE:", 0, 6)) rule = rule.substring(6);
    Map<String, String> parts = new LinkedHashMap<>();
    for (String part : rule.split(";")) {
      if (part.isBlank()) continue;
      int eq = part.indexOf('=');
      if (eq <= 0) throw new IllegalArgumentException("each part of an RRULE is NAME=VALUE, got '" + part + "'");
      String name = part.substring(0, eq).strip().toUpperCase(Locale.ROOT);
      if (parts.put(name, part.substring(eq + 1).strip()) != null) {
        throw new IllegalArgumentException("RRULE gives " + name + " twice");
      }
    }
    for (String name : parts.keySet()) {
      if (!List.of("FREQ", "INTERVAL", "BYDAY", "COUNT", "UNTIL", "WKST").contains(name)) {
        throw new IllegalArgumentException("RRULE part " + name + " is not supported; use FREQ, INTERVAL, BYDAY,"
            + " COUNT or UNTIL");
      }
    }
    String freq = parts.get("FREQ");
    if (freq == null) throw new IllegalArgumentException("an RRULE needs FREQ=DAILY, WEEKLY or MONTHLY");
    Frequency frequency;
    try {
      frequency = Frequency.valueOf(freq.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("FREQ must be DAILY, WEEKLY or MONTHLY, got '" + freq + "'");
    }
    int interval = parts.containsKey("INTERVAL") ? whole("INTERVAL", parts.get("INTERVAL")) : 1;
    Set<DayOfWeek> byDay = EnumSet.noneOf(DayOfWeek.class);
    if (parts.containsKey("BYDAY")) {
      for (String day : parts.get("BYDAY").split(",")) {
        DayOfWeek d = DAYS.get(day.strip().toUpperCase(Locale.ROOT));
        if (d == null) {
          throw new IllegalArgumentException("BYDAY takes days as MO, TU, WE, TH, FR, SA, SU, got '" + day + "'");
        }
        byDay.add(d);
      }
    }
    OptionalInt count = parts.containsKey("COUNT") ? OptionalInt.of(whole("COUNT", parts.get("COUNT"))) : OptionalInt.empty();
    Optional<LocalDateTime> until = Optional.ofNullable(parts.get("UNTIL")).map(Recurrence::untilOf);
    return new Recurrence(frequency, interval, byDay, count, until);
  }

  private static int whole(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
    }
  }

  /** UNTIL as RFC 5545 writes it (20261231T235900, with or without Z) or as ISO (2026-12-31T23:59). */
  private static LocalDateTime untilOf(String value) {
    String v = value.endsWith("Z") || value.endsWith("z") ? value.substring(0, value.length() - 1) : value;
    try {
      if (v.matches("\\d{8}")) v = v + "T235959";
      if (v.matches("\\d{8}T\\d{6}")) {
        return LocalDateTime.of(Integer.parseInt(v.substring(0, 4)), Integer.parseInt(v.substring(4, 6)),
            Integer.parseInt(v.substring(6, 8)), Integer.parseInt(v.substring(9, 11)), Integer.parseInt(v.substring(11, 13)),
            Integer.parseInt(v.substring(13, 15)));
      }
      return LocalDateTime.parse(v);
    } catch (java.time.DateTimeException | NumberFormatException e) {
      throw new IllegalArgumentException("UNTIL must be a date-time such as 20261231T235900 (local time of the"
          + " adjustment's timeZone), got '" + value + "'");
    }
  }

  /** Back to RRULE text, in a fixed order: how it is shown and compared. */
  public String text() {
    List<String> parts = new ArrayList<>();
    parts.add("FREQ=" + frequency);
    if (interval != 1) parts.add("INTERVAL=" + interval);
    if (!byDay.isEmpty()) {
      parts.add("BYDAY=" + byDay.stream().sorted().map(d -> d.name().substring(0, 2)).collect(Collectors.joining(",")));
    }
    count.ifPresent(c -> parts.add("COUNT=" + c));
    until.ifPresent(u -> parts.add("UNTIL=" + u));
    return String.join(";", parts);
  }

  @Override
  public String toString() {
    return text();
  }
}

package dev.governor.ingest.openslo;

import dev.governor.slo.CalendarUnit;
import java.time.Duration;
import java.util.Optional;

/**
 * OpenSLO's duration shorthand: a whole number and a case-sensitive unit, {@code 30m}, {@code 2h},
 * {@code 28d}, {@code 4w}, {@code 1M}, {@code 1Q}, {@code 1Y}.
 *
 * <p>Minutes, hours, days and weeks have a fixed length and make rolling windows, slice lengths
 * and lookback windows. Weeks, months, quarters and years are calendar periods and make calendar
 * windows. Seconds are not part of the shorthand and Governor could not use them anyway: windows
 * are exact to the minute.
 */
public final class Durations {

  private Durations() {}

  /** The units of the shorthand. */
  public enum Unit {
    MINUTE('m'), HOUR('h'), DAY('d'), WEEK('w'), MONTH('M'), QUARTER('Q'), YEAR('Y');

    private final char symbol;

    Unit(char symbol) {
      this.symbol = symbol;
    }

    public char symbol() {
      return symbol;
    }

    static Optional<Unit> of(char symbol) {
      for (Unit u : values()) if (u.symbol == symbol) return Optional.of(u);
      return Optional.empty();
    }
  }

  /** A parsed shorthand: {@code count} {@code unit}s. */
  public record Shorthand(long count, Unit unit) {

    /** The fixed length of m, h, d and w; empty for months, quarters and years, whose length varies. */
    public Optional<Duration> fixedLength() {
      return switch (unit) {
        case MINUTE -> Optional.of(Duration.ofMinutes(count));
        case HOUR -> Optional.of(Duration.ofHours(count));
        case DAY -> Optional.of(Duration.ofDays(count));
        case WEEK -> Optional.of(Duration.ofDays(7 * count));
        case MONTH, QUARTER, YEAR -> Optional.empty();
      };
    }

    /** The calendar period of w, M, Q and Y; empty for m, h and d. */
    public Optional<CalendarUnit> calendarUnit() {
      return switch (unit) {
        case WEEK -> Optional.of(CalendarUnit.WEEK);
        case MONTH -> Optional.of(CalendarUnit.MONTH);
        case QUARTER -> Optional.of(CalendarUnit.QUARTER);
        case YEAR -> Optional.of(CalendarUnit.YEAR);
        case MINUTE, HOUR, DAY -> Optional.empty();
      };
    }

    @Override
    public String toString() {
      return count + String.valueOf(unit.symbol);
    }
  }

  // Ten years in minutes: beyond it no window is meant, and every unit stays far from overflow.
  private static final long MAX_MINUTES = 10L * 366 * 24 * 60;

  /**
   * Parses a shorthand such as {@code 28d}.
   *
   * @throws IllegalArgumentException with a message that says how to write it, naming the text
   */
  public static Shorthand parse(String text) {
    String t = text == null ? "" : text.strip();
    if (t.length() < 2) throw invalid(text, "");
    char symbol = t.charAt(t.length() - 1);
    String digits = t.substring(0, t.length() - 1);
    Optional<Unit> unit = Unit.of(symbol);
    if (unit.isEmpty()) {
      String why = switch (symbol) {
        case 's' -> "; seconds are not supported because windows are exact to the minute, use 1m or more";
        case 'D', 'H', 'W' -> "; units are case-sensitive: use " + Character.toLowerCase(symbol);
        case 'y', 'q' -> "; units are case-sensitive: use " + Character.toUpperCase(symbol);
        default -> "";
      };
      throw invalid(text, why);
    }
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalid(text, digits.contains(".") ? "; use a whole number of a smaller unit, e.g. 90m for 1.5h" : "");
    }
    if (digits.length() > 9) throw new IllegalArgumentException("duration '" + text + "' is too long");
    Shorthand shorthand = new Shorthand(Long.parseLong(digits), unit.get());
    long minutes = switch (shorthand.unit) {
      case MINUTE -> shorthand.count;
      case HOUR -> shorthand.count * 60;
      case DAY -> shorthand.count * 1440;
      case WEEK -> shorthand.count * 7 * 1440;
      case MONTH -> shorthand.count * 31 * 1440;
      case QUARTER -> shorthand.count * 92 * 1440;
      case YEAR -> shorthand.count * 366 * 1440;
    };
    if (minutes > MAX_MINUTES) {
      throw new IllegalArgumentException("duration '" + text + "' is longer than ten years");
    }
    return shorthand;
  }

  /**
   * A fixed length (m, h, d or w) of at least {@code 0m}; {@code what} names the field in messages.
   *
   * @throws IllegalArgumentException for M, Q, Y and anything unparsable
   */
  public static Duration parseFixed(String text, String what) {
    Shorthand s = parse(text);
    return s.fixedLength().orElseThrow(() -> new IllegalArgumentException(
        what + " needs a fixed length in m, h, d or w; " + s + " is a calendar period, e.g. use "
            + switch (s.unit) {
              case MONTH -> (s.count * 30) + "d";
              case QUARTER -> (s.count * 90) + "d";
              default -> (s.count * 365) + "d";
            }));
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException(
        "a duration is a whole number and a unit m, h, d, w, M, Q or Y, such as 30m, 28d or 1M; got '"
            + text + "'" + why);
  }
}

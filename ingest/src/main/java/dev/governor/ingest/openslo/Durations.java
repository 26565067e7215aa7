package dev.governor.ingest.openslo;

import dev.governor.slo.CalendarUnit;
import dev.governor.text.Quoted;
import java.time.Duration;
import java.util.Optional;

/**
 * OpenSLO's duration shorthand: a whole number and a case-sensitive unit, {@code 30m}, {@code 2h},
 * {@code 28d}, {@code 4w}, {@code 1M}, {@code 1Q}, {@code 1Y}, read on top of Governor's one
 * duration grammar ({@link dev.governor.text.Durations}), so that {@code 1h30m} and {@code PT2H}
 * work in a document as they do in the configuration, the API and the CLI.
 *
 * <p>Minutes, hours, days and weeks have a fixed length and make rolling windows, slice lengths
 * and lookback windows. Weeks, months, quarters and years are calendar periods and make calendar
 * windows. Lowercase {@code y} (365 days in the grammar) is refused here: in a document it is far
 * more likely a mistyped calendar year {@code 1Y}. Durations that are not whole minutes ({@code 30s})
 * are refused too: windows are exact to the minute.
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

  // A single unit as OpenSLO writes it; anything else is read by the one grammar.
  private static final java.util.regex.Pattern SINGLE_UNIT = java.util.regex.Pattern.compile("([0-9]+)([mhdwMQY])");
  private static final java.util.regex.Pattern CASE_SLIP = java.util.regex.Pattern.compile("[0-9]+([yq])");

  /**
   * Parses a shorthand such as {@code 28d}, or a fixed length in Governor's duration grammar, such as
   * {@code 1h30m} (read as 90 minutes).
   *
   * @throws IllegalArgumentException with a message that says how to write it, naming the text
   */
  public static Shorthand parse(String text) {
    String t = text == null ? "" : text.strip();
    java.util.regex.Matcher single = SINGLE_UNIT.matcher(t);
    Shorthand shorthand;
    if (single.matches()) {
      if (single.group(1).length() > 9) throw tooLong(text);
      shorthand = new Shorthand(Long.parseLong(single.group(1)), Unit.of(single.group(2).charAt(0)).orElseThrow());
    } else {
      java.util.regex.Matcher slip = CASE_SLIP.matcher(t);
      if (slip.matches()) {
        throw invalid(text, "; units are case-sensitive: use " + slip.group(1).toUpperCase(java.util.Locale.ROOT)
            + (slip.group(1).equals("y") ? " for a calendar year, or 365d for a fixed length" : ""));
      }
      Duration d;
      try {
        d = dev.governor.text.Durations.parse(t);
      } catch (dev.governor.text.Durations.Invalid e) {
        throw invalid(text, e.hint());
      }
      if (d.toMillis() % 60_000 != 0) {
        throw invalid(text, "; seconds are not supported because windows are exact to the minute, use 1m or more");
      }
      if (d.toMinutes() > MAX_MINUTES) throw tooLong(text);
      long minutes = d.toMinutes();
      shorthand = minutes != 0 && minutes % 1440 == 0 ? new Shorthand(minutes / 1440, Unit.DAY)
          : minutes != 0 && minutes % 60 == 0 ? new Shorthand(minutes / 60, Unit.HOUR)
          : new Shorthand(minutes, Unit.MINUTE);
    }
    long minutes = switch (shorthand.unit) {
      case MINUTE -> shorthand.count;
      case HOUR -> shorthand.count * 60;
      case DAY -> shorthand.count * 1440;
      case WEEK -> shorthand.count * 7 * 1440;
      case MONTH -> shorthand.count * 31 * 1440;
      case QUARTER -> shorthand.count * 92 * 1440;
      case YEAR -> shorthand.count * 366 * 1440;
    };
    if (minutes > MAX_MINUTES) throw tooLong(text);
    return shorthand;
  }

  private static IllegalArgumentException tooLong(String text) {
    return new IllegalArgumentException("duration " + Quoted.string(text) + " is longer than ten years");
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
        "a duration is a whole number and a unit m, h, d, w, M, Q or Y, such as 30m, 28d or 1M, or a fixed length"
            + " in several units such as 1h30m; got " + Quoted.string(text) + why);
  }
}

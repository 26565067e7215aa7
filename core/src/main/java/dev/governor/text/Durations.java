package dev.governor.text;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The one duration grammar of Governor: the configuration file, the API bodies and parameters, the
 * CLI options, the PromQL connection and the documents all read durations here, and print them here.
 *
 * <p>The grammar is Prometheus's, because it is what the people who write SLOs already type (Sloth
 * specs, Prometheus rules, OpenSLO's {@code 28d}): whole numbers, each followed by a unit, the units
 * from largest to smallest and each at most once: {@code 500ms}, {@code 90s}, {@code 5m},
 * {@code 1h30m}, {@code 28d}, {@code 2w}, {@code 1y}. The units are case-sensitive:
 *
 * <table>
 *   <caption>units</caption>
 *   <tr><td>{@code ms}</td><td>millisecond</td></tr>
 *   <tr><td>{@code s}</td><td>second</td></tr>
 *   <tr><td>{@code m}</td><td>minute</td></tr>
 *   <tr><td>{@code h}</td><td>hour</td></tr>
 *   <tr><td>{@code d}</td><td>day, always 24 hours</td></tr>
 *   <tr><td>{@code w}</td><td>week, 7 days</td></tr>
 *   <tr><td>{@code y}</td><td>year, 365 days, as Prometheus counts it</td></tr>
 * </table>
 *
 * <p>{@code 0} alone is zero, as in Prometheus. An ISO-8601 duration ({@code PT5M}, {@code P1DT2H})
 * is accepted too, whole milliseconds and not negative: the configuration, the API and the CLI took
 * it before this grammar was the only one, so files and scripts written then keep working, and it is
 * how Java prints a {@link Duration}. It is never printed. Calendar periods whose length varies (a
 * month, a quarter) are not durations; OpenSLO's calendar windows read them on top of this grammar.
 *
 * <p>Durations are at most {@link #MAX} long (about 292 years, what a {@code long} of nanoseconds
 * holds, as in Prometheus), so that no caller overflows converting one.
 *
 * <p>Errors are {@link IllegalArgumentException}s that quote the text, bounded by {@link Quoted}, name
 * the field when the caller gives it, and say how to write a duration.
 */
public final class Durations {

  /** The longest duration: {@code Long.MAX_VALUE} nanoseconds, cut to whole milliseconds. */
  public static final Duration MAX = Duration.ofMillis(Long.MAX_VALUE / 1_000_000);

  /** How a duration is written, for messages that describe a field. */
  public static final String FORM =
      "a duration such as 90s, 5m, 1h30m or 28d (units ms, s, m, h, d, w, y, largest first)";

  private enum Unit {
    YEAR("y", 365L * 86_400_000), WEEK("w", 7L * 86_400_000), DAY("d", 86_400_000), HOUR("h", 3_600_000),
    MINUTE("m", 60_000), SECOND("s", 1_000), MILLISECOND("ms", 1);

    final String symbol;
    final long millis;

    Unit(String symbol, long millis) {
      this.symbol = symbol;
      this.millis = millis;
    }

    static Unit of(String symbol) {
      for (Unit u : values()) if (u.symbol.equals(symbol)) return u;
      return null;
    }
  }

  private Durations() {}

  /**
   * Reads {@code text} (surrounding blanks ignored).
   *
   * @throws Invalid naming the text and the accepted form
   */
  public static Duration parse(String text) {
    return parse(text, null);
  }

  /**
   * Reads {@code text} (surrounding blanks ignored); {@code field} (a config key, a JSON field, an
   * option) starts the message of a refusal.
   *
   * @throws Invalid naming the field, the text and the accepted form
   */
  public static Duration parse(String text, String field) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) throw invalid(field, text, "");
    if (t.equals("0")) return Duration.ZERO;
    char first = t.charAt(0);
    if (first == 'P' || first == 'p' || ((first == '-' || first == '+') && t.length() > 1
        && (t.charAt(1) == 'P' || t.charAt(1) == 'p'))) {
      return iso(t, field, text);
    }
    long total = 0;
    Unit previous = null;
    int i = 0;
    while (i < t.length()) {
      int digits = i;
      while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') i++;
      if (i == digits) {
        throw invalid(field, text, t.charAt(i) == '-' ? "; a duration is never negative" : "");
      }
      String number = t.substring(digits, i);
      int letters = i;
      while (i < t.length() && Character.isLetter(t.charAt(i))) i++;
      String symbol = t.substring(letters, i);
      if (symbol.isEmpty()) {
        if (letters < t.length() && (t.charAt(letters) == '.' || t.charAt(letters) == ',')) {
          throw invalid(field, text, "; use a whole number of a smaller unit, e.g. 90m for 1.5h");
        }
        String example = number.length() <= 9 ? number : "30";
        throw invalid(field, text, letters == t.length() ? "; a number needs a unit, e.g. " + example + "s" : "");
      }
      Unit unit = Unit.of(symbol);
      if (unit == null) throw invalid(field, text, unknownUnit(symbol));
      if (previous != null && unit.ordinal() <= previous.ordinal()) {
        throw invalid(field, text, "; write each unit once, from the largest to the smallest, e.g. 1h30m");
      }
      previous = unit;
      try {
        total = Math.addExact(total, Math.multiplyExact(Long.parseLong(number), unit.millis));
      } catch (ArithmeticException | NumberFormatException e) {
        throw tooLong(field, text);
      }
    }
    if (total > MAX.toMillis()) throw tooLong(field, text);
    return Duration.ofMillis(total);
  }

  private static Duration iso(String t, String field, String text) {
    Duration d;
    try {
      d = Duration.parse(t);
    } catch (DateTimeParseException e) {
      throw invalid(field, text, "; an ISO-8601 duration reads like PT5M or P1DT2H");
    }
    if (d.isNegative()) throw invalid(field, text, "; a duration is never negative");
    if (d.getNano() % 1_000_000 != 0) throw invalid(field, text, "; a millisecond is the smallest unit");
    if (d.compareTo(MAX) > 0) throw tooLong(field, text);
    return d;
  }

  private static String unknownUnit(String symbol) {
    return switch (symbol) {
      case "D", "H", "S", "W", "MS", "Ms", "mS" -> "; units are lower case: use " + symbol.toLowerCase(java.util.Locale.ROOT);
      case "M", "Q", "mo", "Y" -> "; months and quarters vary in length, so they are no duration: use days, e.g. 30d or 90d";
      case "min", "mins", "minute", "minutes" -> "; write minutes as m, e.g. 5m";
      case "sec", "secs", "second", "seconds" -> "; write seconds as s, e.g. 30s";
      case "hr", "hrs", "hour", "hours" -> "; write hours as h, e.g. 2h";
      case "day", "days" -> "; write days as d, e.g. 7d";
      case "us", "µs", "ns" -> "; a millisecond is the smallest unit";
      default -> "";
    };
  }

  private static Invalid invalid(String field, String text, String hint) {
    return new Invalid(field, text, hint);
  }

  private static Invalid tooLong(String field, String text) {
    return invalid(field, text, "; that is longer than " + MAX.toDays() / 365 + " years, the longest duration Governor handles");
  }

  /**
   * A refusal of {@link #parse}. Its {@link #hint()} lets a reader with a wider grammar on top (OpenSLO's
   * calendar periods) describe its own form and still say what was wrong with the text.
   */
  public static final class Invalid extends IllegalArgumentException {

    private final String hint;

    Invalid(String field, String text, String hint) {
      super((field == null ? "expected " : field + " must be ") + FORM + ", got " + Quoted.string(text) + hint);
      this.hint = hint;
    }

    /** What was wrong beyond the form, such as {@code "; units are lower case: use d"}; may be empty. */
    public String hint() {
      return hint;
    }
  }

  /**
   * The text form that {@link #parse} reads back: the units from days down to milliseconds, each
   * when it is not zero, such as {@code 28d}, {@code 1d12h}, {@code 1h30m}, {@code 1500ms} → {@code
   * 1s500ms}; zero is {@code 0s}. Days, not weeks or years, because SLO windows are spoken of in
   * days (28d, 30d, 90d). Below a millisecond is dropped: nothing Governor reads can express it.
   *
   * @throws IllegalArgumentException for a negative duration
   */
  public static String format(Duration d) {
    return format(d, false);
  }

  /**
   * The text form Prometheus itself prints ({@code model.Duration.String()}): as {@link #format},
   * but with years and weeks when they divide the whole duration ({@code 4w} for 28 days, {@code
   * 90d} and not {@code 12w6d}). Rule and label names written for Prometheus use it, so that they
   * match Sloth's and what Prometheus shows for the same rule.
   *
   * @throws IllegalArgumentException for a negative duration
   */
  public static String formatForPrometheus(Duration d) {
    return format(d, true);
  }

  private static String format(Duration d, boolean prometheus) {
    if (d.isNegative()) throw new IllegalArgumentException("a duration is never negative, got " + d);
    long ms = d.toMillis();
    if (ms == 0) return "0s";
    StringBuilder out = new StringBuilder();
    for (Unit unit : Unit.values()) {
      boolean exactOnly = unit == Unit.YEAR || unit == Unit.WEEK;
      if (exactOnly && (!prometheus || ms % unit.millis != 0)) continue;
      long count = ms / unit.millis;
      if (count > 0) {
        out.append(count).append(unit.symbol);
        ms -= count * unit.millis;
      }
    }
    return out.toString();
  }
}

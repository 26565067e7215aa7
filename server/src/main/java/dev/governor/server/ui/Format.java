package dev.governor.server.ui;

import dev.governor.slo.Ratio;
import dev.governor.slo.SloWindow;
import dev.governor.basics.Threshold;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Numbers and times the way the pages show them; the browser turns times into its own zone. */
final class Format {

  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Format() {}

  /** 99.9 %, exact, from the target's decimal text. */
  static String target(Ratio target) {
    return new BigDecimal(target.toDecimalString()).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
  }

  /**
   * Two more decimals than the target has, rounded down: 99.995 % against 99.9 % must not read
   * "100.00 %", and only a perfect record shows 100 %.
   */
  static String attainment(double attainment, Ratio target) {
    int decimals = Math.max(1, Math.min(4,
        new BigDecimal(target.toDecimalString()).movePointRight(2).stripTrailingZeros().scale() + 2));
    return new BigDecimal(100 * attainment).setScale(decimals, RoundingMode.DOWN).toPlainString() + "%";
  }

  static String percent(double share) {
    if (!Double.isFinite(share)) return "–";
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  static String burnRate(double rate) {
    if (!Double.isFinite(rate)) return "–";
    return String.format(Locale.ROOT, rate >= 10 ? "%.1f×" : "%.2f×", rate);
  }

  /** 14.4×, 0.93×: an alert threshold, at most two decimals. */
  static String factor(double factor) {
    return new BigDecimal(factor).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "×";
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A sum of slice ratios, cut (not rounded) to two decimals, so 11.999 never reads as 12. */
  static String slices(BigDecimal n) {
    return String.format(Locale.ROOT, "%,.2f", n.setScale(2, RoundingMode.DOWN));
  }

  /** The UTC text a page shows until its script rewrites it in the browser's zone. */
  static String utc(Instant instant) {
    return UTC.format(instant);
  }

  /** 5m, 1h30m, 28d: the text form the API and the documents use. */
  static String duration(Duration d) {
    return dev.governor.text.Durations.format(d);
  }

  /** "3h 20m", "2d 4h": how long something lasted. */
  static String elapsed(Duration d) {
    long minutes = Math.max(0, d.toMinutes());
    if (minutes < 1) return "<1m";
    if (minutes < 60) return minutes + "m";
    if (minutes < 1440) return minutes / 60 + "h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + "m");
    return minutes / 1440 + "d" + (minutes % 1440 / 60 == 0 ? "" : " " + minutes % 1440 / 60 + "h");
  }

  /** "28 days rolling", "calendar month (Europe/Berlin)". */
  static String window(SloWindow window) {
    return switch (window) {
      case SloWindow.Rolling r -> duration(r.length()) + " rolling";
      case SloWindow.Calendar c -> (c.count() == 1 ? "calendar " : c.count() + " calendar ")
          + c.unit().name().toLowerCase(Locale.ROOT) + (c.count() == 1 ? "" : "s") + " (" + c.zone().getId() + ")";
    };
  }

  static String threshold(Threshold t) {
    String op = switch (t.op()) {
      case LT -> "<";
      case LTE -> "≤";
      case GT -> ">";
      case GTE -> "≥";
    };
    return op + " " + t.value().toPlainString();
  }
}

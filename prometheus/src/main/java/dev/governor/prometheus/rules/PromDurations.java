package dev.governor.prometheus.rules;

import java.time.Duration;

/** Durations as Prometheus writes them, so names and labels match Sloth's: 30d, 4w (not 28d), 1d12h. */
final class PromDurations {

  private PromDurations() {}

  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms <= 0) throw new IllegalArgumentException("a Prometheus duration must be positive, got " + d);
    StringBuilder out = new StringBuilder();
    // Years and weeks only when they divide exactly (90d reads better than 12w6d), as Prometheus does.
    ms = unit(out, ms, 365L * 86_400_000, "y", true);
    ms = unit(out, ms, 7L * 86_400_000, "w", true);
    ms = unit(out, ms, 86_400_000, "d", false);
    ms = unit(out, ms, 3_600_000, "h", false);
    ms = unit(out, ms, 60_000, "m", false);
    ms = unit(out, ms, 1_000, "s", false);
    unit(out, ms, 1, "ms", false);
    return out.toString();
  }

  private static long unit(StringBuilder out, long ms, long size, String name, boolean exactOnly) {
    if (exactOnly && ms % size != 0) return ms;
    long count = ms / size;
    if (count > 0) {
      out.append(count).append(name);
      ms -= count * size;
    }
    return ms;
  }
}

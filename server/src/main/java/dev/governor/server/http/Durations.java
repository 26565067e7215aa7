package dev.governor.server.http;

import java.time.Duration;

/** Durations as the API writes them: "5m", "1h", "28d", the way SRE documents and OpenSLO do. */
public final class Durations {

  private Durations() {}

  public static String format(Duration d) {
    if (d.isZero()) return "0s";
    if (d.toMillis() % 86_400_000 == 0) return d.toDays() + "d";
    if (d.toMillis() % 3_600_000 == 0) return d.toHours() + "h";
    if (d.toMillis() % 60_000 == 0) return d.toMinutes() + "m";
    if (d.toMillis() % 1_000 == 0) return d.toSeconds() + "s";
    return d.toMillis() + "ms";
  }
}

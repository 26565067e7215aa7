package dev.governor.basics;

import java.time.Duration;
import java.time.Instant;

/** Minute arithmetic shared by windows, buckets and the evaluator: everything is exact to the minute. */
public final class Minutes {

  public static final Duration ONE = Duration.ofMinutes(1);

  /** Later than any minute a store holds: the end of a read that must reach every minute ahead. */
  public static final Instant LAST = Instant.parse("9999-12-31T23:59:00Z");

  private Minutes() {}

  /**
   * The start of the minute that holds {@code instant}; {@code instant} itself when it is one.
   * (Arithmetic on the epoch second: every event, bucket and window move asks, and
   * {@code truncatedTo} goes through a generic unit's duration each time.)
   */
  public static Instant floor(Instant instant) {
    long seconds = instant.getEpochSecond();
    long start = Math.floorDiv(seconds, 60) * 60;
    return start == seconds && instant.getNano() == 0 ? instant : Instant.ofEpochSecond(start);
  }

  /** Whether {@code instant} starts a minute. */
  public static boolean isStart(Instant instant) {
    return instant.getNano() == 0 && Math.floorMod(instant.getEpochSecond(), 60) == 0;
  }

  /** The first minute boundary at or after {@code instant}: itself when it is one. */
  public static Instant ceil(Instant instant) {
    Instant floor = floor(instant);
    return floor.equals(instant) ? floor : floor.plus(ONE);
  }

  /** The start of the slice of length {@code slice} (aligned to the epoch) that holds {@code instant}. */
  public static Instant floor(Instant instant, Duration slice) {
    long sliceMillis = slice.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(instant.toEpochMilli(), sliceMillis) * sliceMillis);
  }

  public static boolean isWholeMinutes(Duration duration) {
    return !duration.isNegative() && !duration.isZero() && duration.toMillis() % 60_000 == 0;
  }

  public static Duration requireWholeMinutes(Duration duration, String what) {
    if (!isWholeMinutes(duration)) {
      throw new IllegalArgumentException(what + " must be a positive whole number of minutes, got " + duration);
    }
    return duration;
  }
}

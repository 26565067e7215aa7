package dev.governor.incident;

import java.time.Instant;

/**
 * The instants an incident, alert or silence may carry: the years RFC 3339 can write (0001 to
 * 9999). {@code Instant} itself reaches a billion years, past what the stores' epoch milliseconds
 * hold, so a time a sender wrote as {@code +999999999-12-31T23:59:59Z} must be refused where it is
 * read, as bad input, not overflow in the store as a bug.
 */
public final class Instants {

  public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  private Instants() {}

  public static boolean inRange(Instant instant) {
    return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
  }
}

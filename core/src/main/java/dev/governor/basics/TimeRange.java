package dev.governor.basics;

import java.time.Duration;
import java.time.Instant;

/** A half-open range of time [start, end). */
public record TimeRange(Instant start, Instant end) {

  public TimeRange {
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("a time range ends before it starts: " + start + " .. " + end);
    }
  }

  public Duration length() {
    return Duration.between(start, end);
  }

  public boolean contains(Instant instant) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}

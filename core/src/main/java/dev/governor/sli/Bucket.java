package dev.governor.sli;

import dev.governor.basics.EventCounts;
import java.time.Instant;

/** The good/total counts of one series in the minute that starts at {@code minute}. */
public record Bucket(Instant minute, EventCounts counts) {

  /**
   * The most events one bucket may hold: 10^12, sixteen billion a second for the whole minute.
   * Buckets are summed in {@code long}s over windows of at most ten years of minutes
   * (5.3 x 10^6); at this cap no such sum can pass 2^63-1, so the evaluator refuses, at
   * admission, every event that would take a bucket past it, and no later sum has to check.
   */
  public static final long MAX_TOTAL = 1_000_000_000_000L;
}

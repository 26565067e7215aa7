package dev.governor.sli;

import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import java.time.Instant;

/** Counts to add to the bucket of one series at one minute. */
public record BucketIncrement(SeriesKey series, Instant minute, EventCounts counts) {
  public BucketIncrement {
    if (!Minutes.isStart(minute)) {
      throw new IllegalArgumentException("a bucket starts on a whole minute, got " + minute);
    }
  }
}

package dev.governor.slo;

import java.time.Duration;

/**
 * How long ingests have waited for the sums: for shard intakes that a tick, a fill of recent
 * minutes or a load held exclusive (and, on a shard with a timeslice objective, whose ingests take
 * its intake exclusive too, for each other). A batch that found every intake free is not counted.
 * This is the wait the engine promises to keep short (a tick holds a shard only to subtract its
 * leaving minutes in memory); a batch's latency also holds its commit and the machine's other work.
 *
 * @param batches the batches that waited at all
 * @param total their waits together
 * @param longest the longest of them
 */
public record IntakeWaits(long batches, Duration total, Duration longest) {

  /** Counts the waits, one call per batch that waited; safe for concurrent ingests. */
  static final class Recorder {
    private long batches;
    private long totalNanos;
    private long longestNanos;

    synchronized void waited(long nanos) {
      batches++;
      totalNanos += nanos;
      longestNanos = Math.max(longestNanos, nanos);
    }

    /** The waits since the last call. */
    synchronized IntakeWaits takeAndReset() {
      IntakeWaits so = new IntakeWaits(batches, Duration.ofNanos(totalNanos), Duration.ofNanos(longestNanos));
      batches = 0;
      totalNanos = 0;
      longestNanos = 0;
      return so;
    }
  }
}

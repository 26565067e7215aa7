package dev.governor.slo;

import java.time.Duration;

/**
 * How long ingests have waited for the sums: for shard intakes that a tick, a fill of recent
 * minutes or a load held exclusive (and, on a shard with a timeslice objective, whose ingests take
 * its intake exclusive too, for each other). A batch that found every intake free is not counted.
 * This is the wait the engine promises to keep short (a tick holds a shard only to subtract its
 * leaving minutes in memory); a batch's latency also holds its commit and the machine's other work.
 * The longest exclusive hold says which holder a long wait can have been for; a wait longer than
 * every hold was spent queueing, or in a collector pause.
 *
 * @param batches the batches that waited at all
 * @param total their waits together
 * @param longest the longest of them
 * @param longestHold the longest a tick, a fill, a rebuild or a load held one shard's intake exclusive
 * @param longestHolder what held it, or "nothing" when nothing did
 */
public record IntakeWaits(long batches, Duration total, Duration longest, Duration longestHold, String longestHolder) {

  /**
   * The waits since the engine started, for {@code /metrics}: counters only grow, so every scraper
   * sees the same, where {@link Recorder#takeAndReset} serves one reader.
   *
   * @param batches the batches that waited at all
   * @param total their waits together
   */
  public record Totals(long batches, Duration total) {}

  /** Counts the waits, one call per batch that waited, and the exclusive holds; safe for concurrent callers. */
  static final class Recorder {
    private long batches;
    private long totalNanos;
    private long longestNanos;
    private long longestHoldNanos;
    private String longestHolder = "nothing";
    private long batchesEver;
    private long nanosEver;

    synchronized void waited(long nanos) {
      batches++;
      totalNanos += nanos;
      longestNanos = Math.max(longestNanos, nanos);
      batchesEver++;
      nanosEver += nanos;
    }

    synchronized Totals totals() {
      return new Totals(batchesEver, Duration.ofNanos(nanosEver));
    }

    synchronized void held(long nanos, String holder) {
      if (nanos <= longestHoldNanos) return;
      longestHoldNanos = nanos;
      longestHolder = holder;
    }

    /** The waits and holds since the last call. */
    synchronized IntakeWaits takeAndReset() {
      IntakeWaits so = new IntakeWaits(batches, Duration.ofNanos(totalNanos), Duration.ofNanos(longestNanos),
          Duration.ofNanos(longestHoldNanos), longestHolder);
      batches = 0;
      totalNanos = 0;
      longestNanos = 0;
      longestHoldNanos = 0;
      longestHolder = "nothing";
      return so;
    }
  }
}

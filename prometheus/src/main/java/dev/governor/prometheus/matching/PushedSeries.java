package dev.governor.prometheus.matching;

import java.util.List;

/**
 * One series as a receiver decoded it: its labels (metric name as {@code __name__}), whether its
 * values are running totals or per-interval increments, and its samples in the order received.
 */
public record PushedSeries(Labels labels, Temporality temporality, List<Sample> samples) {

  public PushedSeries {
    samples = List.copyOf(samples);
  }

  public enum Temporality {
    /** A counter: each value is the total since the counter (re)started. Remote-write series are all read so. */
    CUMULATIVE,
    /** Each value is the increase since the previous point (OTLP delta sums). */
    DELTA
  }

  /**
   * @param startMillis when a cumulative counter started counting (OTLP's start time), 0 when
   *     unknown; a later start than before means the counter was reset
   */
  public record Sample(long timestampMillis, double value, long startMillis) {
    public Sample(long timestampMillis, double value) {
      this(timestampMillis, value, 0);
    }
  }
}

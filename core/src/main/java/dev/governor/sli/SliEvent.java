package dev.governor.sli;

import dev.governor.slo.EventCounts;
import dev.governor.slo.SliName;
import java.math.BigDecimal;
import java.time.Instant;

/** One reading pushed to Governor for an SLI: counts for a ratio SLI, a measured value for a threshold SLI. */
public sealed interface SliEvent permits SliEvent.Counts, SliEvent.Value {

  SliName sli();

  Instant time();

  /** good/total events observed at {@code time} (a bad count is converted by the decoder). */
  record Counts(SliName sli, Instant time, EventCounts counts) implements SliEvent {}

  /** {@code count} measurements of {@code value} at {@code time}, e.g. one request that took 0.21 s. */
  record Value(SliName sli, Instant time, BigDecimal value, long count) implements SliEvent {
    public Value {
      if (count < 1) {
        throw new IllegalArgumentException("a value event counts at least 1 measurement, got " + count);
      }
    }
  }
}

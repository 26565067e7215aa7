package dev.governor.sli;

import dev.governor.basics.EventCounts;
import dev.governor.basics.SliName;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * One reading pushed to Governor for an SLI: counts for a ratio SLI, a measured value for a
 * threshold SLI. {@code version}, when given, is the version of the service that served the
 * events; it feeds the per-version series that canary verification compares (see
 * {@link SeriesKey}), on top of the SLI's own series. {@code labels} say which instance of a
 * grouped SLO the events belong to (an SLO with {@code groupBy: [endpoint]} reads
 * {@code labels.endpoint}); SLOs that do not group ignore them.
 */
public sealed interface SliEvent permits SliEvent.Counts, SliEvent.Value {

  SliName sli();

  Instant time();

  Optional<String> version();

  /** The labels of the events, for grouped SLOs; empty for most. */
  java.util.Map<String, String> labels();

  /** good/total events observed at {@code time} (a bad count is converted by the decoder). */
  record Counts(SliName sli, Instant time, EventCounts counts, Optional<String> version,
      java.util.Map<String, String> labels) implements SliEvent {
    public Counts {
      version.ifPresent(SeriesKey::checkVersion);
      labels = java.util.Map.copyOf(labels);
    }

    public Counts(SliName sli, Instant time, EventCounts counts, Optional<String> version) {
      this(sli, time, counts, version, java.util.Map.of());
    }

    public Counts(SliName sli, Instant time, EventCounts counts) {
      this(sli, time, counts, Optional.empty(), java.util.Map.of());
    }
  }

  /** {@code count} measurements of {@code value} at {@code time}, e.g. one request that took 0.21 s. */
  record Value(SliName sli, Instant time, BigDecimal value, long count, Optional<String> version,
      java.util.Map<String, String> labels) implements SliEvent {
    public Value {
      if (count < 1) {
        throw new IllegalArgumentException("a value event counts at least 1 measurement, got " + count);
      }
      version.ifPresent(SeriesKey::checkVersion);
      labels = java.util.Map.copyOf(labels);
    }

    public Value(SliName sli, Instant time, BigDecimal value, long count, Optional<String> version) {
      this(sli, time, value, count, version, java.util.Map.of());
    }

    public Value(SliName sli, Instant time, BigDecimal value, long count) {
      this(sli, time, value, count, Optional.empty(), java.util.Map.of());
    }
  }
}

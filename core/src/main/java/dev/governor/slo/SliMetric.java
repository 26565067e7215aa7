package dev.governor.slo;

import java.util.Optional;

/** What an SLI measures: a ratio of events or a value compared against thresholds. */
public sealed interface SliMetric permits SliMetric.RatioMetric, SliMetric.ThresholdMetric {

  /** Every source this metric reads, for adapters to find theirs. */
  java.util.List<MetricSource> sources();

  /**
   * A ratio of events: good/total, bad/total, or a raw ratio measured elsewhere ({@code raw} with
   * {@code rawType} success or failure). {@code counter} says whether the sources are cumulative
   * counters, which matters only to pull adapters.
   */
  record RatioMetric(
      boolean counter,
      Optional<MetricSource> good,
      Optional<MetricSource> bad,
      Optional<MetricSource> total,
      Optional<MetricSource> raw,
      Optional<RawType> rawType)
      implements SliMetric {

    public RatioMetric {
      boolean events = total.isPresent() && (good.isPresent() ^ bad.isPresent()) && raw.isEmpty();
      boolean rawRatio = raw.isPresent() && rawType.isPresent()
          && good.isEmpty() && bad.isEmpty() && total.isEmpty();
      if (!events && !rawRatio) {
        throw new IllegalArgumentException(
            "a ratio metric needs total with exactly one of good or bad, or raw with rawType");
      }
    }

    @Override
    public java.util.List<MetricSource> sources() {
      return java.util.stream.Stream.of(good, bad, total, raw)
          .flatMap(Optional::stream)
          .toList();
    }
  }

  /** A measured value (a latency, a queue age) that each objective compares with its threshold. */
  record ThresholdMetric(MetricSource source) implements SliMetric {
    @Override
    public java.util.List<MetricSource> sources() {
      return java.util.List.of(source);
    }
  }

  enum RawType {
    SUCCESS, FAILURE
  }
}

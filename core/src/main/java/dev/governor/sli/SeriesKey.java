package dev.governor.sli;

import dev.governor.slo.SliName;
import dev.governor.slo.Threshold;
import java.util.Optional;

/**
 * Names one series of per-minute good/total counts. A ratio SLI has one series; a threshold SLI has
 * one per distinct threshold its objectives use, because "good" depends on the threshold.
 */
public record SeriesKey(SliName sli, Optional<Threshold> threshold) implements Comparable<SeriesKey> {

  public static SeriesKey of(SliName sli) {
    return new SeriesKey(sli, Optional.empty());
  }

  /** A stable text id for storage: "checkout-availability" or "checkout-latency|lt 0.3". */
  public String id() {
    return threshold.map(t -> sli.value() + "|" + t.key()).orElse(sli.value());
  }

  public static SeriesKey parse(String id) {
    int bar = id.indexOf('|');
    if (bar < 0) return of(new SliName(id));
    String[] opAndValue = id.substring(bar + 1).split(" ", 2);
    if (opAndValue.length != 2) throw new IllegalArgumentException("not a series id: '" + id + "'");
    return new SeriesKey(
        new SliName(id.substring(0, bar)),
        Optional.of(new Threshold(
            dev.governor.slo.Operator.parse(opAndValue[0]), new java.math.BigDecimal(opAndValue[1]))));
  }

  @Override
  public int compareTo(SeriesKey other) {
    return id().compareTo(other.id());
  }

  @Override
  public String toString() {
    return id();
  }
}

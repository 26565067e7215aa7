package dev.governor.capacity;

import dev.governor.basics.Names;
import dev.governor.basics.SliName;
import java.time.Duration;

/**
 * A series whose growth Governor forecasts against a limit: an SLI's traffic (its total events per
 * minute, from the buckets Governor already has) or a resource series pulled with PromQL (CPU,
 * memory, disk, queue depth, a connection pool).
 *
 * @param name the signal's name, as names go elsewhere
 * @param description what it measures, for people
 * @param source where its values come from
 * @param unit what a value counts, such as "requests/min" or "bytes"; may be empty
 * @param limit the value it must stay below (a ceiling) or above (a floor)
 * @param ticketWithin a capacity ticket opens while the forecast crosses the limit within this
 * @param nonNegative whether a value can never be below zero, so a forecast's band is cut at zero
 */
public record CapacitySignal(String name, String description, Source source, String unit, Limit limit,
    Duration ticketWithin, boolean nonNegative) {

  /** Where the values come from. */
  public sealed interface Source permits SliTraffic, PromQuery {}

  /** The total events per minute of an SLI, averaged over each hour. */
  public record SliTraffic(SliName sli) implements Source {}

  /** A PromQL query, sampled hourly, against an applied DataSource of type Prometheus. */
  public record PromQuery(String dataSource, String query) implements Source {
    public PromQuery {
      if (dataSource.isBlank()) throw new IllegalArgumentException("a PromQL signal needs a data source");
      if (query.isBlank()) throw new IllegalArgumentException("a PromQL signal needs a query");
    }
  }

  /** A ceiling (the value must stay at most {@code value}) or a floor (at least {@code value}). */
  public record Limit(double value, boolean ceiling) {
    public Limit {
      if (!Double.isFinite(value)) throw new IllegalArgumentException("a limit must be a finite number, got " + value);
    }

    /** Whether {@code observed} is past the limit. */
    public boolean crossedBy(double observed) {
      return ceiling ? observed > value : observed < value;
    }
  }

  public CapacitySignal {
    if (!Names.isValid(name)) throw new IllegalArgumentException("not a valid signal name: '" + name + "'");
    if (ticketWithin.isNegative()) throw new IllegalArgumentException("ticketWithin may not be negative, got " + ticketWithin);
    if (nonNegative && !limit.ceiling() && limit.value() < 0) {
      throw new IllegalArgumentException("a floor below zero is never crossed by a value that cannot be negative");
    }
  }
}

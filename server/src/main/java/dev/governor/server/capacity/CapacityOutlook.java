package dev.governor.server.capacity;

import dev.governor.capacity.CapacitySignal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What Governor says about one series' capacity: its hourly history, the forecast with its
 * prediction bands and backtest, and when it crosses its limit; or why there is no forecast.
 *
 * @param name the signal's name, or {@code sli:<name>} for an SLI's traffic
 * @param description what the series measures
 * @param unit what a value counts
 * @param limit the signal's limit; empty for an SLI's traffic asked about on its own
 * @param ticketWithin how far ahead a crossing opens a ticket, as written ("30d"); empty without a limit
 * @param computedAt when this was worked out
 * @param history the hourly values it was fitted to, oldest first; NaN where nothing is known
 * @param outcome the forecast, or why there is none
 */
public record CapacityOutlook(String name, String description, String unit, Optional<CapacitySignal.Limit> limit,
    Optional<String> ticketWithin, Instant computedAt, Hourly history, Outcome outcome) {

  /** Hourly values from {@code start}, one per hour; NaN marks an hour nothing is known of. */
  public record Hourly(Instant start, double[] values) {
    public Instant at(int index) {
      return start.plusSeconds(3600L * index);
    }
  }

  /** A forecast, or why there is none. */
  public sealed interface Outcome permits Forecasted, Refused, Failed {}

  /**
   * @param points hourly, from the hour after the history ends, 90 days
   * @param confidence the share of future values each point's band should hold, such as 0.95
   * @param backtestMape the mean absolute percentage error on held-out recent weeks; NaN when the
   *     held-out weeks had zeros
   * @param backtestMase the mean absolute scaled error on the same weeks (1 is as good as last
   *     week's value at that hour)
   * @param backtestWeeks how many recent weeks were held out
   * @param crossing when the forecast crosses the limit; empty when it does not within 90 days or
   *     there is no limit
   */
  public record Forecasted(List<Point> points, double confidence, double backtestMape, double backtestMase,
      int backtestWeeks, String model, Optional<Crossing> crossing) implements Outcome {
    public Forecasted {
      points = List.copyOf(points);
    }
  }

  /** One forecast hour: the expected value and the band the value should fall in. */
  public record Point(Instant at, double mean, double lower, double upper) {}

  /**
   * When the limit is crossed.
   *
   * @param at when the expected value crosses it
   * @param earliest when the pessimistic edge of the band crosses it (the upper edge for a ceiling)
   * @param latest when the optimistic edge does; empty when not within the horizon
   */
  public record Crossing(Instant at, Instant earliest, Optional<Instant> latest) {}

  /** No forecast, and why: too little history, most often. */
  public record Refused(String reason) implements Outcome {}

  /** The history could not be read (a PromQL backend is down); tried again at the next run. */
  public record Failed(String reason) implements Outcome {}
}

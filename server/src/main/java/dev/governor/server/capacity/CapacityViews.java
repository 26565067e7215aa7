package dev.governor.server.capacity;

import dev.governor.capacity.CapacitySignal;
import dev.governor.server.http.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Capacity outlooks as the API shows them. */
final class CapacityViews {

  private CapacityViews() {}

  /** {@code {"max": 1200}} for a ceiling, {@code {"min": 10}} for a floor. */
  record LimitView(Double max, Double min) {
    static Optional<LimitView> of(Optional<CapacitySignal.Limit> limit) {
      return limit.map(l -> l.ceiling() ? new LimitView(l.value(), null) : new LimitView(null, l.value()));
    }
  }

  record CrossingView(String at, String earliest, String latest) {}

  record BacktestView(Double mape, Double mase, int weeks) {}

  /**
   * One signal in the list.
   *
   * @param status ok (no crossing within 90 days), watch (a crossing beyond ticketWithin), ticket (a
   *     crossing within ticketWithin: a capacity ticket is open), refused (no forecast, see reason),
   *     failed (the history could not be read, see reason) or pending (not worked out yet)
   */
  record Summary(String name, String description, String unit, LimitView limit, String ticketWithin, String computedAt,
      String status, String reason, Double last, CrossingView crossing, BacktestView backtest, String model) {}

  /** A summary with the series for a chart: [epoch seconds, value] and [epoch seconds, mean, lower, upper]. */
  record Detail(Summary summary, double confidence, List<Double[]> history, List<Double[]> forecast) {}

  static Summary pending(CapacitySignal signal) {
    return new Summary(signal.name(), signal.description(), signal.unit(),
        LimitView.of(Optional.of(signal.limit())).orElse(null), dev.governor.text.Durations.format(signal.ticketWithin()),
        null, "pending", "the forecast is being worked out", null, null, null, null);
  }

  static Summary summary(CapacityOutlook o) {
    Double last = null;
    double[] values = o.history().values();
    for (int i = values.length - 1; i >= 0 && last == null; i--) if (!Double.isNaN(values[i])) last = values[i];
    String status;
    String reason = null;
    CrossingView crossing = null;
    BacktestView backtest = null;
    String model = null;
    switch (o.outcome()) {
      case CapacityOutlook.Refused r -> {
        status = "refused";
        reason = r.reason();
      }
      case CapacityOutlook.Failed f -> {
        status = "failed";
        reason = f.reason();
      }
      case CapacityOutlook.Forecasted f -> {
        backtest = new BacktestView(Json.finite(f.backtestMape()), Json.finite(f.backtestMase()), f.backtestWeeks());
        model = f.model();
        crossing = f.crossing().map(c -> new CrossingView(c.at().toString(), c.earliest().toString(),
            c.latest().map(Instant::toString).orElse(null))).orElse(null);
        Optional<java.time.Duration> within = o.ticketWithin().map(dev.governor.text.Durations::parse);
        status = f.crossing().isEmpty()
            ? "ok"
            : within.filter(w -> !w.isZero() && !f.crossing().get().at().isAfter(o.computedAt().plus(w))).isPresent()
                ? "ticket" : "watch";
      }
    }
    return new Summary(o.name(), o.description(), o.unit(), LimitView.of(o.limit()).orElse(null),
        o.ticketWithin().orElse(null), o.computedAt().toString(), status, reason, last, crossing, backtest, model);
  }

  static Detail detail(CapacityOutlook o) {
    List<Double[]> history = new ArrayList<>();
    double[] values = o.history().values();
    for (int i = 0; i < values.length; i++) {
      history.add(new Double[] {(double) o.history().at(i).getEpochSecond(), Json.finite(values[i])});
    }
    List<Double[]> forecast = new ArrayList<>();
    double confidence = 0;
    if (o.outcome() instanceof CapacityOutlook.Forecasted f) {
      confidence = f.confidence();
      for (CapacityOutlook.Point p : f.points()) {
        forecast.add(new Double[] {(double) p.at().getEpochSecond(), p.mean(), p.lower(), p.upper()});
      }
    }
    return new Detail(summary(o), confidence, history, forecast);
  }
}

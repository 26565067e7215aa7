package dev.governor.server.capacity;

import dev.governor.capacity.CapacitySignal;
import java.util.Optional;

/** Fits a model to an hourly history and forecasts it, with its backtest and limit crossing. */
public interface ForecastModel {

  /** The forecast of {@code history}, or why there is none; never throws for a short or odd series. */
  CapacityOutlook.Outcome forecast(CapacityOutlook.Hourly history, Optional<CapacitySignal.Limit> limit,
      boolean nonNegative);
}

package dev.governor.server.ui;

import dev.governor.capacity.CapacitySignal;
import dev.governor.server.capacity.CapacityOutlook;
import dev.governor.server.capacity.CapacityPlanner;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The capacity page: each signal with its latest value, limit, forecast crossing and backtest
 * error, and a chart of its history, the forecast band and the limit line (drawn by app.js from
 * {@code /api/v1/capacity/{name}}).
 */
public record CapacityPage(List<Row> rows) {

  /** One signal as the page shows it. */
  public record Row(String name, String description, String now, String limit, String status, String statusCss,
      String crossing, String between, String backtest, String reason, boolean charted) {}

  /** Registers {@code GET /capacity}. */
  public static void register(RoutesConfig routes, CapacityPlanner planner) {
    routes.get("/capacity", ctx -> page(ctx, planner));
  }

  private static void page(Context ctx, CapacityPlanner planner) {
    Map<String, CapacityOutlook> outlooks = planner.outlooks();
    List<Row> rows = new ArrayList<>();
    for (CapacitySignal signal : planner.signals()) rows.add(row(signal, Optional.ofNullable(outlooks.get(signal.name()))));
    UiRoutes.render(ctx, "capacity.jte", Map.of("page", new CapacityPage(rows)));
  }

  static Row row(CapacitySignal signal, Optional<CapacityOutlook> outlook) {
    String unit = signal.unit().isEmpty() ? "" : " " + signal.unit();
    String limit = (signal.limit().ceiling() ? "at most " : "at least ") + number(signal.limit().value()) + unit;
    if (outlook.isEmpty()) {
      return new Row(signal.name(), signal.description(), "–", limit, "working it out", "nodata", "", "", "",
          "The forecast is being worked out.", false);
    }
    CapacityOutlook o = outlook.get();
    String now = "–";
    double[] values = o.history().values();
    for (int i = values.length - 1; i >= 0; i--) {
      if (!Double.isNaN(values[i])) {
        now = number(values[i]) + unit;
        break;
      }
    }
    return switch (o.outcome()) {
      case CapacityOutlook.Refused r -> new Row(signal.name(), signal.description(), now, limit, "no forecast", "nodata",
          "", "", "", r.reason(), false);
      case CapacityOutlook.Failed f -> new Row(signal.name(), signal.description(), now, limit, "history unavailable",
          "page", "", "", "", f.reason(), false);
      case CapacityOutlook.Forecasted f -> {
        String backtest = (Double.isNaN(f.backtestMape()) ? "" : String.format(Locale.ROOT, "MAPE %.1f%%, ", f.backtestMape() * 100))
            + String.format(Locale.ROOT, "MASE %.2f on the last %d held-out week%s", f.backtestMase(), f.backtestWeeks(),
            f.backtestWeeks() == 1 ? "" : "s");
        if (f.crossing().isEmpty()) {
          yield new Row(signal.name(), signal.description(), now, limit, "no crossing in 90 days", "ok", "", "", backtest,
              "", true);
        }
        CapacityOutlook.Crossing c = f.crossing().get();
        boolean ticket = !signal.ticketWithin().isZero() && !c.at().isAfter(o.computedAt().plus(signal.ticketWithin()));
        yield new Row(signal.name(), signal.description(), now, limit, ticket ? "ticket: crosses soon" : "crosses later",
            ticket ? "ticket" : "ok", day(c.at()), day(c.earliest()) + " to " + c.latest().map(CapacityPage::day).orElse("beyond 90 days"),
            backtest, "", true);
      }
    };
  }

  private static String day(Instant at) {
    return at.toString().substring(0, 10);
  }

  private static String number(double value) {
    if (Math.abs(value) >= 1e6 || (Math.abs(value) < 0.01 && value != 0)) return String.format(Locale.ROOT, "%.3g", value);
    return String.format(Locale.ROOT, "%.1f", value);
  }
}

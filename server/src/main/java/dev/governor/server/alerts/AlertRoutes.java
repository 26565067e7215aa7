package dev.governor.server.alerts;

import dev.governor.alert.AlertState;
import dev.governor.alert.AlertStore;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.QueryParams;
import dev.governor.basics.Names;
import dev.governor.basics.SloName;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code GET /api/v1/alerts}: the alert history, newest first. */
public final class AlertRoutes {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final AlertStore alerts;

  public AlertRoutes(AlertStore alerts) {
    this.alerts = alerts;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/v1/alerts", this::list);
  }

  record AlertList(List<AlertView> alerts) {}

  private void list(Context ctx) {
    List<AlertView> views = alerts.list(state(ctx), slo(ctx), limit(ctx)).stream()
        .map(AlertView::of)
        .toList();
    ctx.json(new AlertList(views));
  }

  private static Optional<AlertState> state(Context ctx) {
    String state = ctx.queryParam("state");
    if (state == null || state.isEmpty()) return Optional.empty();
    return switch (state.toLowerCase(Locale.ROOT)) {
      case "firing" -> Optional.of(AlertState.FIRING);
      case "resolved" -> Optional.of(AlertState.RESOLVED);
      default -> throw HttpProblem.BadRequest.parameter(
          "state", "state must be firing or resolved, got '" + state + "'", "state=firing");
    };
  }

  private static Optional<SloName> slo(Context ctx) {
    String slo = ctx.queryParam("slo");
    if (slo == null || slo.isEmpty()) return Optional.empty();
    if (!Names.isValid(slo)) {
      throw HttpProblem.BadRequest.parameter(
          "slo", "'" + slo + "' is not an SLO name (lowercase letters, digits, '-', '_', '.')",
          "slo=checkout-availability");
    }
    return Optional.of(new SloName(slo));
  }

  private static int limit(Context ctx) {
    return QueryParams.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
  }
}

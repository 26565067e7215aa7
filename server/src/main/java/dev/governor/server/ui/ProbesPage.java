package dev.governor.server.ui;

import dev.governor.server.probes.ProbeViews;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The probes page: every probe with its state, its latest run and the SLIs it feeds; and one
 * probe's page with its settings (secrets masked), a latency chart of its recent runs (drawn by
 * app.js from {@code /api/v1/probes/{name}/results}) and its last runs as a table.
 */
public record ProbesPage(List<Row> rows) {

  /** One probe as the list shows it. */
  public record Row(String name, String description, String type, String target, String state, String stateCss,
      String lastRun, String latency, String detail, int failuresInARow, String interval, long intervalSeconds,
      List<String> slis) {}

  /** One probe's own page. */
  public record One(Row row, Map<String, String> settings, List<Run> runs) {}

  /** One run in the table. */
  public record Run(String at, String outcome, String outcomeCss, String latency, String detail) {}

  /** Registers {@code GET /probes} and {@code GET /probes/{name}}. */
  public static void register(RoutesConfig routes, Supplier<List<ProbeViews.Summary>> probes,
      Function<String, Optional<ProbeViews.Detail>> detail, Function<String, List<ProbeViews.Run>> runs) {
    routes.get("/probes", ctx -> UiRoutes.render(ctx, "probes.jte",
        Map.of("page", new ProbesPage(probes.get().stream().map(ProbesPage::row).toList()))));
    routes.get("/probes/{name}", ctx -> one(ctx, detail, runs));
  }

  private static void one(Context ctx, Function<String, Optional<ProbeViews.Detail>> detail,
      Function<String, List<ProbeViews.Run>> runs) {
    String name = ctx.pathParam("name");
    Optional<ProbeViews.Detail> found = detail.apply(name);
    if (found.isEmpty()) {
      ctx.status(404);
      UiRoutes.render(ctx, "probe_not_found.jte", Map.of("name", name.length() > 100 ? name.substring(0, 100) : name));
      return;
    }
    ProbeViews.Detail d = found.get();
    Map<String, String> settings = new java.util.LinkedHashMap<>();
    d.check().forEach((k, v) -> settings.put(k, v instanceof Map<?, ?> m ? headers(m) : String.valueOf(v)));
    if (!d.labels().isEmpty()) settings.put("labels", d.labels().toString());
    settings.put("applied", Format.utc(d.appliedAt()));
    List<Run> table = runs.apply(d.summary().name()).stream().map(r -> new Run(Format.utc(r.startedAt()), r.outcome(),
        css(r.outcome()), millis(r.latencyMs()), r.detail())).toList();
    UiRoutes.render(ctx, "probe.jte", Map.of("page", new One(row(d.summary()), settings, table)));
  }

  private static String headers(Map<?, ?> headers) {
    StringBuilder out = new StringBuilder();
    headers.forEach((k, v) -> out.append(out.isEmpty() ? "" : ", ").append(k).append(": ").append(v));
    return out.isEmpty() ? "none" : out.toString();
  }

  static Row row(ProbeViews.Summary s) {
    return new Row(s.name(), s.description(), s.type(), s.target(), s.state(), css(s.state()),
        s.lastRun().map(r -> Format.utc(r.startedAt())).orElse("not yet"),
        s.lastRun().map(r -> millis(r.latencyMs())).orElse("–"), s.lastRun().map(ProbeViews.Run::detail).orElse(""),
        s.failuresInARow(), s.interval(), dev.governor.text.Durations.parse(s.interval()).toSeconds(), s.slis());
  }

  private static String css(String state) {
    return switch (state) {
      case "up" -> "ok";
      case "degraded" -> "ticket";
      case "down" -> "page";
      default -> "nodata";
    };
  }

  private static String millis(double ms) {
    return ms >= 1000 ? String.format(Locale.ROOT, "%.2f s", ms / 1000) : String.format(Locale.ROOT, "%.0f ms", ms);
  }
}

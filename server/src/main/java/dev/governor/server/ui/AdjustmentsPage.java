package dev.governor.server.ui;

import dev.governor.server.adjustments.AdjustmentViews;
import io.javalin.config.RoutesConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The budget adjustments page: each adjustment with its reason, the SLOs it covers, when it
 * repeats, whether it holds now, its next occurrences and who applied it.
 */
public record AdjustmentsPage(List<Row> rows) {

  /** One adjustment as the page shows it; times as instants for the page's local-time formatting. */
  public record Row(String name, String reason, List<String> slos, String selector, String when, String rrule,
      boolean activeNow, List<Views.Time> nextStarts, Views.Time ends, String appliedBy, Views.Time appliedAt, String source) {}

  /** Registers {@code GET /adjustments}. */
  public static void register(RoutesConfig routes, Supplier<List<AdjustmentViews.View>> adjustments) {
    routes.get("/adjustments", ctx -> UiRoutes.render(ctx, "adjustments.jte",
        Map.of("page", new AdjustmentsPage(adjustments.get().stream().map(AdjustmentsPage::row).toList()))));
  }

  static Row row(AdjustmentViews.View v) {
    String selector = v.matchLabels().isEmpty() ? ""
        : v.matchLabels().entrySet().stream().sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + ", " + b).orElse("");
    return new Row(v.name(), v.reason(), v.slos(), selector,
        v.start().replace('T', ' ') + " " + v.timeZone() + " for " + v.duration(),
        v.rrule() == null ? "once" : v.rrule(), v.activeNow(),
        v.next().stream().map(o -> Views.Time.of(Instant.parse(o.from()))).toList(),
        v.ends() == null ? null : Views.Time.of(Instant.parse(v.ends())), v.appliedBy(),
        Views.Time.of(Instant.parse(v.appliedAt())), v.source());
  }
}

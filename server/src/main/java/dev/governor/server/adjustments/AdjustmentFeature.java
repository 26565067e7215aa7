package dev.governor.server.adjustments;

import dev.governor.server.Feature;
import dev.governor.server.Wiring;
import dev.governor.server.ui.AdjustmentsPage;
import io.javalin.config.JavalinConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Budget adjustments: {@code governor.dev/v1 BudgetAdjustment} documents applied over the API, kept
 * in the database, and handed to the evaluator, which leaves their minutes out of the budgets of the
 * SLOs they cover; the {@code /adjustments} page lists them.
 */
public final class AdjustmentFeature implements Feature {

  private final Wiring wiring;
  private final AdjustmentCatalog catalog;
  private final AdjustmentRoutes routes;

  public AdjustmentFeature(Wiring wiring) {
    this.wiring = wiring;
    this.catalog = new AdjustmentCatalog(wiring.database().adjustments(), wiring.evaluator());
    // Before the SLOs are loaded, so that their first sums already leave the adjusted minutes out.
    catalog.reload();
    this.routes = new AdjustmentRoutes(catalog, wiring.evaluator(), wiring.database().buckets(),
        wiring.database().alerts(), wiring.bodies(), wiring.clock());
  }

  @Override
  public void install(JavalinConfig cfg) {
    routes.register(cfg.routes);
    AdjustmentsPage.register(cfg.routes, () -> {
      List<AdjustmentViews.View> views = new ArrayList<>();
      var slos = AdjustmentRoutes.adjustable(wiring.evaluator());
      catalog.applied().values().forEach(a ->
          views.add(AdjustmentViews.view(a, AdjustmentRoutes.covered(a.adjustment(), slos), wiring.clock().instant())));
      return views;
    });
  }
}

package dev.governor.server.composites;

import dev.governor.server.Feature;
import dev.governor.server.Wiring;
import io.javalin.config.JavalinConfig;

/**
 * Composite SLOs: {@code governor.dev/v1 CompositeSLO} documents applied over the API, kept in the
 * database and run by the evaluator as SLOs of their own, their minutes worked out from their
 * members'; each one's page is the SLO page of its name, with its members' parts.
 */
public final class CompositeFeature implements Feature {

  private final CompositeCatalog catalog;
  private final CompositeRoutes routes;

  public CompositeFeature(Wiring wiring) {
    this.catalog = new CompositeCatalog(wiring.database().composites(), wiring.evaluator());
    // Before the SLOs are loaded, so that the first load runs the composites too.
    catalog.reload();
    this.routes = new CompositeRoutes(catalog, wiring.evaluator(), wiring.database().buckets(), wiring.bodies(),
        wiring.clock());
  }

  @Override
  public void install(JavalinConfig cfg) {
    routes.register(cfg.routes);
  }

  /** The journey's members and their parts, for the SLO page of a composite; empty for any other SLO. */
  public java.util.Optional<java.util.Map<String, Object>> journey(dev.governor.basics.SloName name) {
    return java.util.Optional.ofNullable(catalog.applied().get(name.value())).map(a -> routes.view(a, true));
  }

  /** The composites that have {@code slo} as a member. */
  public java.util.List<dev.governor.basics.SloName> withMember(dev.governor.basics.SloName slo) {
    return routes.withMember(slo);
  }
}

package dev.governor.server.ui;

import dev.governor.server.Feature;
import dev.governor.server.Wiring;
import dev.governor.server.delivery.DeliveryFeature;
import dev.governor.server.incidents.IncidentFeature;
import dev.governor.server.slo.SloFeature;
import io.javalin.config.JavalinConfig;

/** The web UI: overview, SLO pages, deployments and incidents, and its static files. */
public final class UiFeature implements Feature {

  private final Wiring wiring;
  private final SloFeature slos;
  private final DeliveryFeature delivery;
  private final IncidentFeature incidents;
  private final dev.governor.server.composites.CompositeFeature composites;

  public UiFeature(Wiring wiring, SloFeature slos, DeliveryFeature delivery, IncidentFeature incidents,
      dev.governor.server.composites.CompositeFeature composites) {
    this.wiring = wiring;
    this.slos = slos;
    this.delivery = delivery;
    this.incidents = incidents;
    this.composites = composites;
  }

  @Override
  public void install(JavalinConfig cfg) {
    UiRoutes.staticFiles(cfg);
    new UiRoutes(wiring.evaluator(), slos.specs(), wiring.database().alerts(), wiring.clock(), delivery.deployments(),
        delivery.dora(), composites::journey).register(cfg.routes);
    new IncidentPages(incidents.incidents(), incidents.onCall(), wiring.evaluator(), wiring.clock()).register(cfg.routes);
    new ActionPages(wiring.evaluator(), slos.specs(), delivery.gates(), wiring.database().auditLog(),
        () -> wiring.database().access().tokens()).register(cfg.routes);
  }
}

package dev.governor.server.delivery;

import dev.governor.server.Feature;
import dev.governor.server.Wiring;
import dev.governor.server.gates.GateRoutes;
import dev.governor.server.incidents.IncidentFeature;
import dev.governor.server.incidents.IncidentResponse;
import dev.governor.server.verification.AttributionRoutes;
import dev.governor.server.verification.RollbackHook;
import dev.governor.server.verification.VerificationRoutes;
import io.javalin.config.JavalinConfig;

/**
 * Delivery: deployments from pipelines and webhooks, DORA, deploy gates, release verification
 * with its rollback hook, and budget attribution.
 */
public final class DeliveryFeature implements Feature {

  private final Wiring wiring;
  private final IncidentFeature incidents;
  private final Deployments deployments;
  private final DoraRoutes dora;
  private final RollbackHook rollbackHook;

  public DeliveryFeature(Wiring wiring, IncidentFeature incidents) {
    this.wiring = wiring;
    this.incidents = incidents;
    var database = wiring.database();
    this.deployments = new Deployments(database.deployments(), database.commitLog());
    this.dora = new DoraRoutes(deployments, wiring.evaluator()::catalog, wiring.clock(), incidents.links()::incidentTimes);
    // Rollbacks asked for before a restart are still in the outbox: the sender resumes them.
    this.rollbackHook = new RollbackHook(wiring.config().rollbackHook(), database.hookOutbox(), database.audit(),
        database.deployments(), wiring.clock(), wiring.fencing());
  }

  public Deployments deployments() {
    return deployments;
  }

  public DoraRoutes dora() {
    return dora;
  }

  /** Set when the routes are installed, before the web UI's, which shows the gate. */
  private GateRoutes gates;

  public GateRoutes gates() {
    return gates;
  }

  @Override
  public void install(JavalinConfig cfg) {
    var config = wiring.config();
    var database = wiring.database();
    var bodies = wiring.bodies();
    var clock = wiring.clock();
    new DeploymentRoutes(deployments, bodies, clock).register(cfg.routes);
    new WebhookRoutes(deployments, bodies, clock, config.githubWebhookSecret(), config.gitlabWebhookToken())
        .register(cfg.routes);
    dora.register(cfg.routes);
    gates = new GateRoutes(database.policies(), database.audit(), wiring.evaluator(), bodies, clock,
        IncidentResponse.freezes(incidents.incidents(), config.response()), config.defaultPolicy().policy());
    gates.register(cfg.routes);
    new VerificationRoutes(database.deployments(), wiring.evaluator(), database.buckets(), database.audit(),
        rollbackHook, bodies, clock).register(cfg.routes);
    new AttributionRoutes(database.deployments(), wiring.evaluator(), database.buckets(), clock).register(cfg.routes);
  }

  @Override
  public void start(Running running) {
    rollbackHook.start();
  }

  @Override
  public void close() {
    rollbackHook.close();
  }
}

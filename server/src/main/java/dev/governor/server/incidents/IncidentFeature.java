package dev.governor.server.incidents;

import dev.governor.incident.GovernorAlertReconciler;
import dev.governor.incident.IncidentEngine;
import dev.governor.incident.SignalIntake;
import dev.governor.postmortem.DeploymentLinks;
import dev.governor.postmortem.PostmortemDrafts;
import dev.governor.server.Feature;
import dev.governor.server.Wiring;
import dev.governor.server.intake.IntakeRoutes;
import dev.governor.server.notify.NotificationDispatcher;
import dev.governor.server.notify.NotificationRoutes;
import dev.governor.server.oncall.OnCallRoutes;
import dev.governor.server.oncall.StoredOnCall;
import io.javalin.config.JavalinConfig;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Incident response: the incident engine fed by every alert source, on-call, escalation and
 * automated actions, notifications through the durable outbox, and postmortems.
 */
public final class IncidentFeature implements Feature {

  /**
   * How often the alert-to-incident safety sweep runs. Alerts reach the engine as they are stored;
   * the sweep catches up what a crash lost, and opens the incident of an alert whose silence ended.
   */
  public static final Duration ALERT_SWEEP = Duration.ofMinutes(1);

  private final Wiring wiring;
  private final NotificationDispatcher notifications;
  private final StoredOnCall onCall;
  private final IncidentEngine incidents;
  private final GovernorAlertReconciler governorAlerts;
  private final SignalIntake intake;
  private final DeploymentLinks links;
  private IncidentResponse response;

  /**
   * @param intakes makes the intake the Alertmanager and PagerDuty routes hand their signals to
   *     from the engine: the engine itself, or a recorder in tests of the routes
   */
  public IncidentFeature(Wiring wiring, UnaryOperator<SignalIntake> intakes) {
    this.wiring = wiring;
    var database = wiring.database();
    var config = wiring.config();
    // What was pending when the server stopped (or was killed) goes out.
    this.notifications = NotificationDispatcher.create(config.notifications(), database.notifications(), wiring.clock(),
        wiring.fencing());
    // secretFromEnv of webhook contacts reads the server's own environment.
    this.onCall = new StoredOnCall(database.onCall(), System.getenv());
    this.incidents = new IncidentEngine(database.incidents(), wiring.clock(), config.incidents());
    this.governorAlerts = new GovernorAlertReconciler(database.alerts(), wiring.evaluator()::sloOrInstance, incidents,
        wiring.clock());
    // Each alert reaches the incident engine right after it is stored; the sweep after the tick
    // only catches up what a crash lost between the two.
    wiring.evaluator().addAlertListener(governorAlerts);
    this.intake = intakes.apply(incidents);
    // An incident that opens is linked to the deployment that likely caused it, for DORA.
    this.links = new DeploymentLinks(incidents, database.deployments(), config.incidents().suspectDeploymentLookBack(),
        wiring.clock());
    incidents.addListener(links);
  }

  public IncidentEngine incidents() {
    return incidents;
  }

  public StoredOnCall onCall() {
    return onCall;
  }

  public NotificationDispatcher notifications() {
    return notifications;
  }

  public GovernorAlertReconciler governorAlerts() {
    return governorAlerts;
  }

  public DeploymentLinks links() {
    return links;
  }

  @Override
  public void install(JavalinConfig cfg) {
    var bodies = wiring.bodies();
    var clock = wiring.clock();
    new NotificationRoutes(notifications, bodies, clock).register(cfg.routes);
    new IncidentRoutes(incidents, wiring.evaluator()::catalog, bodies, clock).register(cfg.routes);
    new SilenceRoutes(incidents, bodies, clock).register(cfg.routes);
    new PostmortemRoutes(incidents, links,
        new PostmortemDrafts(incidents, links, wiring.evaluator(), wiring.database().buckets(), clock), bodies)
        .register(cfg.routes);
    new OnCallRoutes(onCall, bodies, clock).register(cfg.routes);
    new IntakeRoutes(intake, wiring.config().integrations(), bodies, clock).register(cfg.routes);
  }

  /** Pages carry none until the access feature says how to sign them. */
  private dev.governor.response.AcknowledgeLinks acknowledgeLinks = dev.governor.response.AcknowledgeLinks.NONE;

  /** How pages get their one-click acknowledge link; set before the server starts. */
  public void acknowledgeLinks(dev.governor.response.AcknowledgeLinks links) {
    this.acknowledgeLinks = links;
  }

  @Override
  public void start(Running running) {
    running.sweepAfterTick("reconciling incidents with Governor's alerts", ALERT_SWEEP, governorAlerts::reconcile);
    // Pages and actions hang off the engine and the outbox, with a timer of their own set to the
    // next page due; no evaluation tick is needed for a page to leave.
    response = IncidentResponse.start(wiring.config().response(), running.baseUri(), incidents, onCall,
        notifications, wiring.clock(), acknowledgeLinks);
    notifications.start();
  }

  @Override
  public void close() {
    if (response != null) response.close();
    notifications.close();
  }
}

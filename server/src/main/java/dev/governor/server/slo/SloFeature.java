package dev.governor.server.slo;

import dev.governor.prometheus.matching.PushIntake;
import dev.governor.prometheus.promql.PrometheusClient;
import dev.governor.prometheus.promql.PromqlPuller;
import dev.governor.server.Feature;
import dev.governor.server.Wiring;
import dev.governor.server.alerts.AlertRoutes;
import dev.governor.server.events.EventRoutes;
import dev.governor.server.push.PushRoutes;
import dev.governor.server.sources.SourceRoutes;
import io.javalin.config.JavalinConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SLOs and their data: applying specs, the events API, remote-write and OTLP pushes, PromQL pulls,
 * statuses, rules export and Governor's alerts.
 */
public final class SloFeature implements Feature {

  private static final Logger log = LoggerFactory.getLogger(SloFeature.class);

  private final Wiring wiring;
  private final SpecCatalog specs;
  private final PromqlPuller puller;
  private final PushIntake push;

  public SloFeature(Wiring wiring) {
    this.wiring = wiring;
    var evaluator = wiring.evaluator();
    this.specs = new SpecCatalog(wiring.database().resources(), evaluator, wiring.clock());
    // SLIs whose data lives in Prometheus are pulled off the request threads; every catalog the
    // evaluator loads re-plans the pulls.
    this.puller = new PromqlPuller(evaluator, wiring.database().buckets(), wiring.clock(), new PrometheusClient(),
        PromqlPuller.Settings.DEFAULTS);
    specs.onLoaded(puller::replan);
    wiring.metrics().promqlSources(puller::statuses);
    // SLIs whose selectors match pushed counters (remote-write, OTLP); each tick stores the
    // minutes that are complete even when nobody is pushing.
    this.push = new PushIntake(evaluator, wiring.clock(), PushIntake.Settings.DEFAULT);
    wiring.metrics().pushIntake(push::stats);
    wiring.metrics().groupedSlos(wiring.evaluator());
  }

  public SpecCatalog specs() {
    return specs;
  }

  @Override
  public void install(JavalinConfig cfg) {
    var evaluator = wiring.evaluator();
    new SloRoutes(specs, evaluator, wiring.bodies(), wiring.clock()).register(cfg.routes);
    new RulesRoutes(evaluator).register(cfg.routes);
    new EventRoutes(evaluator, wiring.bodies(), wiring.metrics(), wiring.clock()).register(cfg.routes);
    new AlertRoutes(wiring.database().alerts()).register(cfg.routes);
    new SourceRoutes(puller, push, evaluator::catalog).register(cfg.routes);
    new PushRoutes(push, wiring.bodies()).register(cfg.routes);
  }

  @Override
  public void start(Running running) {
    puller.replan(wiring.evaluator().catalog());
    // Brings the evaluator back to the stored SLOs after a change that could be stored but not loaded.
    running.beforeTick("reloading the SLOs that differ from the stored ones", specs::reconcile);
    // The minutes stay pending when this fails; the next tick (or push) stores them.
    running.beforeTick("storing the pushed minutes that are complete", push::flush);
    puller.start();
  }

  @Override
  public void close() {
    puller.close();
    try {
      // Pushes have stopped and so has the scheduler's flush: what the last second changed is
      // written for whoever carries on (a restart, another replica); minutes still being assembled
      // stay marks, so a stop in mid-minute does not store half a minute.
      push.checkpoint();
    } catch (RuntimeException e) {
      log.warn("the push state could not be written as Governor stopped; the last marks stored stand", e);
    }
  }
}

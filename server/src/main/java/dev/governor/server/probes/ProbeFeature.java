package dev.governor.server.probes;

import dev.governor.incident.SignalIntake;
import dev.governor.probes.NetworkProbeRunner;
import dev.governor.probes.ProbeScheduler;
import dev.governor.server.Feature;
import dev.governor.server.Wiring;
import dev.governor.server.config.ServerConfig;
import dev.governor.server.slo.SpecCatalog;
import dev.governor.server.ui.ProbesPage;
import dev.governor.text.Durations;
import io.javalin.config.JavalinConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synthetic probes: {@code governor.dev/v1 Probe} documents applied over the API, run on their own
 * schedule on virtual threads, each run stored, counted into the SLIs whose metric source is the
 * probe, and judged for incidents; the {@code /probes} pages show them.
 */
public final class ProbeFeature implements Feature {

  private static final Logger log = LoggerFactory.getLogger(ProbeFeature.class);
  /** Results are pruned with the other retention work: often enough that a day's runs never pile up. */
  private static final Duration RETENTION_SWEEP = Duration.ofHours(1);

  private final Wiring wiring;
  private final ServerConfig.Probes settings;
  private final ProbeCatalog catalog;
  private final ProbeResultPipeline pipeline;
  private final ProbeScheduler scheduler;
  private final ProbeRoutes routes;

  public ProbeFeature(Wiring wiring, SpecCatalog specs, Supplier<SignalIntake> incidents) {
    this.wiring = wiring;
    this.settings = wiring.config().probes();
    this.catalog = new ProbeCatalog(wiring.database().probes());
    catalog.reload();
    this.pipeline = new ProbeResultPipeline(wiring.database().probeResults(), wiring.evaluator(), incidents,
        catalog::probes, wiring.clock());
    // Every catalog the evaluator loads says again which SLIs each probe feeds.
    specs.onLoaded(c -> pipeline.feeds(ProbeSlis.of(c)));
    this.scheduler = new ProbeScheduler(new NetworkProbeRunner(wiring.clock(), System::getenv), pipeline::accept,
        new ProbeScheduler.Settings(settings.concurrency()));
    wiring.metrics().probes(scheduler::stats);
    this.routes = new ProbeRoutes(catalog, wiring.database().probeResults(), pipeline, wiring.bodies(), wiring.clock(),
        this::replan);
  }

  @Override
  public void install(JavalinConfig cfg) {
    routes.register(cfg.routes);
    ProbesPage.register(cfg.routes, () -> catalog.probes().values().stream().map(routes::summary).toList(),
        name -> Optional.ofNullable(catalog.applied().get(name))
            .map(a -> ProbeViews.detail(routes.summary(a.probe()), a.probe(), a.stored().appliedAt())),
        name -> wiring.database().probeResults().latest(name, 50).stream().map(ProbeViews.Run::of).toList());
  }

  @Override
  public void start(Running running) {
    pipeline.feeds(ProbeSlis.of(wiring.evaluator().catalog()));
    pipeline.start();
    replan();
    running.sweepAfterTick("deleting probe results past probes.resultRetention", RETENTION_SWEEP, () -> {
      int deleted = wiring.database().probeResults().deleteBefore(wiring.clock().instant().minus(settings.resultRetention()));
      if (deleted > 0) log.info("retention: dropped {} probe results older than {}", deleted, Durations.format(settings.resultRetention()));
    });
    if (!settings.enabled()) log.info("probes.enabled is false: the {} applied probes are not run", catalog.probes().size());
  }

  private void replan() {
    scheduler.plan(settings.enabled() ? List.copyOf(catalog.probes().values()) : List.of());
  }

  @Override
  public void close() {
    // Runs stop first, then the results already taken are stored before the database closes.
    scheduler.close();
    pipeline.close();
  }
}

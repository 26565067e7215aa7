package dev.governor.server.reports;

import dev.governor.access.Teams;
import dev.governor.report.SloReports;
import dev.governor.report.AdjustedReportCounts;
import dev.governor.report.StoredReportCounts;
import dev.governor.slo.Exclusions;
import dev.governor.server.Feature;
import dev.governor.server.Wiring;
import io.javalin.config.JavalinConfig;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SLO reports: the API, the page, and the deletion of hourly sums older than
 * {@code reports.retention} (the minutes go with the evaluator's retention; the hours they sum
 * stay this long for reports).
 */
public final class ReportFeature implements Feature {

  static final Duration SWEEP = Duration.ofHours(1);
  private static final Logger log = LoggerFactory.getLogger(ReportFeature.class);

  private final Wiring wiring;
  private final ReportRoutes routes;

  public ReportFeature(Wiring wiring, Supplier<Teams> teams) {
    this.wiring = wiring;
    // Reports count what the evaluator counts: an SLO's adjusted minutes are left out.
    var counts = new AdjustedReportCounts(new StoredReportCounts(wiring.database().buckets(), wiring.clock(),
        wiring.evaluator()::retention, wiring.config().reportsRetention()),
        name -> wiring.evaluator().sloOrInstance(name).map(wiring.evaluator()::exclusionsOf).orElse(Exclusions.NONE));
    var reports = new SloReports(counts, wiring.database().incidents(), wiring.database().deployments(), wiring.clock());
    this.routes = new ReportRoutes(wiring.evaluator(), teams, reports, wiring.clock());
  }

  @Override
  public void install(JavalinConfig cfg) {
    routes.register(cfg.routes);
  }

  @Override
  public void start(Running running) {
    running.sweepAfterTick("deleting hourly sums past reports.retention", SWEEP, () -> {
      // Never an hour whose minutes the evaluator still keeps, whatever reports.retention says.
      Duration keep = wiring.config().reportsRetention();
      if (keep.compareTo(wiring.evaluator().retention()) < 0) keep = wiring.evaluator().retention();
      long deleted = wiring.database().buckets().deleteHourlyBefore(wiring.clock().instant().minus(keep));
      if (deleted > 0) log.info("reports retention: dropped {} hourly sums older than {}", deleted, keep);
    });
  }
}

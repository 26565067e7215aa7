package dev.governor.server.delivery;

import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentQuery;
import dev.governor.delivery.Dora;
import dev.governor.delivery.DoraReport;
import dev.governor.delivery.IncidentTimes;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.QueryParams;
import dev.governor.server.http.Json;
import dev.governor.slo.Catalog;
import dev.governor.slo.Ratio;
import dev.governor.slo.ServiceName;
import dev.governor.basics.TimeRange;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** {@code GET /api/v1/dora}: the DORA metrics of a service, a team or everything over a period. */
public final class DoraRoutes {

  /** The period when none is given: the last 30 days. */
  public static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

  /** Enough deployments for any period a person asks about; more is a sign of a runaway pipeline. */
  private static final int MAX_DEPLOYMENTS = 100_000;

  private final Deployments deployments;
  private final Supplier<Catalog> catalog;
  private final InstantSource clock;
  private final Function<Collection<String>, List<IncidentTimes>> incidents;

  public DoraRoutes(Deployments deployments, Supplier<Catalog> catalog, InstantSource clock) {
    this(deployments, catalog, clock, ids -> List.of());
  }

  /**
   * @param incidents the times of the incidents with these ids, those that exist: a deployment
   *     linked to one recovers when it resolves
   */
  public DoraRoutes(Deployments deployments, Supplier<Catalog> catalog, InstantSource clock,
      Function<Collection<String>, List<IncidentTimes>> incidents) {
    this.deployments = deployments;
    this.catalog = catalog;
    this.clock = clock;
    this.incidents = incidents;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/v1/dora", ctx -> ctx.json(json(report(ctx))));
  }

  /** The report a request asks for; the UI uses it too. */
  public Scoped report(Context ctx) {
    Optional<String> service = Optional.ofNullable(ctx.queryParam("service")).filter(s -> !s.isEmpty());
    Optional<String> team = Optional.ofNullable(ctx.queryParam("team")).filter(s -> !s.isEmpty());
    Instant to = QueryParams.storableInstant(ctx, "to").orElseGet(clock::instant);
    Instant from = QueryParams.storableInstant(ctx, "from").orElse(to.minus(DEFAULT_PERIOD));
    return report(service, team, range(from, to));
  }

  public Scoped report(Optional<String> service, Optional<String> team, TimeRange period) {
    Set<ServiceName> services = Set.of();
    if (service.isPresent()) services = Set.of(DeploymentRoutes.serviceName(service.get()));
    if (team.isPresent()) {
      Set<ServiceName> ofTeam = catalog.get().servicesByName().values().stream()
          .filter(s -> team.get().equals(s.labels().get("team")))
          .map(dev.governor.slo.Service::name)
          .collect(Collectors.toSet());
      if (ofTeam.isEmpty()) {
        throw HttpProblem.BadRequest.parameter("team",
            "no Service has the label team=" + team.get() + "; label a Service's metadata with it", "team=payments");
      }
      if (!services.isEmpty()) ofTeam.retainAll(services);
      services = ofTeam;
    }
    Instant previousStart = period.start().minus(period.length());
    var query = new DeploymentQuery(services, Optional.empty(),
        Optional.of(new TimeRange(previousStart, later(period.end(), clock.instant()).plus(Duration.ofDays(1)))),
        MAX_DEPLOYMENTS);
    List<Deployment> all = services.isEmpty() && team.isPresent() ? List.of() : deployments.store().list(query);
    List<String> linked = all.stream().flatMap(d -> d.incidentIds().stream()).distinct().toList();
    return new Scoped(service, team, Dora.report(period, all, linked.isEmpty() ? List.of() : incidents.apply(linked)));
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  public record Scoped(Optional<String> service, Optional<String> team, DoraReport report) {}

  static TimeRange range(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      throw HttpProblem.BadRequest.parameter("from", "from (" + from + ") must be before to (" + to + ")",
          "from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z");
    }
    return new TimeRange(from, to);
  }

  public static Map<String, Object> json(Scoped scoped) {
    DoraReport r = scoped.report();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("service", scoped.service().orElse(null));
    json.put("team", scoped.team().orElse(null));
    json.put("from", r.period().start().toString());
    json.put("to", r.period().end().toString());
    var f = r.deploymentFrequency();
    Map<String, Object> frequency = new LinkedHashMap<>();
    frequency.put("deployments", f.deployments());
    frequency.put("perDay", Json.finite(f.perDay()));
    frequency.put("medianIntervalSeconds", seconds(f.medianInterval()));
    frequency.put("p90IntervalSeconds", seconds(f.p90Interval()));
    frequency.put("band", band(f.band()));
    frequency.put("trend", trend(f.trend()));
    json.put("deploymentFrequency", frequency);
    json.put("changeLeadTime", durations(r.changeLeadTime()));
    json.put("changeFailRate", rate(r.changeFailRate()));
    json.put("failedDeploymentRecoveryTime", durations(r.failedDeploymentRecoveryTime()));
    json.put("deploymentReworkRate", rate(r.deploymentRework()));
    return json;
  }

  private static Map<String, Object> durations(DoraReport.Durations d) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("samples", d.samples());
    json.put("medianSeconds", seconds(d.median()));
    json.put("p90Seconds", seconds(d.p90()));
    json.put("pending", d.pending());
    json.put("band", band(d.band()));
    json.put("trend", trend(d.trend()));
    return json;
  }

  private static Map<String, Object> rate(DoraReport.Rate rate) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("count", rate.count());
    json.put("of", rate.of());
    json.put("rate", rate.rate().map(Ratio::toDouble).orElse(null));
    json.put("band", band(rate.band()));
    json.put("trend", trend(rate.trend()));
    return json;
  }

  private static Map<String, Object> trend(DoraReport.Trend trend) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("direction", trend.direction().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    json.put("previous", trend.previous().orElse(null));
    return json;
  }

  private static Long seconds(Optional<Duration> duration) {
    return duration.map(Duration::toSeconds).orElse(null);
  }

  private static String band(dev.governor.delivery.DoraBand band) {
    return band.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}

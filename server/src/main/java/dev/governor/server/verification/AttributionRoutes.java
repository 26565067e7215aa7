package dev.governor.server.verification;

import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentQuery;
import dev.governor.delivery.DeploymentStore;
import dev.governor.delivery.attribution.BudgetAttribution;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.QueryParams;
import dev.governor.sli.BucketStore;
import dev.governor.basics.EventCounts;
import dev.governor.slo.Evaluator;
import dev.governor.basics.Names;
import dev.governor.slo.Objective;
import dev.governor.slo.ObjectiveStatus;
import dev.governor.slo.Slo;
import dev.governor.basics.SloName;
import dev.governor.slo.SloStatus;
import dev.governor.basics.TimeRange;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * {@code GET /api/v1/slos/{name}/attribution}: how much of each objective's error budget each
 * deployment of the SLO's service burned while it was the live version (see
 * {@link BudgetAttribution}), for the budget table and the deploy markers of the SLO page.
 *
 * <p>One environment at a time, because only within one does the next deployment end the previous
 * one's span: {@code environment} when given, else that of the service's latest deployment. The
 * share is of the budget at the end of the range (events for Occurrences, minutes for the timeslice
 * methods, where each minute spends its own bad share: slices longer than a minute are
 * approximated per minute).
 */
public final class AttributionRoutes {

  static final int MAX_DEPLOYMENTS = 1000;

  private final DeploymentStore deployments;
  private final Evaluator evaluator;
  private final BucketStore buckets;
  private final InstantSource clock;

  public AttributionRoutes(DeploymentStore deployments, Evaluator evaluator, BucketStore buckets, InstantSource clock) {
    this.deployments = deployments;
    this.evaluator = evaluator;
    this.buckets = buckets;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/v1/slos/{name}/attribution", this::attribution);
  }

  private void attribution(Context ctx) {
    String name = ctx.pathParam("name");
    Slo slo = (Names.isValid(name) ? evaluator.catalog().slo(SloName.of(name)) : Optional.<Slo>empty())
        .orElseThrow(() -> new HttpProblem.NotFound("no SLO named '" + name + "' is applied"));
    ctx.json(json(slo, QueryParams.storableInstant(ctx, "from"), QueryParams.storableInstant(ctx, "to"),
        Optional.ofNullable(ctx.queryParam("environment")).filter(e -> !e.isBlank())));
  }

  /** The attribution as the API and the SLO page's script read it. */
  public Map<String, Object> json(Slo slo, Optional<Instant> fromParam, Optional<Instant> toParam, Optional<String> environmentParam) {
    Instant now = clock.instant();
    Instant to = toParam.orElse(now);
    if (to.isAfter(now)) to = now;
    Instant from = fromParam.orElseGet(() -> slo.window().rangeAt(now).start());
    if (!to.isAfter(from)) {
      throw HttpProblem.BadRequest.parameter("from", "from (" + from + ") must be before to (" + to + ")",
          "from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z");
    }
    TimeRange range = new TimeRange(from, to);
    Optional<String> environment = environmentParam.or(() -> deployments
        .list(new DeploymentQuery(Set.of(slo.service()), Optional.empty(), Optional.empty(), 1))
        .stream().findFirst().map(Deployment::environment));
    List<Deployment> inRange = environment.map(env -> deployments.list(
        new DeploymentQuery(Set.of(slo.service()), Optional.of(env), Optional.of(range), MAX_DEPLOYMENTS)))
        .orElse(List.of());
    SloStatus status = evaluator.statusAt(slo.name(), to).orElseThrow();
    Instant readFrom = inRange.stream().map(Deployment::startedAt).min(Instant::compareTo).orElse(from)
        .minus(BudgetAttribution.COMPARE_WINDOW);

    List<Map<String, Object>> objectives = new ArrayList<>();
    for (Objective o : slo.objectives()) {
      ObjectiveStatus os = status.objectives().stream().filter(s -> s.objective().equals(o.name())).findFirst().orElseThrow();
      var budget = new BudgetAttribution.Budget(o.errorBudget().toDouble(), os.budget().total(), spentOf(slo, o));
      var shares = BudgetAttribution.attribute(inRange, buckets.range(slo.seriesOf(o), readFrom, to), budget, to);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("objective", o.name());
      json.put("budgetUnit", os.budget().unit().label());
      json.put("budgetTotal", os.budget().total());
      json.put("deployments", shares.stream().map(AttributionRoutes::share).toList());
      objectives.add(json);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("slo", slo.name().value());
    json.put("service", slo.service().value());
    json.put("environment", environment.orElse(null));
    json.put("from", from.toString());
    json.put("to", to.toString());
    json.put("markers", inRange.stream().sorted(java.util.Comparator.comparing(Deployment::startedAt))
        .map(d -> Map.of("id", d.id().value(), "version", d.version(), "at", d.startedAt().toString(),
            "outcome", d.outcome().wireName()))
        .toList());
    json.put("objectives", objectives);
    return json;
  }

  private static Map<String, Object> share(BudgetAttribution.Share s) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", s.deployment().id().value());
    json.put("version", s.deployment().version());
    json.put("outcome", s.deployment().outcome().wireName());
    json.put("liveFrom", s.liveFrom().toString());
    json.put("liveUntil", s.liveUntil().toString());
    json.put("goodEvents", s.counts().good());
    json.put("totalEvents", s.counts().total());
    json.put("spent", s.spent());
    json.put("budgetShare", s.budgetShare());
    json.put("comparedMinutes", s.compared().toMinutes());
    json.put("burnRateBefore", s.burnRateBefore());
    json.put("burnRateAfter", s.burnRateAfter());
    json.put("burnRateRose", s.burnRateRose());
    return json;
  }

  private static ToDoubleFunction<EventCounts> spentOf(Slo slo, Objective o) {
    return switch (slo.budgetingMethod()) {
      case OCCURRENCES -> EventCounts::bad;
      case TIMESLICES -> c -> c.total() > 0 && !o.timeSliceTarget().orElseThrow().isMetBy(c.good(), c.total()) ? 1 : 0;
      case RATIO_TIMESLICES -> c -> c.total() == 0 ? 0 : c.errorRatio();
    };
  }
}

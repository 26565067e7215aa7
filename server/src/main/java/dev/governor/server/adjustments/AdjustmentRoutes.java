package dev.governor.server.adjustments;

import dev.governor.access.Role;
import dev.governor.adjustment.Adjustments;
import dev.governor.adjustment.BudgetAdjustment;
import dev.governor.adjustment.StoredAdjustment;
import dev.governor.basics.SloName;
import dev.governor.ingest.adjustment.BudgetAdjustmentReader;
import dev.governor.server.access.Requests;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.RequestBodies;
import dev.governor.slo.Evaluator;
import dev.governor.slo.History;
import dev.governor.slo.ObjectiveStatus;
import dev.governor.slo.ServiceName;
import dev.governor.slo.Slo;
import dev.governor.slo.SloStatus;
import dev.governor.slo.SpecProblem;
import dev.governor.sli.BucketStore;
import dev.governor.alert.AlertStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v1/adjustments}: apply BudgetAdjustment documents (YAML, {@code ?dryRun=true} to see
 * their effect and change nothing), list them, read one, delete one. Every answer to an apply says
 * what it does to the budgets it touches: the budget left of each objective before and after.
 */
final class AdjustmentRoutes {

  static final List<String> YAML = List.of("application/yaml", "application/x-yaml", "text/yaml");

  private final AdjustmentCatalog catalog;
  private final Evaluator evaluator;
  private final BucketStore buckets;
  private final AlertStore alerts;
  private final RequestBodies bodies;
  private final InstantSource clock;

  AdjustmentRoutes(AdjustmentCatalog catalog, Evaluator evaluator, BucketStore buckets, AlertStore alerts,
      RequestBodies bodies, InstantSource clock) {
    this.catalog = catalog;
    this.evaluator = evaluator;
    this.buckets = buckets;
    this.alerts = alerts;
    this.bodies = bodies;
    this.clock = clock;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/adjustments", this::apply);
    routes.get("/api/v1/adjustments", this::list);
    routes.get("/api/v1/adjustments/{name}", this::one);
    routes.delete("/api/v1/adjustments/{name}", this::delete);
  }

  private void apply(Context ctx) {
    RequestBodies.requireMediaType(ctx, YAML);
    String file = Optional.ofNullable(ctx.queryParam("file")).filter(f -> !f.isBlank()).orElse("request.yaml");
    boolean dryRun = "true".equals(ctx.queryParam("dryRun"));
    BudgetAdjustmentReader.Parsed parsed =
        BudgetAdjustmentReader.parse(file, new String(bodies.read(ctx), StandardCharsets.UTF_8));
    List<SpecProblem> problems = new ArrayList<>(parsed.problems());
    if (parsed.isValid() && parsed.documents().isEmpty()) {
      problems.add(new SpecProblem(file, 1, "", 0, "the body holds no BudgetAdjustment document; nothing to apply"));
    }
    List<Slo> slos = adjustable(evaluator);
    Set<SloName> known = new java.util.HashSet<>();
    slos.forEach(s -> known.add(s.name()));
    for (BudgetAdjustmentReader.AdjustmentDocument doc : parsed.documents()) {
      List<SloName> named = doc.adjustment().slos();
      for (int i = 0; i < named.size(); i++) {
        if (!known.contains(named.get(i))) {
          problems.add(new SpecProblem(file, doc.document(), "spec.slos[" + i + "]", doc.line(), "no SLO named '"
              + named.get(i) + "' is applied; name an applied SLO (governor slo list), or use selector.matchLabels"));
        }
      }
    }
    if (!problems.isEmpty()) throw invalid(problems);

    Map<String, BudgetAdjustment> next = new LinkedHashMap<>();
    catalog.applied().forEach((name, a) -> next.put(name, a.adjustment()));
    Set<ServiceName> services = new LinkedHashSet<>();
    List<StoredAdjustment> changed = new ArrayList<>();
    List<Map<String, Object>> applied = new ArrayList<>();
    String by = Requests.actor(ctx, Optional.empty());
    Set<SloName> touched = new LinkedHashSet<>();
    for (BudgetAdjustmentReader.AdjustmentDocument doc : parsed.documents()) {
      BudgetAdjustment adjustment = doc.adjustment();
      String name = adjustment.name();
      Optional<AdjustmentCatalog.Applied> before = Optional.ofNullable(catalog.applied().get(name));
      String result = before.isEmpty() ? "created" : before.get().stored().source().equals(doc.source()) ? "unchanged" : "updated";
      // Whoever changes an adjustment must be allowed to edit the SLOs it covered and those it will cover.
      before.ifPresent(b -> {
        services.addAll(servicesOf(b.adjustment(), slos));
        touched.addAll(covered(b.adjustment(), slos));
      });
      services.addAll(servicesOf(adjustment, slos));
      touched.addAll(covered(adjustment, slos));
      if (!result.equals("unchanged")) changed.add(new StoredAdjustment(name, doc.source(), clock.instant(), by));
      next.put(name, adjustment);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("kind", BudgetAdjustmentReader.KIND);
      row.put("name", name);
      row.put("result", result);
      row.put("slos", covered(adjustment, slos).stream().map(SloName::value).toList());
      applied.add(row);
    }
    Requests.requireFor(ctx, Role.EDITOR, services, "adjust the error budgets of these SLOs");
    Requests.auditDetail(ctx, parsed.documents().stream()
        .map(d -> d.adjustment().name() + ": " + d.adjustment().reason()).toList().toString());

    Map<SloName, SloStatus> before = liveStatuses(touched);
    Map<SloName, SloStatus> after;
    if (dryRun || changed.isEmpty()) {
      // What the budgets would be: history summed over the store as if the adjustments were applied.
      History would = new History(buckets, alerts, evaluator::sloOrInstance, new Adjustments(List.copyOf(next.values())));
      after = new LinkedHashMap<>();
      Instant now = clock.instant();
      for (SloName name : touched) would.statusAt(name, now).ifPresent(s -> after.put(name, s));
    } else {
      catalog.apply(changed);
      after = liveStatuses(touched);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("dryRun", dryRun);
    body.put("applied", applied);
    body.put("effect", effect(before, after));
    ctx.json(body);
  }

  private Map<SloName, SloStatus> liveStatuses(Set<SloName> names) {
    Map<SloName, SloStatus> out = new LinkedHashMap<>();
    for (SloName name : names) evaluator.status(name).ifPresent(s -> out.put(name, s));
    return out;
  }

  /** Budget left per SLO objective, before and after: what the apply did, or would do. */
  static List<Map<String, Object>> effect(Map<SloName, SloStatus> before, Map<SloName, SloStatus> after) {
    List<Map<String, Object>> rows = new ArrayList<>();
    before.forEach((name, was) -> {
      SloStatus now = after.get(name);
      if (now == null) return;
      Map<String, ObjectiveStatus> nowByName = new HashMap<>();
      now.objectives().forEach(o -> nowByName.put(o.objective(), o));
      for (ObjectiveStatus o : was.objectives()) {
        ObjectiveStatus n = nowByName.get(o.objective());
        if (n == null) continue;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("slo", name.value());
        row.put("objective", o.objective());
        row.put("budgetRemainingBefore", finite(o.budget().remaining()));
        row.put("budgetRemainingAfter", finite(n.budget().remaining()));
        row.put("attainmentBefore", finite(o.attainment()));
        row.put("attainmentAfter", finite(n.attainment()));
        rows.add(row);
      }
    });
    return rows;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  static List<SloName> covered(BudgetAdjustment adjustment, List<Slo> slos) {
    return slos.stream().filter(adjustment::appliesTo).map(Slo::name).toList();
  }

  private static Set<ServiceName> servicesOf(BudgetAdjustment adjustment, List<Slo> slos) {
    Set<ServiceName> out = new LinkedHashSet<>();
    slos.stream().filter(adjustment::appliesTo).forEach(s -> out.add(s.service()));
    return out;
  }

  /** What an adjustment may cover: the applied SLOs and the composite SLOs that run. */
  static List<Slo> adjustable(Evaluator evaluator) {
    return evaluator.slosWithComposites();
  }

  private static HttpProblem invalid(List<SpecProblem> problems) {
    return new HttpProblem.InvalidDocument(problems.size() + (problems.size() == 1 ? " problem" : " problems")
        + " in the budget adjustments; nothing was applied. Fix them and apply again.", problems);
  }

  private void list(Context ctx) {
    List<Slo> slos = adjustable(evaluator);
    List<AdjustmentViews.View> views = new ArrayList<>();
    catalog.applied().values().forEach(a -> views.add(AdjustmentViews.view(a, covered(a.adjustment(), slos), clock.instant())));
    ctx.json(Map.of("adjustments", views));
  }

  private void one(Context ctx) {
    AdjustmentCatalog.Applied a = applied(ctx);
    ctx.json(AdjustmentViews.view(a, covered(a.adjustment(), adjustable(evaluator)), clock.instant()));
  }

  private void delete(Context ctx) {
    AdjustmentCatalog.Applied a = applied(ctx);
    List<Slo> slos = adjustable(evaluator);
    Requests.requireFor(ctx, Role.EDITOR, servicesOf(a.adjustment(), slos), "delete this budget adjustment");
    Requests.auditDetail(ctx, a.adjustment().name() + ": " + a.adjustment().reason());
    List<SloName> covered = covered(a.adjustment(), slos);
    Map<SloName, SloStatus> before = liveStatuses(new LinkedHashSet<>(covered));
    if (catalog.delete(a.adjustment().name()).isEmpty()) throw notFound(a.adjustment().name());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deleted", a.adjustment().name());
    body.put("effect", effect(before, liveStatuses(new LinkedHashSet<>(covered))));
    ctx.json(body);
  }

  private AdjustmentCatalog.Applied applied(Context ctx) {
    String name = ctx.pathParam("name");
    AdjustmentCatalog.Applied a = catalog.applied().get(name);
    if (a == null) throw notFound(name);
    return a;
  }

  private static HttpProblem notFound(String name) {
    return new HttpProblem.NotFound("no budget adjustment named " + dev.governor.text.Quoted.bounded(name)
        + " is applied; governor adjustment list shows those that are");
  }
}

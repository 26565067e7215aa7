package dev.governor.server.composites;

import dev.governor.access.Role;
import dev.governor.basics.SloName;
import dev.governor.ingest.composite.CompositeSloReader;
import dev.governor.server.access.Requests;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.RequestBodies;
import dev.governor.sli.Bucket;
import dev.governor.sli.BucketStore;
import dev.governor.slo.Catalog;
import dev.governor.slo.CompositeSlo;
import dev.governor.slo.CompositeStore.StoredComposite;
import dev.governor.slo.Evaluator;
import dev.governor.slo.ObjectiveStatus;
import dev.governor.slo.Ratio;
import dev.governor.slo.Slo;
import dev.governor.slo.SloStatus;
import dev.governor.slo.SpecProblem;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/composites}: apply CompositeSLO documents (YAML, {@code ?dryRun=true} to only check
 * them), list them with their status, read one with what each member contributes to its errors,
 * delete one. A composite's status, history and page are those of an SLO of its name.
 */
final class CompositeRoutes {

  static final List<String> YAML = List.of("application/yaml", "application/x-yaml", "text/yaml");

  private final CompositeCatalog catalog;
  private final Evaluator evaluator;
  private final BucketStore buckets;
  private final RequestBodies bodies;
  private final InstantSource clock;

  CompositeRoutes(CompositeCatalog catalog, Evaluator evaluator, BucketStore buckets, RequestBodies bodies,
      InstantSource clock) {
    this.catalog = catalog;
    this.evaluator = evaluator;
    this.buckets = buckets;
    this.bodies = bodies;
    this.clock = clock;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/composites", this::apply);
    routes.get("/api/v1/composites", this::list);
    routes.get("/api/v1/composites/{name}", this::one);
    routes.delete("/api/v1/composites/{name}", this::delete);
  }

  private void apply(Context ctx) {
    RequestBodies.requireMediaType(ctx, YAML);
    String file = Optional.ofNullable(ctx.queryParam("file")).filter(f -> !f.isBlank()).orElse("request.yaml");
    boolean dryRun = "true".equals(ctx.queryParam("dryRun"));
    CompositeSloReader.Parsed parsed = CompositeSloReader.parse(file, new String(bodies.read(ctx), StandardCharsets.UTF_8));
    List<SpecProblem> problems = new ArrayList<>(parsed.problems());
    if (parsed.isValid() && parsed.documents().isEmpty()) {
      problems.add(new SpecProblem(file, 1, "", 0, "the body holds no CompositeSLO document; nothing to apply"));
    }
    Catalog slos = evaluator.catalog();
    for (CompositeSloReader.CompositeDocument doc : parsed.documents()) {
      for (String p : doc.composite().problemsWith(slos)) {
        int colon = p.indexOf(": ");
        problems.add(new SpecProblem(file, doc.document(), p.substring(0, colon), doc.line(), p.substring(colon + 2)));
      }
      if (slos.slo(doc.composite().name()).isPresent()) {
        problems.add(new SpecProblem(file, doc.document(), "metadata.name", doc.line(), "an applied SLO is named "
            + doc.composite().name() + " already; a composite's status lives under its name, so give it another"));
      }
    }
    if (!problems.isEmpty()) {
      throw new HttpProblem.InvalidDocument(problems.size() + (problems.size() == 1 ? " problem" : " problems")
          + " in the composite SLOs; nothing was applied. Fix them and apply again.", problems);
    }
    List<StoredComposite> changed = new ArrayList<>();
    List<Map<String, Object>> applied = new ArrayList<>();
    List<dev.governor.slo.ServiceName> services = new ArrayList<>();
    for (CompositeSloReader.CompositeDocument doc : parsed.documents()) {
      String name = doc.composite().name().value();
      Optional<CompositeCatalog.Applied> before = Optional.ofNullable(catalog.applied().get(name));
      before.ifPresent(b -> services.add(b.composite().service()));
      services.add(doc.composite().service());
      String result = before.isEmpty() ? "created" : before.get().stored().source().equals(doc.source()) ? "unchanged" : "updated";
      if (!result.equals("unchanged")) changed.add(new StoredComposite(name, doc.source(), clock.instant()));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("kind", CompositeSloReader.KIND);
      row.put("name", name);
      row.put("result", result);
      applied.add(row);
    }
    Requests.requireFor(ctx, Role.EDITOR, services, "apply these composite SLOs");
    Requests.auditDetail(ctx, parsed.documents().stream().map(d -> "CompositeSLO " + d.composite().name()).toList().toString());
    if (!dryRun && !changed.isEmpty()) catalog.apply(changed);
    ctx.json(Map.of("dryRun", dryRun, "applied", applied));
  }

  private void list(Context ctx) {
    List<Map<String, Object>> out = new ArrayList<>();
    catalog.applied().values().forEach(a -> out.add(view(a, false)));
    ctx.json(Map.of("composites", out));
  }

  private void one(Context ctx) {
    ctx.json(view(applied(ctx), true));
  }

  /** The composite, its status now, why it does not run if it does not, and with members, each one's part. */
  Map<String, Object> view(CompositeCatalog.Applied a, boolean members) {
    CompositeSlo c = a.composite();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", c.name().value());
    json.put("displayName", c.displayName());
    json.put("service", c.service().value());
    json.put("method", c.method().text());
    json.put("objective", c.objectiveName());
    json.put("target", c.target().toDecimalString());
    json.put("problems", evaluator.compositeProblems().getOrDefault(c.name(), List.of()));
    Optional<SloStatus> status = evaluator.status(c.name());
    status.ifPresent(s -> {
      ObjectiveStatus o = s.objectives().getFirst();
      json.put("attainment", Double.isFinite(o.attainment()) ? o.attainment() : null);
      json.put("budgetRemaining", Double.isFinite(o.budget().remaining()) ? o.budget().remaining() : null);
      json.put("noData", o.noData());
      json.put("firingAlerts", s.firingAlerts().size());
    });
    if (members) json.put("members", members(c, status.map(s -> s.objectives().getFirst().window().start())
        .orElse(clock.instant())));
    json.put("appliedAt", a.stored().appliedAt().toString());
    json.put("source", a.stored().source());
    return json;
  }

  /** Each member with its weight, its own status and its part in the journey's errors over the journey's window. */
  List<Map<String, Object>> members(CompositeSlo c, Instant from) {
    Catalog slos = evaluator.catalog();
    Instant to = clock.instant().plusSeconds(60);
    List<List<Bucket>> minutes = new ArrayList<>();
    List<Ratio> targets = new ArrayList<>();
    List<Map<String, Object>> out = new ArrayList<>();
    boolean complete = true;
    for (CompositeSlo.Member m : c.members()) {
      Optional<Slo> slo = slos.slo(m.slo());
      Optional<dev.governor.slo.Objective> objective = slo.flatMap(m::objectiveOf);
      if (objective.isEmpty()) {
        complete = false;
        break;
      }
      minutes.add(buckets.range(slo.get().seriesOf(objective.get()), from, to));
      targets.add(objective.get().target());
    }
    List<CompositeSlo.Contribution> parts = complete ? c.contributions(minutes, targets) : List.of();
    for (int i = 0; i < c.members().size(); i++) {
      CompositeSlo.Member m = c.members().get(i);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("slo", m.slo().value());
      row.put("objective", m.objective().isEmpty() ? null : m.objective());
      row.put("weight", m.weight());
      if (i < parts.size()) {
        CompositeSlo.Contribution part = parts.get(i);
        row.put("shareOfErrors", part.shareOfErrors());
        row.put("missedMinutes", part.missedMinutes());
        row.put("good", part.counts().good());
        row.put("total", part.counts().total());
      }
      out.add(row);
    }
    return out;
  }

  private void delete(Context ctx) {
    CompositeCatalog.Applied a = applied(ctx);
    Requests.requireFor(ctx, Role.EDITOR, List.of(a.composite().service()), "delete this composite SLO");
    Requests.auditDetail(ctx, "CompositeSLO " + a.composite().name());
    if (catalog.delete(a.composite().name().value()).isEmpty()) throw notFound(a.composite().name().value());
    ctx.json(Map.of("deleted", a.composite().name().value()));
  }

  private CompositeCatalog.Applied applied(Context ctx) {
    String name = ctx.pathParam("name");
    CompositeCatalog.Applied a = catalog.applied().get(name);
    if (a == null) throw notFound(name);
    return a;
  }

  private static HttpProblem notFound(String name) {
    return new HttpProblem.NotFound("no composite SLO named " + dev.governor.text.Quoted.bounded(name)
        + " is applied; GET /api/v1/composites lists them");
  }

  /** The composites one of whose members is {@code slo}, for refusing its deletion. */
  List<SloName> withMember(SloName slo) {
    return catalog.applied().values().stream().map(CompositeCatalog.Applied::composite)
        .filter(c -> c.members().stream().anyMatch(m -> m.slo().equals(slo))).map(CompositeSlo::name).toList();
  }
}

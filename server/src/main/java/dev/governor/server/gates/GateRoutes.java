package dev.governor.server.gates;

import dev.governor.delivery.gate.AppliedPolicies;
import dev.governor.delivery.gate.AppliedPolicy;
import dev.governor.delivery.gate.AuditEntry;
import dev.governor.delivery.gate.AuditTrail;
import dev.governor.delivery.gate.ErrorBudgetPolicy;
import dev.governor.delivery.gate.Gate;
import dev.governor.delivery.gate.GateDecision;
import dev.governor.delivery.gate.GateRequest;
import dev.governor.delivery.gate.PolicyStore;
import dev.governor.delivery.gate.SloBudget;
import dev.governor.delivery.gate.StoredPolicy;
import dev.governor.ingest.policy.PolicyReader;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.Json;
import dev.governor.server.http.RequestBodies;
import dev.governor.slo.Catalog;
import dev.governor.slo.Evaluator;
import dev.governor.basics.Names;
import dev.governor.slo.ObjectiveStatus;
import dev.governor.slo.ServiceName;
import dev.governor.basics.SloName;
import dev.governor.slo.SpecProblem;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Deploy gates on the error budget: {@code /api/v1/policies} (ErrorBudgetPolicy YAML documents),
 * {@code POST /api/v1/gates/{service}/check} (the decision a pipeline acts on, recorded in the
 * audit trail), {@code GET /api/v1/gates/{service}} (the same decision as a preview, recorded
 * nowhere) and {@code GET /api/v1/audit}.
 *
 * <p>The audited decision is a POST because recording it is a side effect: a GET must be safe to
 * repeat, to prefetch and to serve to anyone without a token (reads need none), and a dashboard
 * polling a GET would otherwise fill the audit trail with decisions nobody acted on.
 *
 * <p>Policies have their own endpoint rather than riding on {@code /api/v1/slos}: they are not
 * OpenSLO documents, they take no part in resolving the SLO catalog (a policy may name a service
 * before its SLOs are applied), and a policy change must never make the SLO set fail to load.
 */
public final class GateRoutes {

  static final List<String> YAML = List.of("application/yaml", "application/x-yaml", "text/yaml");
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  /** The audit actions by which people grant a deploy; a decision reads only these. */
  static final Set<AuditEntry.Action> GRANTS =
      Set.of(AuditEntry.Action.GATE_APPROVAL, AuditEntry.Action.GATE_HOTFIX_GRANT);
  /** The most grants a decision reads: far more than people give for one service within a grant's validity. */
  static final int MAX_GRANTS = 1000;

  private final AppliedPolicies policies;
  /** Replaced, never changed, when the catalog is: racing requests at worst both build it. */
  private volatile SloIndex sloIndex = new SloIndex(null, Map.of());
  private final AuditTrail audit;
  private final RecentGrants grants;
  private final Evaluator evaluator;
  private final RequestBodies bodies;
  private final InstantSource clock;
  private final java.util.function.Supplier<List<dev.governor.delivery.gate.IncidentFreeze>> incidentFreezes;
  private final Optional<ErrorBudgetPolicy> defaultPolicy;

  /**
   * @param policies the store of applied policies, read once here; from then on every change to
   *     it must go through these routes, which keep the policies they judge by in step with it
   * @param incidentFreezes the open incidents that freeze deploys, asked at each decision
   * @param defaultPolicy the policy for the services no applied policy names ({@code gates.defaultPolicy});
   *     empty when it is off
   */
  public GateRoutes(PolicyStore policies, AuditTrail audit, Evaluator evaluator, RequestBodies bodies, InstantSource clock,
      java.util.function.Supplier<List<dev.governor.delivery.gate.IncidentFreeze>> incidentFreezes,
      Optional<ErrorBudgetPolicy> defaultPolicy) {
    this(policies, audit, evaluator, bodies, clock, incidentFreezes, defaultPolicy, System::nanoTime);
  }

  /** @param nanoTime the monotonic clock by which the grants read from the trail age (see {@link RecentGrants}) */
  GateRoutes(PolicyStore policies, AuditTrail audit, Evaluator evaluator, RequestBodies bodies, InstantSource clock,
      java.util.function.Supplier<List<dev.governor.delivery.gate.IncidentFreeze>> incidentFreezes,
      Optional<ErrorBudgetPolicy> defaultPolicy, java.util.function.LongSupplier nanoTime) {
    this.incidentFreezes = incidentFreezes;
    this.defaultPolicy = defaultPolicy;
    this.policies = new AppliedPolicies(policies, GateRoutes::parseStored);
    this.audit = audit;
    this.grants = new RecentGrants(audit, nanoTime);
    this.evaluator = evaluator;
    this.bodies = bodies;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/v1/policies", this::apply);
    routes.get("/api/v1/policies", this::list);
    routes.delete("/api/v1/policies/{name}", this::delete);
    routes.get("/api/v1/gates/{service}", this::preview);
    routes.post("/api/v1/gates/{service}/check", this::check);
    routes.post("/api/v1/gates/{service}/approvals", this::grant);
    routes.get("/api/v1/audit", this::auditList);
  }

  record AppliedView(String name, String result) {}

  record ApplyResponse(List<AppliedView> applied) {}

  record PolicyView(String name, String scope, String target, List<String> environments, Instant appliedAt, String source) {}

  record PolicyList(List<PolicyView> policies) {}

  private void apply(Context ctx) {
    RequestBodies.requireMediaType(ctx, YAML);
    String file = Optional.ofNullable(ctx.queryParam("file")).filter(f -> !f.isBlank()).orElse("request.yaml");
    PolicyReader.Parsed parsed = PolicyReader.parse(file, new String(bodies.read(ctx), StandardCharsets.UTF_8));
    if (!parsed.problems().isEmpty()) throw invalid(parsed.problems());
    if (parsed.documents().isEmpty()) {
      throw invalid(List.of(new SpecProblem(file, 1, "", 0, "the body holds no ErrorBudgetPolicy document; nothing to apply")));
    }
    // Gate answers name the policies that judged them; a second "default" would make that ambiguous.
    List<SpecProblem> reserved = parsed.documents().stream()
        .filter(d -> d.policy().name().equals(ErrorBudgetPolicy.DEFAULT_NAME))
        .map(d -> new SpecProblem(file, d.document(), "metadata.name", d.line(), "'" + ErrorBudgetPolicy.DEFAULT_NAME
            + "' is the name of the default policy (gates.defaultPolicy in the server's config); choose another name,"
            + " such as checkout-policy"))
        .toList();
    if (!reserved.isEmpty()) throw invalid(reserved);
    boolean dryRun = "true".equals(ctx.queryParam("dryRun"));
    List<AppliedPolicies.Result> results = policies.apply(parsed.documents().stream()
        .map(d -> new AppliedPolicies.Document(d.policy(), d.source())).toList(), clock.instant(), dryRun);
    List<AppliedView> applied = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      applied.add(new AppliedView(parsed.documents().get(i).policy().name(), results.get(i).label()));
    }
    ctx.json(new ApplyResponse(applied));
  }

  private static HttpProblem invalid(List<SpecProblem> problems) {
    return new HttpProblem.InvalidDocument(problems.size() + (problems.size() == 1 ? " problem" : " problems")
        + " in the policies; nothing was applied. Fix them and apply again.", problems);
  }

  private void list(Context ctx) {
    List<PolicyView> views = new ArrayList<>();
    for (AppliedPolicy applied : policies.snapshot().all()) {
      ErrorBudgetPolicy p = applied.policy();
      StoredPolicy stored = applied.stored();
      String[] scope = switch (p.scope()) {
        case ErrorBudgetPolicy.Scope.ForService s -> new String[] {"service", s.service().value()};
        case ErrorBudgetPolicy.Scope.ForSlo s -> new String[] {"slo", s.slo().value()};
        // Only the default policy has this scope, and it comes from the config, not the store.
        case ErrorBudgetPolicy.Scope.AnyService a -> throw new IllegalStateException("stored policy " + p.name()
            + " covers every service");
      };
      views.add(new PolicyView(p.name(), scope[0], scope[1], p.environments().stream().sorted().toList(),
          stored.appliedAt(), stored.source()));
    }
    ctx.json(new PolicyList(views));
  }

  private void delete(Context ctx) {
    String name = ctx.pathParam("name");
    if (!policies.delete(name)) throw new HttpProblem.NotFound("no policy named '" + name + "' is applied");
    ctx.status(204);
  }

  /**
   * Reads a stored source back, once, when the server starts; it was checked when it was applied,
   * so one that no longer parses is a bug, and decisions answer 500 until it is fixed or deleted.
   */
  private static ErrorBudgetPolicy parseStored(StoredPolicy stored) {
    PolicyReader.Parsed parsed = PolicyReader.parse("policy " + stored.name(), stored.source());
    if (!parsed.problems().isEmpty() || parsed.documents().size() != 1) {
      throw new IllegalStateException("stored policy " + stored.name() + " does not parse: " + parsed.problems());
    }
    return parsed.documents().getFirst().policy();
  }

  record ReasonView(String policy, String rule, String action, String slo, String objective,
      Double budgetRemaining, String freeze, String message) {}

  record OverrideView(String kind, String reason, String by) {}

  /**
   * {@code policies} names who judged ({@code default} for the default policy, {@code incidents} for
   * an incident freeze); {@code note} says, for an allow, why nothing held the deploy.
   * {@code auditId} is null for a preview, which is recorded nowhere.
   */
  record GateView(String service, String environment, String version, String decision, List<String> policies,
      boolean approvalRequired, String note, List<ReasonView> reasons, OverrideView override, List<BudgetView> budgets,
      Instant at, boolean preview, Long auditId) {}

  record BudgetView(String slo, String objective, double budgetRemaining, boolean noData) {}

  /** The decision a deploy would get now, from query parameters; nothing is recorded. */
  private void preview(Context ctx) {
    ServiceName service = service(ctx);
    GateRequest request = new GateRequest(service, param(ctx, "environment"), param(ctx, "version"),
        bool(ctx, "hotfix"), bool(ctx, "rollback"), param(ctx, "reason"),
        param(ctx, "actor"), param(ctx, "approvedBy"));
    respond(ctx, request, decide(withGrants(request)), Optional.empty());
  }

  /**
   * The gate as the web UI shows it for a service: the decision a plain deploy would get now (with
   * the grants in force), and those grants.
   */
  public record GatePage(String service, String environment, String verdict, List<String> reasons, String why,
      String override, List<AuditEntry> grants) {}

  public GatePage page(ServiceName service, Optional<String> environment) {
    GateRequest request = withGrants(new GateRequest(service, environment, Optional.empty(), false, false,
        Optional.empty(), Optional.empty(), Optional.empty()));
    GateDecision decision = decide(request).decision();
    // The grants themselves, not the newest 200 entries: a busy pipeline's decisions would push them out.
    List<AuditEntry> inForce = grants.of(service.value(), clock.instant().minus(GRANT_VALIDITY));
    return new GatePage(service.value(), environment.orElse(""), decision.verdict(),
        decision.reasons().stream().map(GateDecision.Reason::message).toList(),
        decision instanceof GateDecision.Allow a ? a.why() : "",
        decision.override().map(o -> o.kind().label() + " by " + o.by().orElse("?") + ": " + o.reason()).orElse(""),
        inForce);
  }

  /** How long an approval or a hotfix grant given in the UI or API holds: one deploy's worth of time. */
  static final java.time.Duration GRANT_VALIDITY = java.time.Duration.ofHours(4);

  /**
   * A person approves deploys of a service, or grants a hotfix override with a reason: recorded in
   * the audit trail, and for {@link #GRANT_VALIDITY} every check of that service (of that environment
   * and version, when the grant names them) counts it, as if the pipeline had said who approved or
   * that it ships a hotfix. The pipeline then needs no change to be let through by a person.
   */
  private void grant(Context ctx) {
    ServiceName service = service(ctx);
    dev.governor.server.access.Requests.requireFor(ctx, dev.governor.access.Role.EDITOR, List.of(service),
        "approve deploys of " + service);
    JsonNode body = dev.governor.server.incidents.Bodies.object(ctx, bodies);
    String kind = dev.governor.server.incidents.Bodies.text(body, "kind", "approval or hotfix", "approval");
    if (!kind.equals("approval") && !kind.equals("hotfix")) {
      throw HttpProblem.BadRequest.field("kind", "the field 'kind' must be approval or hotfix, got '"
          + dev.governor.text.Quoted.bounded(kind) + "'", "approval");
    }
    String reason = dev.governor.server.incidents.Bodies.text(body, "reason", "why it may go out", "fixes the checkout outage");
    if (reason.length() > 1000) throw HttpProblem.BadRequest.field("reason", "the field 'reason' holds at most 1000 characters", "…");
    Optional<String> environment = dev.governor.server.incidents.Bodies.optionalText(body, "environment", "production");
    Optional<String> version = dev.governor.server.incidents.Bodies.optionalText(body, "version", "1.4.3");
    String by = dev.governor.server.access.Requests.actor(ctx,
        dev.governor.server.incidents.Bodies.optionalText(body, "by", "alice"));
    Instant at = clock.instant();
    AuditEntry entry = audit.record(new AuditEntry(0, at,
        kind.equals("approval") ? AuditEntry.Action.GATE_APPROVAL : AuditEntry.Action.GATE_HOTFIX_GRANT,
        service.value(), environment, version, "granted", Optional.of(by), Optional.of(reason),
        "valid until " + at.plus(GRANT_VALIDITY)));
    grants.recorded(entry);
    dev.governor.server.access.Requests.auditDetail(ctx, kind + ": " + reason);
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("id", entry.id());
    json.put("kind", kind);
    json.put("service", service.value());
    json.put("environment", environment.orElse(null));
    json.put("version", version.orElse(null));
    json.put("by", by);
    json.put("reason", reason);
    json.put("validUntil", at.plus(GRANT_VALIDITY).toString());
    ctx.status(201).json(json);
  }

  /**
   * The request with the grants people gave for it: an approval names its approver when the
   * pipeline named none, a hotfix grant makes it a hotfix with the grant's reason.
   */
  GateRequest withGrants(GateRequest request) {
    Instant since = clock.instant().minus(GRANT_VALIDITY);
    Optional<String> approvedBy = request.approvedBy();
    boolean hotfix = request.hotfix();
    Optional<String> reason = request.reason();
    for (AuditEntry e : grants.of(request.service().value(), since)) {
      boolean fits = e.environment().map(env -> request.environment().map(env::equals).orElse(false)).orElse(true)
          && e.version().map(v -> request.version().map(v::equals).orElse(false)).orElse(true);
      if (!fits) continue;
      if (e.action() == AuditEntry.Action.GATE_APPROVAL && approvedBy.isEmpty()) approvedBy = e.actor();
      if (e.action() == AuditEntry.Action.GATE_HOTFIX_GRANT && !hotfix && !request.rollback()) {
        hotfix = true;
        if (reason.isEmpty()) reason = e.reason();
      }
    }
    return new GateRequest(request.service(), request.environment(), request.version(), hotfix, request.rollback(),
        reason, request.actor(), approvedBy);
  }

  /** The decision a pipeline acts on, from a JSON body; recorded in the audit trail with any override. */
  private void check(Context ctx) {
    ServiceName service = service(ctx);
    dev.governor.server.access.Requests.requireFor(ctx, dev.governor.access.Role.EDITOR, List.of(service),
        "check the gate of " + service);
    GateRequest request = withGrants(checkRequest(ctx, service));
    Decided decided = decide(request);
    GateDecision decision = decided.decision();
    String detail = auditDetail(decision);
    AuditEntry recorded = audit.record(new AuditEntry(0, decided.at(), AuditEntry.Action.GATE_DECISION,
        service.value(), request.environment(), request.version(), decision.verdict(), request.actor(),
        request.reason(), detail));
    decision.override().ifPresent(o -> audit.record(new AuditEntry(0, decided.at(), AuditEntry.Action.GATE_OVERRIDE,
        service.value(), request.environment(), request.version(), o.kind().label(), o.by().or(request::actor),
        Optional.of(o.reason()), detail)));
    respond(ctx, request, decided, Optional.of(recorded.id()));
  }

  /**
   * The audit entry's detail: who judged on the first line ("judged by policy default"), then each
   * reason, or for an allow why nothing held the deploy.
   */
  static String auditDetail(GateDecision decision) {
    List<String> lines = new ArrayList<>();
    List<String> judges = decision.policies();
    lines.add("judged by " + (judges.isEmpty() ? "no policy"
        : (judges.size() == 1 ? "policy " : "policies ") + String.join(", ", judges)));
    if (decision instanceof GateDecision.Allow allow) lines.add(allow.why());
    decision.reasons().forEach(r -> lines.add(r.message()));
    return String.join("\n", lines);
  }

  private static ServiceName service(Context ctx) {
    String service = ctx.pathParam("service");
    if (!Names.isValid(service)) {
      throw new HttpProblem.BadRequest("'" + service + "' is not a service name (lowercase letters, digits, '-', '_', '.')");
    }
    return ServiceName.of(service);
  }

  static final List<String> CHECK_FIELDS =
      List.of("environment", "version", "hotfix", "rollback", "reason", "actor", "approvedBy");

  /** The body of a check: every field optional, an empty body a plain deploy of the service. */
  private GateRequest checkRequest(Context ctx, ServiceName service) {
    byte[] raw = bodies.read(ctx);
    if (raw.length == 0) return GateRequest.of(service);
    RequestBodies.requireMediaType(ctx, List.of("application/json"));
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(raw);
    } catch (JacksonException e) {
      throw new HttpProblem.BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
    }
    if (body == null || !body.isObject()) {
      throw new HttpProblem.BadRequest("the body must be a JSON object such as {\"environment\": \"production\"}");
    }
    for (String field : body.propertyNames()) {
      if (!CHECK_FIELDS.contains(field)) {
        throw new HttpProblem.BadRequest("unknown field '" + field + "'; a gate check has " + CHECK_FIELDS);
      }
    }
    return new GateRequest(service, text(body, "environment"), text(body, "version"), flag(body, "hotfix"),
        flag(body, "rollback"), text(body, "reason"), text(body, "actor"), text(body, "approvedBy"));
  }

  private static Optional<String> text(JsonNode body, String field) {
    JsonNode value = body.path(field);
    if (value.isMissingNode() || value.isNull()) return Optional.empty();
    if (!value.isString()) {
      throw new HttpProblem.BadRequest(field + " must be a string, e.g. \"" + field + "\": \"production\", got " + value);
    }
    return Optional.of(value.asString().strip()).filter(v -> !v.isEmpty());
  }

  private static boolean flag(JsonNode body, String field) {
    JsonNode value = body.path(field);
    if (value.isMissingNode() || value.isNull()) return false;
    if (!value.isBoolean()) {
      throw new HttpProblem.BadRequest(field + " must be true or false, e.g. \"" + field + "\": true, got " + value);
    }
    return value.asBoolean();
  }

  private record Decided(GateDecision decision, List<SloBudget> budgets, Instant at) {}

  /**
   * Judges on the statuses of the service's SLOs only and on the policies that name the service or
   * one of them, already read: the work of a decision does not grow with the size of the catalog
   * or the number of policies.
   */
  private Decided decide(GateRequest request) {
    Instant now = clock.instant();
    List<SloName> slos = slosOf(request.service());
    List<SloBudget> budgets = new ArrayList<>();
    for (SloName slo : slos) {
      // An SLO deleted or moved to another service since the catalog was read is not the service's.
      evaluator.status(slo).filter(s -> s.slo().service().equals(request.service())).ifPresent(status -> {
        for (ObjectiveStatus o : status.objectives()) {
          budgets.add(new SloBudget(status.slo().name(), status.slo().service(), o.objective(), o.budget().remaining(),
              o.noData()));
        }
      });
    }
    List<ErrorBudgetPolicy> judging = new ArrayList<>(policies.snapshot().forService(request.service(), slos));
    defaultPolicy.ifPresent(judging::add);
    return new Decided(Gate.decide(request, judging, budgets, incidentFreezes.get(), now), budgets, now);
  }

  /** The service's SLO names, from an index kept for as long as the evaluator holds the same catalog. */
  private List<SloName> slosOf(ServiceName service) {
    Catalog catalog = evaluator.catalog();
    SloIndex index = sloIndex;
    if (index.catalog() != catalog) {
      index = new SloIndex(catalog, catalog.sloNamesByService());
      sloIndex = index;
    }
    return index.byService().getOrDefault(service, List.of());
  }

  private record SloIndex(Catalog catalog, Map<ServiceName, List<SloName>> byService) {}

  private static void respond(Context ctx, GateRequest request, Decided decided, Optional<Long> auditId) {
    GateDecision decision = decided.decision();
    ctx.json(new GateView(request.service().value(), request.environment().orElse(null),
        request.version().orElse(null), decision.verdict(), decision.policies(),
        decision instanceof GateDecision.AllowWithWarning w && w.approvalRequired(),
        decision instanceof GateDecision.Allow a ? a.why() : null,
        decision.reasons().stream().map(r -> new ReasonView(r.policy(), r.rule(), r.action().label(),
            r.slo().orElse(null), r.objective().orElse(null), r.budgetRemaining().orElse(null),
            r.freeze().orElse(null), r.message())).toList(),
        decision.override().map(o -> new OverrideView(o.kind().label(), o.reason(), o.by().orElse(null))).orElse(null),
        decided.budgets().stream().map(b -> new BudgetView(b.slo().value(), b.objective(), b.remaining(), b.noData()))
            .toList(),
        decided.at(), auditId.isEmpty(), auditId.orElse(null)));
  }

  record AuditView(long id, Instant at, String action, String subject, String environment, String version,
      String outcome, String actor, String reason, String detail) {}

  record AuditList(List<AuditView> entries) {}

  private void auditList(Context ctx) {
    int limit = DEFAULT_LIMIT;
    String text = ctx.queryParam("limit");
    if (text != null && !text.isEmpty()) {
      try {
        limit = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw HttpProblem.BadRequest.parameter("limit", "limit must be a whole number from 1 to " + MAX_LIMIT
            + ", got '" + text + "'", "limit=50");
      }
    }
    ctx.json(new AuditList(audit.list(param(ctx, "subject"), limit).stream()
        .map(e -> new AuditView(e.id(), e.at(), e.action().label(), e.subject(), e.environment().orElse(null),
            e.version().orElse(null), e.outcome(), e.actor().orElse(null), e.reason().orElse(null), e.detail()))
        .toList()));
  }

  private static Optional<String> param(Context ctx, String name) {
    return Optional.ofNullable(ctx.queryParam(name)).map(String::strip).filter(v -> !v.isEmpty());
  }

  private static boolean bool(Context ctx, String name) {
    Optional<String> value = param(ctx, name);
    if (value.isEmpty()) return false;
    return switch (value.get().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw HttpProblem.BadRequest.parameter(name, name + " must be true or false, got '" + value.get() + "'",
          name + "=true");
    };
  }

}

package dev.governor.server.ui;

import dev.governor.access.AuditLog;
import dev.governor.access.AuditRecord;
import dev.governor.access.TeamName;
import dev.governor.basics.Names;
import dev.governor.basics.SloName;
import dev.governor.server.gates.GateRoutes;
import dev.governor.server.slo.SpecCatalog;
import dev.governor.slo.Evaluator;
import dev.governor.slo.ServiceName;
import dev.governor.slo.Slo;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pages where people change things: the SLO editor, a service's deploy gate with its
 * approvals, the audit log and the account page. Their forms post to the API (see app.js), so
 * each action has the API's checks and lands in the audit log once.
 */
public final class ActionPages {

  private final Evaluator evaluator;
  private final SpecCatalog specs;
  private final GateRoutes gates;
  private final AuditLog audit;
  private final java.util.function.Supplier<List<dev.governor.access.ApiToken>> tokens;

  ActionPages(Evaluator evaluator, SpecCatalog specs, GateRoutes gates, AuditLog audit,
      java.util.function.Supplier<List<dev.governor.access.ApiToken>> tokens) {
    this.evaluator = evaluator;
    this.specs = specs;
    this.gates = gates;
    this.audit = audit;
    this.tokens = tokens;
  }

  void register(RoutesConfig routes) {
    routes.get("/slos/{name}/edit", this::editor);
    routes.get("/gates/{service}", this::gate);
    routes.get("/audit", this::auditPage);
    routes.get("/account", this::account);
  }

  /** The SLO's document as applied, to edit, preview as a diff and apply. */
  public record Editor(String name, String service, String source) {}

  private void editor(Context ctx) {
    String name = ctx.pathParam("name");
    Optional<Slo> slo = Names.isValid(name) ? evaluator.catalog().slo(new SloName(name)) : Optional.empty();
    if (slo.isEmpty()) {
      ctx.status(404);
      UiRoutes.render(ctx, "not_found.jte", Map.of("name", name.length() > 100 ? name.substring(0, 100) : name));
      return;
    }
    UiRoutes.render(ctx, "slo_edit.jte", Map.of("page", new Editor(name, slo.get().service().value(),
        specs.sloSource(slo.get().name()).orElse(""))));
  }

  private void gate(Context ctx) {
    String service = ctx.pathParam("service");
    if (!Names.isValid(service)) {
      ctx.status(404);
      UiRoutes.render(ctx, "not_found.jte", Map.of("name", service.length() > 100 ? service.substring(0, 100) : service));
      return;
    }
    Optional<String> environment = Optional.ofNullable(ctx.queryParam("environment")).filter(Names::isValid);
    UiRoutes.render(ctx, "gate.jte", Map.of("page", gates.page(ServiceName.of(service), environment)));
  }

  /** The audit page: the filter as given, and what it finds. */
  public record AuditPage(String actor, String team, String subject, List<AuditRecord> records) {}

  private void auditPage(Context ctx) {
    String actor = text(ctx, "actor");
    String team = text(ctx, "team");
    String subject = text(ctx, "subject");
    List<AuditRecord> records = audit.list(new AuditRecord.Query(Optional.of(actor).filter(s -> !s.isEmpty()),
        Optional.of(team).filter(Names::isValid).map(TeamName::of), Optional.of(subject).filter(s -> !s.isEmpty()), 200));
    UiRoutes.render(ctx, "audit.jte", Map.of("page", new AuditPage(actor, team, subject, records)));
  }

  /** The account page: one's own password, and for an admin the service-account tokens. */
  public record AccountPage(List<dev.governor.access.ApiToken> tokens) {}

  private void account(Context ctx) {
    boolean admin = dev.governor.server.access.Viewer.of(ctx).isAdmin();
    UiRoutes.render(ctx, "account.jte", Map.of("page", new AccountPage(admin ? tokens.get() : List.of())));
  }

  private static String text(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null ? "" : value.strip().length() > 300 ? value.strip().substring(0, 300) : value.strip();
  }
}

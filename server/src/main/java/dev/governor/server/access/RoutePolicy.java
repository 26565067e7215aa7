package dev.governor.server.access;

import dev.governor.access.Role;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who may call each route: the whole table in one place, so that a reviewer reads every route's
 * rule at once and a test holds it to the router (a route missing here is refused to everyone
 * but admins, and the test fails).
 *
 * <p>Reads need a viewer, anywhere. Writes name the role they need and whether it must be global
 * (accounts, backups, silences by matcher) or may come from the team that owns the service (a
 * responder of the payments team acknowledges the payments incidents); for the latter the handler
 * checks the service once it knows it ({@link Requests#requireFor}).
 */
public final class RoutePolicy {

  /** What a route asks of the caller. */
  public sealed interface Rule {}

  /** Open to anyone: health, sign-in, the public status page. */
  public record Public() implements Rule {}

  /** Checks credentials of its own (a webhook's signature, an integration key, a signed link). */
  public record OwnCredentials() implements Rule {}

  /**
   * Needs a caller with {@code role}: {@code global} only from the account's or token's global role,
   * otherwise also from a team role (and the handler checks the service).
   *
   * @param action how the audit log names a write; empty for reads, which are not audited
   */
  public record Signed(Role role, boolean global, String action) implements Rule {}

  private static final Rule PUBLIC = new Public();
  private static final Rule OWN = new OwnCredentials();

  private final Map<String, Rule> rules = new HashMap<>();
  private final String statusPath;

  public RoutePolicy(boolean publicMetrics, String statusPath) {
    this.statusPath = statusPath;
    open("GET /healthz", "GET /readyz", "GET /api/openapi.yaml", "GET /login", "POST /login", "GET /auth/oidc/start",
        "GET /auth/oidc/callback");
    if (publicMetrics) open("GET /metrics");
    else read("GET /metrics");
    own("POST /api/v1/integrations/github", "POST /api/v1/integrations/gitlab", "POST /api/v1/integrations/alertmanager",
        "POST /v2/enqueue", "GET /ack/{id}", "POST /ack/{id}");

    read("GET /", "GET /alerts", "GET /dora", "GET /incidents", "GET /incidents/{id}", "GET /oncall", "GET /probes",
        "GET /probes/{name}", "GET /capacity", "GET /adjustments", "GET /slos/{name}", "GET /fragments/incidents",
        "GET /fragments/overview", "GET /audit", "GET /account", "GET /silences", "GET /slos/{name}/edit",
        "GET /gates/{service}", "GET /reports/slo");
    read("GET /api/v1/adjustments", "GET /api/v1/adjustments/{name}", "GET /api/v1/composites",
        "GET /api/v1/composites/{name}");
    read("GET /api/v1/me", "GET /api/v1/slos", "GET /api/v1/slos/{name}", "GET /api/v1/slos/{name}/status",
        "GET /api/v1/slos/{name}/timeseries", "GET /api/v1/slos/{name}/instances", "GET /api/v1/slos/{name}/attribution", "GET /api/v1/slos/{name}/rules",
        "GET /api/v1/status", "GET /api/v1/sources", "GET /api/v1/alerts", "GET /api/v1/incidents",
        "GET /api/v1/incidents/stats", "GET /api/v1/incidents/{id}", "GET /api/v1/incidents/{id}/postmortem",
        "GET /api/v1/incidents/{id}/deployments", "GET /api/v1/silences", "GET /api/v1/silences/{id}",
        "GET /api/v1/maintenance-windows", "GET /api/v1/deployments", "GET /api/v1/deployments/{id}", "GET /api/v1/dora",
        "GET /api/v1/policies", "GET /api/v1/gates/{service}", "GET /api/v1/audit", "GET /api/v1/oncall",
        "GET /api/v1/users", "GET /api/v1/users/{name}", "GET /api/v1/users/{name}/ical", "GET /api/v1/schedules",
        "GET /api/v1/schedules/{name}", "GET /api/v1/schedules/{name}/oncall", "GET /api/v1/schedules/{name}/ical",
        "GET /api/v1/escalation-policies", "GET /api/v1/escalation-policies/{name}", "GET /api/v1/notifications",
        "GET /api/v1/backups", "GET /api/v1/dr/drills", "GET /api/v1/dr/drills/{id}", "GET /api/v1/capacity/signals",
        "GET /api/v1/capacity", "GET /api/v1/capacity/{name}", "GET /api/v1/capacity/slis/{sli}", "GET /api/v1/probes",
        "GET /api/v1/probes/{name}", "GET /api/v1/probes/{name}/results", "GET /api/v1/probes/{name}/days",
        "GET /api/v1/status/page", "GET /api/v1/status/overrides", "GET /api/v1/incidents/{id}/status-updates",
        "GET /api/v1/status/maintenances", "GET /api/v1/status/subscribers", "GET /api/v1/audit/actions",
        "GET /api/v1/teams", "GET /api/v1/teams/{name}", "GET /api/v1/reports/slo", "GET /api/v1/cluster");
    signed("POST /logout", Role.VIEWER, false, "session.sign-out");
    signed("GET /api/v1/export", Role.EDITOR, false, "");

    team(Role.RESPONDER, "POST /api/v1/incidents/{id}/acknowledge", "incident.acknowledge");
    team(Role.RESPONDER, "POST /api/v1/incidents/{id}/resolve", "incident.resolve");
    team(Role.RESPONDER, "POST /api/v1/incidents/{id}/reopen", "incident.reopen");
    team(Role.RESPONDER, "POST /api/v1/incidents/{id}/notes", "incident.note");
    team(Role.RESPONDER, "POST /api/v1/incidents/{id}/roles", "incident.role");
    global(Role.RESPONDER, "POST /api/v1/incidents/{id}/deployments", "incident.link-deployment");
    global(Role.RESPONDER, "DELETE /api/v1/incidents/{id}/deployments/{deployment}", "incident.unlink-deployment");
    global(Role.RESPONDER, "POST /api/v1/incidents/{id}/status-updates", "status.update");
    global(Role.RESPONDER, "POST /api/v1/silences", "silence.create");
    global(Role.RESPONDER, "DELETE /api/v1/silences/{id}", "silence.expire");
    global(Role.RESPONDER, "PUT /api/v1/status/components/{key}/override", "status.override");
    global(Role.RESPONDER, "DELETE /api/v1/status/components/{key}/override", "status.override-clear");

    team(Role.EDITOR, "POST /api/v1/slos", "slo.apply");
    team(Role.EDITOR, "DELETE /api/v1/slos/{name}", "slo.delete");
    team(Role.EDITOR, "POST /api/v1/composites", "composite.apply");
    team(Role.EDITOR, "DELETE /api/v1/composites/{name}", "composite.delete");
    team(Role.EDITOR, "POST /api/v1/adjustments", "adjustment.apply");
    team(Role.EDITOR, "DELETE /api/v1/adjustments/{name}", "adjustment.delete");
    global(Role.EDITOR, "DELETE /api/v1/openslo/{kind}/{name}", "openslo.delete");
    global(Role.EDITOR, "POST /api/v1/events", "");
    global(Role.EDITOR, "POST /api/v1/write", "");
    global(Role.EDITOR, "POST /v1/metrics", "");
    team(Role.EDITOR, "POST /api/v1/deployments", "deployment.record");
    global(Role.EDITOR, "PATCH /api/v1/deployments/{id}/outcome", "deployment.outcome");
    global(Role.EDITOR, "POST /api/v1/deployments/{id}/outcome", "deployment.outcome");
    global(Role.EDITOR, "POST /api/v1/deployments/{id}/verification", "deployment.verification");
    global(Role.EDITOR, "POST /api/v1/policies", "policy.apply");
    global(Role.EDITOR, "DELETE /api/v1/policies/{name}", "policy.delete");
    team(Role.EDITOR, "POST /api/v1/gates/{service}/check", "gate.check");
    team(Role.EDITOR, "POST /api/v1/gates/{service}/approvals", "gate.approve");
    global(Role.EDITOR, "POST /api/v1/maintenance-windows", "maintenance-window.create");
    global(Role.EDITOR, "DELETE /api/v1/maintenance-windows/{name}", "maintenance-window.delete");
    global(Role.EDITOR, "POST /api/v1/oncall", "oncall.apply");
    global(Role.EDITOR, "DELETE /api/v1/users/{name}", "oncall.delete-user");
    global(Role.EDITOR, "DELETE /api/v1/schedules/{name}", "oncall.delete-schedule");
    global(Role.EDITOR, "DELETE /api/v1/escalation-policies/{name}", "oncall.delete-escalation-policy");
    global(Role.EDITOR, "POST /api/v1/notifications/test", "notification.test");
    global(Role.EDITOR, "POST /api/v1/capacity/signals", "capacity.apply");
    global(Role.EDITOR, "DELETE /api/v1/capacity/signals/{name}", "capacity.delete");
    global(Role.EDITOR, "POST /api/v1/probes", "probe.apply");
    global(Role.EDITOR, "DELETE /api/v1/probes/{name}", "probe.delete");
    global(Role.EDITOR, "POST /api/v1/status/page", "status.page-apply");
    global(Role.EDITOR, "DELETE /api/v1/status/page", "status.page-delete");
    global(Role.EDITOR, "POST /api/v1/status/maintenances", "status.maintenance");
    global(Role.EDITOR, "DELETE /api/v1/status/maintenances/{id}", "status.maintenance-cancel");
    global(Role.EDITOR, "POST /api/v1/status/subscribers", "status.subscribe");
    global(Role.EDITOR, "DELETE /api/v1/status/subscribers/{id}", "status.unsubscribe");

    signed("POST /api/v1/backups", Role.ADMIN, true, "backup.create");
    signed("POST /api/v1/dr/drills", Role.ADMIN, true, "dr.drill");
    signed("GET /api/v1/accounts", Role.ADMIN, true, "");
    signed("GET /api/v1/accounts/{name}", Role.ADMIN, true, "");
    signed("POST /api/v1/accounts", Role.ADMIN, true, "account.add");
    signed("PATCH /api/v1/accounts/{name}", Role.ADMIN, true, "account.change");
    signed("PUT /api/v1/accounts/{name}/password", Role.VIEWER, false, "account.password");
    signed("GET /api/v1/tokens", Role.ADMIN, true, "");
    signed("POST /api/v1/tokens", Role.ADMIN, true, "token.create");
    signed("DELETE /api/v1/tokens/{id}", Role.ADMIN, true, "token.revoke");
    signed("POST /api/v1/teams", Role.ADMIN, true, "team.apply");
    signed("DELETE /api/v1/teams/{name}", Role.ADMIN, true, "team.delete");
  }

  /** The rule of a route as the router names it ({@code POST /api/v1/incidents/{id}/acknowledge}). */
  public Optional<Rule> ruleOf(String method, String pathTemplate) {
    Rule rule = rules.get(method + " " + pathTemplate);
    if (rule != null) return Optional.of(rule);
    // The public status page lives wherever status.path puts it; everything under it is public.
    if (method.equals("GET") && (pathTemplate.equals(statusPath) || pathTemplate.startsWith(statusPath + "/"))) {
      return Optional.of(PUBLIC);
    }
    return Optional.empty();
  }

  /** Every route in the table, for the test that holds it to the router. */
  public java.util.Set<String> routes() {
    return java.util.Set.copyOf(rules.keySet());
  }

  private void open(String... routes) {
    for (String r : routes) put(r, PUBLIC);
  }

  private void own(String... routes) {
    for (String r : routes) put(r, OWN);
  }

  private void read(String... routes) {
    for (String r : routes) put(r, new Signed(Role.VIEWER, false, ""));
  }

  private void team(Role role, String route, String action) {
    put(route, new Signed(role, false, action));
  }

  private void global(Role role, String route, String action) {
    put(route, new Signed(role, true, action));
  }

  private void signed(String route, Role role, boolean global, String action) {
    put(route, new Signed(role, global, action));
  }

  private void put(String route, Rule rule) {
    if (rules.put(route, rule) != null) throw new IllegalStateException("two rules for " + route);
  }
}

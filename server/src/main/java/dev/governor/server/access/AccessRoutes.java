package dev.governor.server.access;

import dev.governor.access.Account;
import dev.governor.access.AccountName;
import dev.governor.access.ApiToken;
import dev.governor.access.AuditLog;
import dev.governor.access.AuditRecord;
import dev.governor.access.Principal;
import dev.governor.access.Role;
import dev.governor.access.SessionStore;
import dev.governor.access.Team;
import dev.governor.access.TeamName;
import dev.governor.basics.Names;
import dev.governor.ingest.access.TeamReader;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.QueryParams;
import dev.governor.server.http.RequestBodies;
import dev.governor.server.incidents.Bodies;
import dev.governor.slo.ServiceName;
import dev.governor.slo.SpecProblem;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * People and access over the API: {@code /api/v1/me}, accounts ({@code /api/v1/accounts}),
 * service-account tokens ({@code /api/v1/tokens}), Team documents ({@code /api/v1/teams}) and the
 * audit log of actions ({@code /api/v1/audit/actions}). Every change goes through
 * {@link AccessDirectory#reload()} so the next request sees it.
 */
public final class AccessRoutes {

  static final List<String> YAML = List.of("application/yaml", "application/x-yaml", "text/yaml");
  private static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(3650);

  private final AccessDirectory directory;
  private final SessionStore sessions;
  private final AuditLog audit;
  private final Passwords passwords;
  private final RequestBodies bodies;
  private final InstantSource clock;

  public AccessRoutes(AccessDirectory directory, SessionStore sessions, AuditLog audit, Passwords passwords,
      RequestBodies bodies, InstantSource clock) {
    this.directory = directory;
    this.sessions = sessions;
    this.audit = audit;
    this.passwords = passwords;
    this.bodies = bodies;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/v1/me", this::me);
    routes.get("/api/v1/accounts", ctx -> ctx.json(Map.of("accounts", directory.accounts().stream().map(this::view).toList())));
    routes.get("/api/v1/accounts/{name}", ctx -> ctx.json(view(account(ctx))));
    routes.post("/api/v1/accounts", this::addAccount);
    routes.patch("/api/v1/accounts/{name}", this::changeAccount);
    routes.put("/api/v1/accounts/{name}/password", this::setPassword);
    routes.get("/api/v1/tokens", ctx -> ctx.json(Map.of("tokens", directory.store().tokens().stream().map(AccessRoutes::view).toList())));
    routes.post("/api/v1/tokens", this::createToken);
    routes.delete("/api/v1/tokens/{id}", this::revokeToken);
    routes.get("/api/v1/teams", ctx -> ctx.json(Map.of("teams", directory.teams().all().stream().map(AccessRoutes::view).toList())));
    routes.get("/api/v1/teams/{name}", ctx -> ctx.json(view(team(ctx))));
    routes.post("/api/v1/teams", this::applyTeams);
    routes.delete("/api/v1/teams/{name}", this::deleteTeam);
    routes.get("/api/v1/audit/actions", ctx -> ctx.json(Map.of("actions", list(ctx).stream().map(AccessRoutes::view).toList())));
  }

  // ----- who am I

  private void me(Context ctx) {
    Principal p = Requests.principal(ctx);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("actor", p.actor());
    json.put("displayName", p.displayName());
    json.put("kind", p.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    json.put("globalRole", p.globalRole().map(Role::label).orElse(null));
    Map<String, String> teams = new LinkedHashMap<>();
    p.teamRoles().forEach((t, r) -> teams.put(t.value(), r.label()));
    json.put("teams", teams);
    json.put("signInRequired", directory.signInOn());
    ctx.json(json);
  }

  // ----- accounts

  private void addAccount(Context ctx) {
    JsonNode body = Bodies.object(ctx, bodies);
    String nameText = Bodies.text(body, "name", "the account name people sign in with", "alice").strip();
    if (!Names.isValid(nameText)) {
      throw HttpProblem.BadRequest.field("name", "the field 'name' must be 1-253 lowercase letters, digits, '-', '_'"
          + " or '.', starting and ending with a letter or digit, got '" + dev.governor.text.Quoted.bounded(nameText) + "'", "alice");
    }
    AccountName name = AccountName.of(nameText);
    if (directory.account(name).isPresent()) {
      throw new HttpProblem.Conflict("an account named " + name + " exists; change it with PATCH /api/v1/accounts/"
          + name + " or `governor user passwd`", List.of());
    }
    Role role = role(body, "role", Role.VIEWER);
    Optional<String> password = Bodies.optionalText(body, "password", "a long passphrase");
    Optional<String> hash = password.map(p -> hashChecked(p));
    Account account = new Account(name, Bodies.optionalText(body, "displayName", "Alice Example").orElse(""),
        email(body), role, hash, Account.Origin.LOCAL, false, clock.instant());
    directory.store().saveAccount(account);
    directory.reload();
    Requests.auditDetail(ctx, "role " + role.label() + (hash.isPresent() ? ", with a password" : ", single sign-on only"));
    ctx.attribute(Requests.AUDIT_SUBJECT, "account/" + name);
    ctx.status(201).json(view(account));
  }

  private void changeAccount(Context ctx) {
    Account account = account(ctx);
    JsonNode body = Bodies.object(ctx, bodies);
    Account changed = account;
    List<String> what = new ArrayList<>();
    if (body.has("role")) {
      changed = changed.withGlobalRole(role(body, "role", account.globalRole()));
      what.add("role " + changed.globalRole().label());
    }
    if (body.has("disabled")) {
      if (!body.get("disabled").isBoolean()) {
        throw HttpProblem.BadRequest.field("disabled", "the field 'disabled' must be true or false", "true");
      }
      changed = changed.withDisabled(body.get("disabled").asBoolean());
      what.add(changed.disabled() ? "disabled" : "enabled");
    }
    if (body.has("displayName") || body.has("email")) {
      changed = changed.withProfile(Bodies.optionalText(body, "displayName", "Alice Example").orElse(account.displayName()),
          body.has("email") ? email(body) : account.email());
      what.add("profile");
    }
    Principal me = Requests.principal(ctx);
    if (me.actor().equals(account.name().value()) && (changed.disabled() || !changed.globalRole().includes(Role.ADMIN))
        && me.kind() == Principal.Kind.PERSON) {
      throw new HttpProblem.Conflict("you may not disable yourself or take away your own admin role; ask another admin",
          List.of());
    }
    directory.store().saveAccount(changed);
    // A disabled account and a lowered role take effect at once: its sessions end.
    if (changed.disabled() || !changed.globalRole().includes(account.globalRole())) sessions.revokeAll(account.name());
    directory.reload();
    Requests.auditDetail(ctx, String.join(", ", what));
    ctx.attribute(Requests.AUDIT_SUBJECT, "account/" + account.name());
    ctx.json(view(changed));
  }

  private void setPassword(Context ctx) {
    Account account = account(ctx);
    Principal me = Requests.principal(ctx);
    boolean self = me.kind() == Principal.Kind.PERSON && me.actor().equals(account.name().value());
    if (!self && !me.mayEverywhere(Role.ADMIN)) {
      throw new HttpProblem.Forbidden(me.displayName() + " may set only their own password; an admin sets others'");
    }
    JsonNode body = Bodies.object(ctx, bodies);
    String password = Bodies.text(body, "password", "the new password, at least 12 characters", "a long passphrase");
    if (self && !me.mayEverywhere(Role.ADMIN)) {
      String current = Bodies.text(body, "currentPassword", "your current password", "the old passphrase");
      if (account.passwordHash().map(h -> !passwords.matches(current.toCharArray(), h)).orElse(true)) {
        throw HttpProblem.BadRequest.field("currentPassword", "the field 'currentPassword' is not your current password", "…");
      }
    }
    directory.store().saveAccount(account.withPasswordHash(hashChecked(password)));
    // Every session of the account ends; the one that changed it signs in again.
    int ended = sessions.revokeAll(account.name());
    directory.reload();
    ctx.attribute(Requests.AUDIT_SUBJECT, "account/" + account.name());
    Requests.auditDetail(ctx, "password set; " + ended + " sessions signed out");
    ctx.status(204);
  }

  private String hashChecked(String password) {
    char[] chars = password.toCharArray();
    Optional<String> problem = Passwords.problemWith(chars);
    if (problem.isPresent()) throw HttpProblem.BadRequest.field("password", "the field 'password': " + problem.get(), "…");
    return passwords.hash(chars);
  }

  private Account account(Context ctx) {
    String name = ctx.pathParam("name");
    return (Names.isValid(name) ? directory.account(AccountName.of(name)) : Optional.<Account>empty())
        .orElseThrow(() -> new HttpProblem.NotFound("no account named '" + dev.governor.text.Quoted.bounded(name)
            + "'; list them with GET /api/v1/accounts"));
  }

  private static Optional<String> email(JsonNode body) {
    Optional<String> email = Bodies.optionalText(body, "email", "alice@example.com");
    email.ifPresent(e -> {
      if (e.length() > 254 || !e.matches("[^@\\s]+@[^@\\s]+")) {
        throw HttpProblem.BadRequest.field("email", "the field 'email' must be an address such as alice@example.com", "alice@example.com");
      }
    });
    return email;
  }

  private static Role role(JsonNode body, String field, Role fallback) {
    Optional<String> text = Bodies.optionalText(body, field, "viewer");
    if (text.isEmpty()) return fallback;
    return Role.ofLabel(text.get().strip().toLowerCase(Locale.ROOT)).orElseThrow(() -> HttpProblem.BadRequest.field(field,
        "the field '" + field + "' must be viewer, responder, editor or admin, got '"
            + dev.governor.text.Quoted.bounded(text.get()) + "'", "editor"));
  }

  Map<String, Object> view(Account a) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", a.name().value());
    json.put("displayName", a.displayName());
    json.put("email", a.email().orElse(null));
    json.put("role", a.globalRole().label());
    json.put("origin", a.origin().name().toLowerCase(Locale.ROOT));
    json.put("hasPassword", a.passwordHash().isPresent());
    json.put("disabled", a.disabled());
    json.put("createdAt", a.createdAt().toString());
    Map<String, String> teams = new LinkedHashMap<>();
    directory.teams().rolesOf(a.name(), List.of()).forEach((t, r) -> teams.put(t.value(), r.label()));
    json.put("teams", teams);
    return json;
  }

  // ----- tokens

  private void createToken(Context ctx) {
    JsonNode body = Bodies.object(ctx, bodies);
    String name = Bodies.text(body, "name", "what the token is for", "ci-deploys").strip();
    if (!Names.isValid(name)) {
      throw HttpProblem.BadRequest.field("name", "the field 'name' must be lowercase letters, digits, '-', '_' or '.',"
          + " such as ci-deploys, got '" + dev.governor.text.Quoted.bounded(name) + "'", "ci-deploys");
    }
    if (directory.store().tokens().stream().anyMatch(t -> t.name().equals(name) && t.revokedAt().isEmpty())) {
      throw new HttpProblem.Conflict("a token named " + name + " exists; revoke it first or choose another name", List.of());
    }
    Role role = role(body, "role", Role.VIEWER);
    Optional<TeamName> team = Bodies.optionalText(body, "team", "payments").map(t -> {
      if (!Names.isValid(t) || directory.teams().team(TeamName.of(t)).isEmpty()) {
        throw HttpProblem.BadRequest.field("team", "the field 'team' names no applied team: '"
            + dev.governor.text.Quoted.bounded(t) + "'; list them with GET /api/v1/teams", "payments");
      }
      return TeamName.of(t);
    });
    Instant now = clock.instant();
    Optional<Duration> expiresIn = Bodies.optionalDuration(body, "expiresIn", "90d");
    expiresIn.ifPresent(d -> {
      if (!d.isPositive() || d.compareTo(MAX_TOKEN_LIFETIME) > 0) {
        throw HttpProblem.BadRequest.field("expiresIn", "the field 'expiresIn' must be from 1s to 3650d, such as 90d", "90d");
      }
    });
    AccessDirectory.IssuedToken issued = directory.issueToken(name, team, role, Requests.principal(ctx).actor(),
        expiresIn.map(now::plus));
    ApiToken token = issued.token();
    String secret = issued.secret();
    Map<String, Object> json = view(token);
    json.put("token", secret);
    json.put("note", "the token is shown this once; Governor keeps only its hash");
    ctx.attribute(Requests.AUDIT_SUBJECT, "token/" + name);
    Requests.auditDetail(ctx, "role " + role.label() + team.map(t -> " in team " + t).orElse(" globally"));
    team.ifPresent(t -> Requests.auditTeam(ctx, t));
    ctx.status(201).json(json);
  }

  private void revokeToken(Context ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw HttpProblem.BadRequest.parameter("id", "id must be a token's number, as GET /api/v1/tokens lists them", "3");
    }
    Optional<ApiToken> token = directory.store().tokens().stream().filter(t -> t.id() == id).findFirst();
    if (token.isEmpty()) throw new HttpProblem.NotFound("no token with id " + id + "; list them with GET /api/v1/tokens");
    if (!directory.store().revokeToken(id, clock.instant())) {
      throw new HttpProblem.Conflict("token " + token.get().name() + " is revoked already", List.of());
    }
    directory.reload();
    ctx.attribute(Requests.AUDIT_SUBJECT, "token/" + token.get().name());
    ctx.status(204);
  }

  static Map<String, Object> view(ApiToken t) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", t.id());
    json.put("name", t.name());
    json.put("team", t.team().map(TeamName::value).orElse(null));
    json.put("role", t.role().label());
    json.put("createdAt", t.createdAt().toString());
    json.put("createdBy", t.createdBy());
    json.put("expiresAt", t.expiresAt().map(Instant::toString).orElse(null));
    json.put("lastUsedAt", t.lastUsedAt().map(Instant::toString).orElse(null));
    json.put("revokedAt", t.revokedAt().map(Instant::toString).orElse(null));
    return json;
  }

  // ----- teams

  private void applyTeams(Context ctx) {
    RequestBodies.requireMediaType(ctx, YAML);
    boolean dryRun = "true".equals(ctx.queryParam("dryRun"));
    TeamReader.Parsed parsed = TeamReader.parse("request.yaml", new String(bodies.read(ctx), StandardCharsets.UTF_8));
    if (!parsed.problems().isEmpty()) throw invalid(parsed.problems());
    if (parsed.documents().isEmpty()) {
      throw invalid(List.of(new SpecProblem("request.yaml", 1, "", 0, "the body holds no Team document; nothing to apply")));
    }
    Map<TeamName, String> before = new HashMap<>();
    directory.store().teams().forEach(t -> before.put(t.name(), t.source()));
    List<Team> after = new ArrayList<>(directory.teams().all());
    List<dev.governor.access.AccessStore.StoredTeam> changed = new ArrayList<>();
    List<Map<String, String>> applied = new ArrayList<>();
    for (TeamReader.TeamDocument doc : parsed.documents()) {
      TeamName name = doc.team().name();
      after.removeIf(t -> t.name().equals(name));
      after.add(doc.team());
      String result = !before.containsKey(name) ? "created" : before.get(name).equals(doc.source()) ? "unchanged" : "updated";
      if (!result.equals("unchanged")) changed.add(new dev.governor.access.AccessStore.StoredTeam(name, doc.source(), clock.instant()));
      applied.add(Map.of("kind", "Team", "name", name.value(), "result", result));
    }
    try {
      new dev.governor.access.Teams(after);
    } catch (IllegalArgumentException e) {
      throw invalid(List.of(new SpecProblem("request.yaml", 1, "spec.services", 0, e.getMessage())));
    }
    if (!dryRun && !changed.isEmpty()) {
      directory.store().applyTeams(changed);
      directory.reload();
    }
    ctx.attribute(Requests.AUDIT_SUBJECT, "teams");
    Requests.auditDetail(ctx, applied.stream().map(a -> a.get("name") + " " + a.get("result")).toList().toString());
    ctx.json(Map.of("dryRun", dryRun, "applied", applied));
  }

  private void deleteTeam(Context ctx) {
    Team team = team(ctx);
    directory.store().deleteTeam(team.name());
    directory.reload();
    ctx.attribute(Requests.AUDIT_SUBJECT, "team/" + team.name());
    ctx.status(204);
  }

  private Team team(Context ctx) {
    String name = ctx.pathParam("name");
    return (Names.isValid(name) ? directory.teams().team(TeamName.of(name)) : Optional.<Team>empty())
        .orElseThrow(() -> new HttpProblem.NotFound("no team named '" + dev.governor.text.Quoted.bounded(name)
            + "'; list them with GET /api/v1/teams"));
  }

  static Map<String, Object> view(Team t) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", t.name().value());
    json.put("displayName", t.displayName());
    json.put("services", t.services().stream().map(ServiceName::value).sorted().toList());
    Map<String, String> members = new java.util.TreeMap<>();
    t.members().forEach((a, r) -> members.put(a.value(), r.label()));
    json.put("members", members);
    Map<String, String> groups = new java.util.TreeMap<>();
    t.groups().forEach((g, r) -> groups.put(g, r.label()));
    json.put("groups", groups);
    return json;
  }

  private static HttpProblem invalid(List<SpecProblem> problems) {
    return new HttpProblem.InvalidDocument(problems.size() + (problems.size() == 1 ? " problem" : " problems")
        + " in the teams; nothing was applied. Fix them and apply again.", problems);
  }

  // ----- audit

  List<AuditRecord> list(Context ctx) {
    Optional<String> actor = Optional.ofNullable(ctx.queryParam("actor")).filter(s -> !s.isBlank()).map(String::strip);
    Optional<TeamName> team = Optional.ofNullable(ctx.queryParam("team")).filter(s -> !s.isBlank()).map(t -> {
      if (!Names.isValid(t)) throw HttpProblem.BadRequest.parameter("team", "team must be a team name such as payments", "payments");
      return TeamName.of(t);
    });
    Optional<String> subject = Optional.ofNullable(ctx.queryParam("subject")).filter(s -> !s.isBlank()).map(String::strip);
    int limit = QueryParams.limit(ctx, 100, 1000);
    if (actor.map(String::length).orElse(0) > 300 || subject.map(String::length).orElse(0) > 300) {
      throw HttpProblem.BadRequest.parameter("actor", "actor and subject hold at most 300 characters", "alice");
    }
    return audit.list(new AuditRecord.Query(actor, team, subject, limit));
  }

  static Map<String, Object> view(AuditRecord r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", r.id());
    json.put("at", r.at().toString());
    json.put("actor", r.actor());
    json.put("action", r.action());
    json.put("subject", r.subject());
    json.put("team", r.team().map(TeamName::value).orElse(null));
    json.put("detail", r.detail());
    return json;
  }
}

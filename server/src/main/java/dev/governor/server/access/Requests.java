package dev.governor.server.access;

import dev.governor.access.Principal;
import dev.governor.access.Role;
import dev.governor.access.TeamName;
import dev.governor.access.Teams;
import dev.governor.server.http.HttpProblem;
import dev.governor.slo.ServiceName;
import io.javalin.http.Context;
import java.util.Collection;
import java.util.Optional;

/**
 * What a route handler asks about the person behind a request: who they are, and whether they may
 * act on a service. {@link AccessGuard} has already checked the route's role; a handler asks here
 * only for the service-level check of a route whose service is known once the body or the subject
 * is read (an incident's services, an SLO document's service).
 */
public final class Requests {

  static final String PRINCIPAL = "governor.principal";
  static final String SESSION = "governor.session";
  static final String TEAMS = "governor.teams";
  static final String AUDIT_TEAM = "governor.audit.team";
  static final String AUDIT_DETAIL = "governor.audit.detail";
  static final String AUDIT_SUBJECT = "governor.audit.subject";

  private Requests() {}

  /** Who asks; {@link Principal#ANONYMOUS} on a server with sign-in off. */
  public static Principal principal(Context ctx) {
    Principal p = ctx.attribute(PRINCIPAL);
    return p == null ? Principal.ANONYMOUS : p;
  }

  /**
   * The name the timeline records for an action: the person signed in, whatever the body says, so
   * nobody acts in another's name; for a service account or an open server, {@code claimed} (the
   * body's {@code by}) when given, else the token's own name.
   */
  public static String actor(Context ctx, Optional<String> claimed) {
    Principal p = principal(ctx);
    if (p.kind() == Principal.Kind.PERSON) return p.actor();
    return claimed.filter(c -> !c.isBlank()).orElse(p.actor());
  }

  /** True when the caller acts as a signed-in person, whose name is the actor. */
  public static boolean isPerson(Context ctx) {
    return principal(ctx).kind() == Principal.Kind.PERSON;
  }

  /**
   * Refuses with 403 unless the caller may do what {@code needed} allows for one of {@code services}
   * (globally when there are none), and notes the owning team for the audit log.
   */
  public static void requireFor(Context ctx, Role needed, Collection<ServiceName> services, String what) {
    Principal p = principal(ctx);
    Teams teams = teams(ctx);
    services.stream().map(teams::ownerOf).flatMap(Optional::stream).findFirst().ifPresent(t -> auditTeam(ctx, t));
    if (p.mayEverywhere(needed)) return;
    if (!services.isEmpty() && services.stream().anyMatch(s -> p.mayFor(needed, s, teams))) return;
    throw new HttpProblem.Forbidden(p.displayName() + " may not " + what + ": that needs the " + needed.label()
        + " role " + (services.isEmpty() ? "globally"
            : "globally or in the team that owns " + services.stream().map(ServiceName::value).sorted().toList()));
  }

  /** The team the audit record of this request names. */
  public static void auditTeam(Context ctx, TeamName team) {
    ctx.attribute(AUDIT_TEAM, team);
  }

  /** A short text the audit record of this request carries: a reason, a note, the names applied. */
  public static void auditDetail(Context ctx, String detail) {
    ctx.attribute(AUDIT_DETAIL, detail);
  }

  static Teams teams(Context ctx) {
    Teams teams = ctx.attribute(TEAMS);
    return teams == null ? Teams.NONE : teams;
  }
}

package dev.governor.server.access;

import dev.governor.access.Principal;
import dev.governor.access.Role;
import dev.governor.access.Session;
import dev.governor.access.Teams;
import dev.governor.slo.ServiceName;
import io.javalin.http.Context;
import java.util.Collection;

/**
 * The person looking at a page, as the templates need them: their name for the header, the CSRF
 * token every form and htmx request carries, and which buttons to show. Hiding a button is only
 * courtesy; the route refuses on its own ({@link AccessGuard}).
 *
 * @param signInOn false on an open server: no name, no sign-out, every button
 * @param csrf the session's CSRF token; empty without a session (a bearer token needs none)
 */
public record Viewer(boolean signInOn, String name, String displayName, String role, String csrf, Principal principal,
    Teams teams) {

  public static Viewer of(Context ctx) {
    Principal p = Requests.principal(ctx);
    Session session = ctx.attribute(Requests.SESSION);
    boolean on = p.kind() != Principal.Kind.ANONYMOUS;
    return new Viewer(on, p.actor(), p.displayName(), p.highestRole().map(Role::label).orElse("none"),
        session == null ? "" : session.csrfToken(), p, Requests.teams(ctx));
  }

  /** May act as a responder somewhere: shows the incident and silence buttons. */
  public boolean mayRespond() {
    return principal.mayForSome(Role.RESPONDER);
  }

  /** May respond to an incident on any of {@code services} (globally when it names none). */
  public boolean mayRespondTo(Collection<String> services) {
    if (principal.mayEverywhere(Role.RESPONDER)) return true;
    return services.stream().anyMatch(s -> dev.governor.basics.Names.isValid(s)
        && principal.mayFor(Role.RESPONDER, ServiceName.of(s), teams));
  }

  public boolean mayEdit() {
    return principal.mayForSome(Role.EDITOR);
  }

  public boolean isAdmin() {
    return principal.mayEverywhere(Role.ADMIN);
  }

  /** The htmx attribute that sends the CSRF token with every htmx request under the element. */
  public String htmxHeaders() {
    return "{\"" + AccessGuard.CSRF_HEADER + "\": \"" + csrf + "\"}";
  }
}

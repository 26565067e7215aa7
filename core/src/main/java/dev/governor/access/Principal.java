package dev.governor.access;

import dev.governor.slo.ServiceName;
import java.util.Map;
import java.util.Optional;

/**
 * Who is asking: a person signed in, a service account's token, or nobody on a server where sign-in
 * is off (loopback without accounts, as the quick start runs), which may do everything as before.
 *
 * @param actor how the audit log and timelines name it: the account name, {@code token:<name>}, or
 *     {@code anonymous}
 * @param globalRole the role everywhere; empty when it has roles only in teams
 * @param teamRoles the role in each team, which counts for the services the team owns
 */
public record Principal(
    Kind kind,
    String actor,
    String displayName,
    Optional<Role> globalRole,
    Map<TeamName, Role> teamRoles) {

  public Principal {
    teamRoles = Map.copyOf(teamRoles);
    if (actor.isBlank()) throw new IllegalArgumentException("a principal needs an actor name");
  }

  public enum Kind {
    PERSON,
    SERVICE_ACCOUNT,
    ANONYMOUS
  }

  /** Nobody, on a server with sign-in off: may do everything, named "anonymous". */
  public static final Principal ANONYMOUS =
      new Principal(Kind.ANONYMOUS, "anonymous", "anonymous", Optional.of(Role.ADMIN), Map.of());

  /** May it do what {@code needed} allows everywhere (accounts, settings, silences by matcher)? */
  public boolean mayEverywhere(Role needed) {
    return globalRole.map(r -> r.includes(needed)).orElse(false);
  }

  /** May it do what {@code needed} allows for {@code service}, globally or through the owning team? */
  public boolean mayFor(Role needed, ServiceName service, Teams teams) {
    if (mayEverywhere(needed)) return true;
    Optional<TeamName> owner = teams.ownerOf(service);
    return owner.map(teamRoles::get).map(r -> r.includes(needed)).orElse(false);
  }

  /**
   * May it do what {@code needed} allows for some service: globally or in any team. A route whose
   * service is known only once its body is read asks this first, and {@link #mayFor} then.
   */
  public boolean mayForSome(Role needed) {
    return mayEverywhere(needed) || teamRoles.values().stream().anyMatch(r -> r.includes(needed));
  }

  /** The highest role it has anywhere: what the UI uses to show or hide buttons at a glance. */
  public Optional<Role> highestRole() {
    Optional<Role> best = globalRole;
    for (Role r : teamRoles.values()) if (best.isEmpty() || r.includes(best.get())) best = Optional.of(r);
    return best;
  }
}

package dev.governor.access;

import dev.governor.slo.ServiceName;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every applied team, read on every request: an immutable snapshot, swapped when teams change. */
public final class Teams {

  public static final Teams NONE = new Teams(List.of());

  private final Map<TeamName, Team> byName;
  private final Map<ServiceName, TeamName> owners;

  /** @throws IllegalArgumentException when two teams claim one service, naming both */
  public Teams(List<Team> teams) {
    Map<TeamName, Team> named = new TreeMap<>();
    Map<ServiceName, TeamName> owners = new HashMap<>();
    for (Team team : teams) {
      named.put(team.name(), team);
      for (ServiceName service : team.services()) {
        TeamName before = owners.putIfAbsent(service, team.name());
        if (before != null && !before.equals(team.name())) {
          throw new IllegalArgumentException("service " + service + " is owned by team " + before
              + " and by team " + team.name() + ": a service has one owning team");
        }
      }
    }
    this.byName = Map.copyOf(named);
    this.owners = Map.copyOf(owners);
  }

  public List<Team> all() {
    return byName.values().stream().sorted(Comparator.comparing(Team::name)).toList();
  }

  public Optional<Team> team(TeamName name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The team that owns {@code service}, if any does. */
  public Optional<TeamName> ownerOf(ServiceName service) {
    return Optional.ofNullable(owners.get(service));
  }

  /** The role {@code account} has in each team, from membership and from its sign-on groups. */
  public Map<TeamName, Role> rolesOf(AccountName account, List<String> groups) {
    Map<TeamName, Role> roles = new TreeMap<>();
    for (Team team : byName.values()) team.roleOf(account, groups).ifPresent(r -> roles.put(team.name(), r));
    return Map.copyOf(roles);
  }
}

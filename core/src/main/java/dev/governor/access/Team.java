package dev.governor.access;

import dev.governor.slo.ServiceName;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code governor.dev/v1 Team}: the services it owns (and through them their SLOs, policies,
 * incidents and deployments), its members with their role in the team, and the single sign-on
 * groups whose members get a role in it.
 */
public record Team(
    TeamName name,
    String displayName,
    Set<ServiceName> services,
    Map<AccountName, Role> members,
    Map<String, Role> groups) {

  public Team {
    services = Set.copyOf(services);
    members = Map.copyOf(members);
    groups = Map.copyOf(groups);
    displayName = displayName == null || displayName.isBlank() ? name.value() : displayName.strip();
  }

  /** The role {@code account}, in {@code groups}, has in this team: the highest that applies. */
  public java.util.Optional<Role> roleOf(AccountName account, List<String> groupsOfAccount) {
    Role best = members.get(account);
    for (String group : groupsOfAccount) {
      Role byGroup = groups.get(group);
      if (byGroup != null && (best == null || byGroup.includes(best))) best = byGroup;
    }
    return java.util.Optional.ofNullable(best);
  }
}

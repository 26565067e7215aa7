package dev.governor.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.slo.ServiceName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrincipalTest {

  static final Teams TEAMS = new Teams(List.of(
      new Team(TeamName.of("payments"), "", Set.of(ServiceName.of("checkout")),
          Map.of(AccountName.of("alice"), Role.EDITOR), Map.of("payments-sre", Role.RESPONDER)),
      new Team(TeamName.of("platform"), "", Set.of(ServiceName.of("shop")), Map.of(), Map.of())));

  @Test
  void aTeamRole_countsForTheTeamsServicesOnly() {
    Principal alice = new Principal(Principal.Kind.PERSON, "alice", "Alice", Optional.of(Role.VIEWER),
        TEAMS.rolesOf(AccountName.of("alice"), List.of()));

    assertThat(alice.mayFor(Role.EDITOR, ServiceName.of("checkout"), TEAMS)).isTrue();
    assertThat(alice.mayFor(Role.RESPONDER, ServiceName.of("shop"), TEAMS)).isFalse();
    assertThat(alice.mayFor(Role.VIEWER, ServiceName.of("shop"), TEAMS)).as("her global role").isTrue();
    assertThat(alice.mayEverywhere(Role.RESPONDER)).isFalse();
    assertThat(alice.mayForSome(Role.EDITOR)).isTrue();
    assertThat(alice.highestRole()).contains(Role.EDITOR);
  }

  @Test
  void aGroup_givesItsRole_andTheHigherOfMembershipAndGroupWins() {
    assertThat(TEAMS.rolesOf(AccountName.of("bob"), List.of("payments-sre"))).containsEntry(TeamName.of("payments"), Role.RESPONDER);
    assertThat(TEAMS.rolesOf(AccountName.of("alice"), List.of("payments-sre"))).containsEntry(TeamName.of("payments"), Role.EDITOR);
    assertThat(TEAMS.rolesOf(AccountName.of("carol"), List.of("nobody"))).isEmpty();
  }

  @Test
  void aServiceClaimedByTwoTeams_isRefused_namingBoth() {
    assertThatThrownBy(() -> new Teams(List.of(
        new Team(TeamName.of("a"), "", Set.of(ServiceName.of("checkout")), Map.of(), Map.of()),
        new Team(TeamName.of("b"), "", Set.of(ServiceName.of("checkout")), Map.of(), Map.of()))))
        .hasMessageContaining("checkout").hasMessageContaining("team a").hasMessageContaining("team b");
  }

  @Test
  void rolesInclude_theOnesBelow() {
    assertThat(Role.ADMIN.includes(Role.VIEWER)).isTrue();
    assertThat(Role.RESPONDER.includes(Role.EDITOR)).isFalse();
    assertThatThrownBy(() -> Role.parse("owner", "role")).hasMessageContaining("viewer, responder, editor, admin")
        .hasMessageContaining("owner");
  }
}

package dev.governor.ingest.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.access.AccountName;
import dev.governor.access.Role;
import dev.governor.access.Team;
import dev.governor.slo.ServiceName;
import dev.governor.slo.SpecProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TeamReaderTest {

  static final String HEADER = "apiVersion: governor.dev/v1\nkind: Team\n";

  @Test
  void theExample_readsBothTeams_withServicesMembersAndGroups() throws Exception {
    TeamReader.Parsed parsed = TeamReader.parse("teams.yaml", Files.readString(Path.of("../examples/access/teams.yaml")));

    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.documents()).hasSize(2);
    Team payments = parsed.documents().get(0).team();
    assertThat(payments.name().value()).isEqualTo("payments");
    assertThat(payments.displayName()).isEqualTo("Payments");
    assertThat(payments.services()).containsExactlyInAnyOrder(ServiceName.of("checkout"), ServiceName.of("payments-api"));
    assertThat(payments.members()).isEqualTo(Map.of(AccountName.of("alice"), Role.EDITOR, AccountName.of("bob"), Role.RESPONDER));
    assertThat(payments.groups()).isEqualTo(Map.of("payments-sre", Role.RESPONDER));
    Team platform = parsed.documents().get(1).team();
    assertThat(platform.name().value()).isEqualTo("platform");
    assertThat(platform.displayName()).as("the name when there is no displayName").isEqualTo("platform");
    assertThat(platform.services()).contains(ServiceName.of("shop"), ServiceName.of("search"));
    assertThat(platform.members()).isEqualTo(Map.of(AccountName.of("carol"), Role.EDITOR));

    assertThat(parsed.documents().get(0).source()).contains("kind: Team", "payments").doesNotContain("platform");
    assertThat(parsed.documents().get(1).source()).startsWith("apiVersion").contains("platform").doesNotContain("payments");
  }

  @Test
  void everyProblem_namesItsFieldAndLine_andNothingIsRead() {
    TeamReader.Parsed parsed = TeamReader.parse("t.yaml", """
        apiVersion: governor.dev/v1
        kind: Team
        metadata: {name: payments}
        spec:
          services: [checkout, Checkout!, checkout]
          members:
            - {name: alice, role: owner}
            - {name: bob, role: editor}
            - {name: bob, role: viewer}
            - {name: Dave, role: viewer}
            - {name: erin, role: viewer, email: erin@example.com}
          groups:
            - {name: payments-sre, role: responder}
            - {name: payments-sre, role: admin}
          colour: blue
        """);

    assertThat(parsed.documents()).isEmpty();
    assertThat(parsed.problems()).extracting(SpecProblem::path).containsExactly(
        "spec.services[1]", "spec.services[2]", "spec.members[0].role", "spec.members[2].name", "spec.members[3].name",
        "spec.members[4].email", "spec.groups[1].name", "spec.colour");
    assertThat(parsed.problems()).extracting(SpecProblem::line).containsExactly(5, 5, 7, 9, 10, 11, 14, 15);
    assertThat(parsed.problems()).filteredOn(p -> p.path().equals("spec.members[0].role")).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("viewer, responder, editor or admin").contains("owner"));
    assertThat(parsed.problems()).filteredOn(p -> p.path().equals("spec.members[2].name")).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("bob is a member twice"));
  }

  @Test
  void aProblemInTheSecondDocument_carriesItsLineInTheFile_andTheFirstIsStillRead() {
    TeamReader.Parsed parsed = TeamReader.parse("t.yaml", HEADER + "metadata: {name: payments}\nspec: {services: [checkout]}\n"
        + "---\n" + HEADER + "metadata: {name: platform}\nspec:\n  members:\n    - {name: carol, role: boss}\n");

    assertThat(parsed.documents()).extracting(d -> d.team().name().value()).containsExactly("payments");
    assertThat(parsed.problems()).singleElement().satisfies(p -> {
      assertThat(p.document()).isEqualTo(2);
      assertThat(p.path()).isEqualTo("spec.members[0].role");
      assertThat(p.line()).isEqualTo(11);
    });
  }

  @Test
  void aDisplayName_isRead_andOneThatIsNotShortText_isAProblemAtItsLine() {
    TeamReader.Parsed good = TeamReader.parse("t.yaml", HEADER
        + "metadata:\n  name: payments\n  displayName: '  Payments & Billing '\nspec: {services: [checkout]}\n");
    assertThat(good.problems()).isEmpty();
    assertThat(good.documents().getFirst().team().displayName()).isEqualTo("Payments & Billing");

    String team = "---\n" + HEADER + "metadata:\n  name: t%d\n  displayName: %s\nspec: {services: [s%d]}\n";
    TeamReader.Parsed bad = TeamReader.parse("t.yaml",
        team.formatted(1, "x".repeat(201), 1) + team.formatted(2, "{first: Pay}", 2) + team.formatted(3, "Fine", 3));
    assertThat(bad.documents()).extracting(d -> d.team().displayName()).containsExactly("Fine");
    assertThat(bad.problems()).extracting(SpecProblem::path, SpecProblem::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("metadata.displayName", 6),
            org.assertj.core.groups.Tuple.tuple("metadata.displayName", 13));
    assertThat(bad.problems().getFirst().message()).contains("at most 200", "got 201");
  }

  @Test
  void twoTeamsOfOneName_inOneFile_areAProblem() {
    String team = HEADER + "metadata: {name: payments}\nspec: {services: [checkout]}\n";
    TeamReader.Parsed parsed = TeamReader.parse("t.yaml", team + "---\n" + team);
    assertThat(parsed.documents()).hasSize(1);
    assertThat(parsed.problems()).singleElement().satisfies(p -> {
      assertThat(p.document()).isEqualTo(2);
      assertThat(p.message()).contains("'payments' is defined twice");
    });
  }

  @Test
  void aWrongKindOrUnknownMetadata_isAProblem() {
    TeamReader.Parsed parsed = TeamReader.parse("t.yaml",
        "apiVersion: governor.dev/v1\nkind: Teams\nmetadata: {name: payments, owner: me}\nspec: {}\n");
    assertThat(parsed.documents()).isEmpty();
    assertThat(parsed.problems()).extracting(SpecProblem::path).containsExactly("kind", "metadata.owner");
  }
}

package dev.governor.ingest.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.delivery.gate.BudgetRule;
import dev.governor.delivery.gate.ErrorBudgetPolicy;
import dev.governor.delivery.gate.FreezeWindow;
import dev.governor.slo.ServiceName;
import dev.governor.slo.SpecProblem;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyReaderTest {

  static final String VALID = """
      apiVersion: governor.dev/v1
      kind: ErrorBudgetPolicy
      metadata:
        name: checkout-policy
      spec:
        service: checkout
        environments: [production]
        rules:
          - name: exhausted
            whenBudgetRemainingBelow: 0%
            action: block
          - name: low
            whenBudgetRemainingBelow: 25 %
            action: requireApproval
        freezes:
          - name: weekends
            days: [saturday, sunday]
            timeZone: Europe/Berlin
          - name: year-end
            from: 2026-12-20
            to: 2027-01-04T00:00
            timeZone: Europe/Berlin
        allowHotfixes: false
      """;

  @Test
  void aCompletePolicy_readsIntoTheModel() {
    PolicyReader.Parsed parsed = PolicyReader.parse("policy.yaml", VALID);

    assertThat(parsed.problems()).isEmpty();
    ErrorBudgetPolicy p = parsed.documents().getFirst().policy();
    assertThat(p.name()).isEqualTo("checkout-policy");
    assertThat(p.scope()).isEqualTo(new ErrorBudgetPolicy.Scope.ForService(ServiceName.of("checkout")));
    assertThat(p.environments()).containsExactly("production");
    assertThat(p.rules()).containsExactly(new BudgetRule("exhausted", 0, BudgetRule.Action.BLOCK),
        new BudgetRule("low", 0.25, BudgetRule.Action.REQUIRE_APPROVAL));
    assertThat(p.freezes().getFirst()).isEqualTo(new FreezeWindow.Weekly("weekends",
        Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), ZoneId.of("Europe/Berlin")));
    assertThat(p.freezes().get(1)).isInstanceOf(FreezeWindow.Range.class);
    assertThat(p.allowRollbacks()).isTrue();
    assertThat(p.allowHotfixes()).isFalse();
    assertThat(parsed.documents().getFirst().source()).isEqualTo(VALID);
  }

  @Test
  void everyProblem_isReportedWithItsPathAndLine() {
    String text = """
        apiVersion: governor.dev/v1
        kind: ErrorBudgetPolicy
        metadata:
          name: checkout-policy
        spec:
          service: checkout
          rules:
            - name: exhausted
              whenBudgetRemainingBelow: lots
              action: blok
          freezes:
            - name: weekends
              days: [caturday]
              timeZone: Mars/Olympus
          alowRollbacks: true
        """;

    PolicyReader.Parsed parsed = PolicyReader.parse("policy.yaml", text);

    assertThat(parsed.documents()).isEmpty();
    assertThat(parsed.problems()).extracting(SpecProblem::path, SpecProblem::line).containsExactly(
        org.assertj.core.groups.Tuple.tuple("spec.rules[0].whenBudgetRemainingBelow", 9),
        org.assertj.core.groups.Tuple.tuple("spec.rules[0].action", 10),
        org.assertj.core.groups.Tuple.tuple("spec.freezes[0].days[0]", 13),
        org.assertj.core.groups.Tuple.tuple("spec.freezes[0].timeZone", 14),
        org.assertj.core.groups.Tuple.tuple("spec.alowRollbacks", 15));
    assertThat(parsed.problems().get(1).message()).contains("did you mean block?");
    assertThat(parsed.problems().get(4).message()).contains("did you mean allowRollbacks?");
  }

  @Test
  void aPolicyNamingBothAServiceAndAnSlo_isRefused() {
    String text = VALID.replace("  service: checkout\n", "  service: checkout\n  slo: checkout-availability\n");

    PolicyReader.Parsed parsed = PolicyReader.parse("policy.yaml", text);

    assertThat(parsed.problems()).singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith("name exactly one of service"));
  }

  @Test
  void anotherApiVersion_isRefused_withTheOneExpected() {
    PolicyReader.Parsed parsed = PolicyReader.parse("p.yaml", VALID.replace("governor.dev/v1", "openslo/v1"));

    assertThat(parsed.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(1);
      assertThat(p.message()).isEqualTo("apiVersion must be governor.dev/v1, got 'openslo/v1'");
    });
  }
}

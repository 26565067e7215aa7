package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.delivery.gate.AuditEntry;
import dev.governor.delivery.gate.AuditTrail;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link AuditTrail} must do: gate decisions and overrides, numbered, newest first. */
public abstract class AuditTrailContract extends PortContract<AuditTrail> {

  static AuditEntry entry(Instant at, String subject, String outcome) {
    return new AuditEntry(0, at, AuditEntry.Action.GATE_DECISION, subject, Optional.of("production"),
        Optional.empty(), outcome, Optional.of("ci"), Optional.empty(), "SLO x has -3 % of its error budget left");
  }

  @Test
  void audit_isNewestFirst_numbered_andFilteredBySubject() {
    var first = store.record(entry(minute(0), "checkout", "block"));
    var second = store.record(entry(minute(0), "search", "allow"));
    var third = store.record(new AuditEntry(0, minute(1), AuditEntry.Action.GATE_OVERRIDE, "checkout",
        Optional.empty(), Optional.of("v2"), "warn", Optional.of("alice"), Optional.of("fixes the 500s"), "hotfix"));

    assertThat(second.id()).isGreaterThan(first.id());
    assertThat(reopen().list(Optional.empty(), 10)).containsExactly(third, second, first);
    assertThat(store.list(Optional.of("checkout"), 10)).containsExactly(third, first);
    assertThat(store.list(Optional.empty(), 1)).containsExactly(third);
  }

  @Test
  void grants_areFoundByActionAndTime_behindAnyNumberOfDecisions() {
    AuditEntry approval = store.record(new AuditEntry(0, minute(1), AuditEntry.Action.GATE_APPROVAL, "checkout",
        Optional.of("production"), Optional.of("v7"), "approved", Optional.of("alice"), Optional.empty(), "approved"));
    AuditEntry hotfix = store.record(new AuditEntry(0, minute(0), AuditEntry.Action.GATE_HOTFIX_GRANT, "checkout",
        Optional.empty(), Optional.empty(), "granted", Optional.of("bob"), Optional.of("too old"), "hotfix"));
    store.record(new AuditEntry(0, minute(2), AuditEntry.Action.GATE_APPROVAL, "search",
        Optional.empty(), Optional.empty(), "approved", Optional.of("carol"), Optional.empty(), "another service"));
    for (int i = 0; i < 250; i++) store.record(entry(minute(3), "checkout", "block"));
    Set<AuditEntry.Action> grants = EnumSet.of(AuditEntry.Action.GATE_APPROVAL, AuditEntry.Action.GATE_HOTFIX_GRANT);

    assertThat(reopen().list("checkout", grants, minute(1), 10)).containsExactly(approval);
    assertThat(store.list("checkout", grants, minute(0), 10)).as("newest recorded first").containsExactly(hotfix, approval);
    assertThat(store.list("checkout", grants, minute(0), 1)).containsExactly(hotfix);
    assertThat(store.list("checkout", Set.of(AuditEntry.Action.GATE_DECISION), minute(3), 1000)).hasSize(250);
    assertThat(store.list("checkout", Set.of(), minute(0), 10)).isEmpty();
  }
}

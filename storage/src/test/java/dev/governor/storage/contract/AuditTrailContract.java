package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.delivery.gate.AuditEntry;
import dev.governor.delivery.gate.AuditTrail;
import java.time.Instant;
import java.util.Optional;
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
}

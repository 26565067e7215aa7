package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.access.AuditLog;
import dev.governor.access.AuditRecord;
import dev.governor.access.TeamName;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link AuditLog} must do: keep every record, number them in order, filter, newest first. */
public abstract class AuditLogContract extends PortContract<AuditLog> {

  private AuditRecord record(int minute, String actor, String action, String subject, String team) {
    return store.record(new AuditRecord(0, minute(minute), actor, action, subject,
        Optional.ofNullable(team).map(TeamName::of), "detail " + minute));
  }

  private static AuditRecord.Query query(String actor, String team, String subject, int limit) {
    return new AuditRecord.Query(Optional.ofNullable(actor), Optional.ofNullable(team).map(TeamName::of),
        Optional.ofNullable(subject), limit);
  }

  @Test
  void records_areNumberedInOrder_keepEveryField_andListNewestFirst() {
    AuditRecord first = record(0, "alice", "incident.acknowledge", "incidents/1", "payments");
    AuditRecord second = record(1, "token:ci", "deployment.record", "deployments/d1", null);
    assertThat(second.id()).isGreaterThan(first.id());

    assertThat(reopen().list(query(null, null, null, 10))).containsExactly(second, first);
    assertThat(store.list(query(null, null, null, 1))).containsExactly(second);
  }

  @Test
  void theFilters_matchActorTeamAndSubject_together() {
    record(0, "alice", "incident.acknowledge", "incidents/1", "payments");
    record(1, "alice", "slo.apply", "slos", "platform");
    record(2, "bob", "incident.note", "incidents/1", "payments");

    assertThat(store.list(query("alice", null, null, 10))).extracting(AuditRecord::action)
        .containsExactly("slo.apply", "incident.acknowledge");
    assertThat(store.list(query(null, "payments", null, 10))).extracting(AuditRecord::actor).containsExactly("bob", "alice");
    assertThat(store.list(query(null, null, "incidents/1", 10))).hasSize(2);
    assertThat(store.list(query("alice", "payments", "incidents/1", 10))).extracting(AuditRecord::action)
        .containsExactly("incident.acknowledge");
    assertThat(store.list(query("carol", null, null, 10))).isEmpty();
  }

  @Test
  void theLimit_keepsTheNewestOfWhatTheFiltersMatch() {
    AuditRecord oldest = record(0, "alice", "incident.acknowledge", "incidents/1", "payments");
    record(1, "bob", "incident.note", "incidents/1", "payments");
    AuditRecord middle = record(2, "alice", "incident.note", "incidents/1", "payments");
    AuditRecord newest = record(3, "alice", "incident.resolve", "incidents/1", "payments");
    record(4, "alice", "slo.apply", "slos", null);

    assertThat(reopen().list(query("alice", "payments", null, 2))).containsExactly(newest, middle);
    assertThat(store.list(query("alice", null, "incidents/1", 3))).containsExactly(newest, middle, oldest);
    assertThat(store.list(query(null, "payments", null, 1))).containsExactly(newest);
  }

  @Test
  void aRecordWithoutATeam_matchesNoTeamFilter_andALongDetailComesBackAsStored() {
    AuditRecord plain = record(0, "alice", "slo.apply", "slos", null);
    AuditRecord cut = store.record(new AuditRecord(0, minute(1), "alice", "slo.apply", "slos", Optional.empty(),
        "x".repeat(5000)));

    assertThat(store.list(query(null, "payments", null, 10))).isEmpty();
    assertThat(reopen().list(query(null, null, "slos", 10))).containsExactly(cut, plain);
    assertThat(cut.detail()).hasSize(4001);
  }
}

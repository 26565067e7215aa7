package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.oncall.OnCallDocument;
import dev.governor.oncall.OnCallKind;
import dev.governor.oncall.OnCallStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link OnCallStore} must do: users, schedules and escalation policies, kept as written. */
public abstract class OnCallStoreContract extends PortContract<OnCallStore> {

  static OnCallDocument doc(OnCallKind kind, String name, String source, Instant at) {
    return new OnCallDocument(kind, name, source, at);
  }

  @Test
  void documents_areOrderedByKindThenName_andReplacedByKindAndName() {
    store.apply(List.of(
        doc(OnCallKind.ESCALATION_POLICY, "team", "policy", minute(0)),
        doc(OnCallKind.SCHEDULE, "primary", "schedule", minute(0)),
        doc(OnCallKind.USER, "bob", "bob", minute(0)),
        doc(OnCallKind.USER, "alice", "alice", minute(0))));
    store.apply(List.of(doc(OnCallKind.USER, "bob", "bob v2", minute(1))));

    assertThat(reopen().all()).containsExactly(
        doc(OnCallKind.USER, "alice", "alice", minute(0)),
        doc(OnCallKind.USER, "bob", "bob v2", minute(1)),
        doc(OnCallKind.SCHEDULE, "primary", "schedule", minute(0)),
        doc(OnCallKind.ESCALATION_POLICY, "team", "policy", minute(0)));
  }

  @Test
  void theSameNameInTwoKinds_isTwoDocuments_andDeleteRemovesOne() {
    store.apply(List.of(doc(OnCallKind.USER, "primary", "user", minute(0)),
        doc(OnCallKind.SCHEDULE, "primary", "schedule", minute(0))));

    assertThat(store.delete(OnCallKind.SCHEDULE, "primary")).isTrue();
    assertThat(store.delete(OnCallKind.SCHEDULE, "primary")).isFalse();
    assertThat(store.delete(OnCallKind.ESCALATION_POLICY, "nothing")).isFalse();
    assertThat(store.all()).extracting(OnCallDocument::source).containsExactly("user");
  }

  @Test
  void apply_keepsTheSourceExactly_secretsAndAll() {
    String yaml = "apiVersion: governor.dev/v1\r\nkind: User\nmetadata: {name: ünïcode}\n"
        + "spec:\n  contacts:\n    - webhook: http://127.0.0.1:9099/a\n      secret: s3cr3t # kept\n\n";
    store.apply(List.of(doc(OnCallKind.USER, "alice", yaml, minute(0))));

    assertThat(reopen().all()).extracting(OnCallDocument::source).containsExactly(yaml);
  }
}

package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.access.AccountName;
import dev.governor.access.Session;
import dev.governor.access.SessionStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link SessionStore} must do: sessions by id hash, revoked at once, links used once. */
public abstract class SessionStoreContract extends PortContract<SessionStore> {

  private static Session session(char id, String account, int createdMinute, List<String> groups) {
    return new Session(String.valueOf(id).repeat(64), AccountName.of(account), groups, "csrf-" + "x".repeat(40),
        minute(createdMinute), minute(createdMinute), "password");
  }

  @Test
  void aSession_keepsEveryField_andIsTouchedAndRevoked() {
    Session a = session('a', "alice", 0, List.of("payments-sre", "all staff"));
    store.add(a);
    store.add(session('b', "alice", 1, List.of()));
    store.add(session('c', "bob", 2, List.of()));

    assertThat(reopen().session(a.idHash())).contains(a);
    store.touch(a.idHash(), minute(10));
    assertThat(reopen().session(a.idHash()).orElseThrow().lastSeenAt()).isEqualTo(minute(10));
    assertThat(store.sessionsOf(AccountName.of("alice"))).extracting(Session::idHash)
        .containsExactly("b".repeat(64), "a".repeat(64));

    assertThat(store.revoke(a.idHash())).isTrue();
    assertThat(store.revoke(a.idHash())).isFalse();
    assertThat(store.session(a.idHash())).isEmpty();
    assertThat(store.revokeAll(AccountName.of("alice"))).isEqualTo(1);
    assertThat(reopen().session("c".repeat(64))).isPresent();
  }

  @Test
  void expiredSessions_areDroppedByIdleOrAge() {
    store.add(session('a', "alice", 0, List.of()));
    store.add(session('b', "alice", 30, List.of()));
    store.add(session('c', "bob", 60, List.of()));
    store.touch("a".repeat(64), minute(100));

    assertThat(store.deleteExpired(minute(45), minute(-10))).as("idle since 30, before 45: b").isEqualTo(1);
    assertThat(store.deleteExpired(minute(0), minute(50))).as("made before 50: a").isEqualTo(1);
    assertThat(reopen().session("c".repeat(64))).isPresent();
    assertThat(store.session("a".repeat(64))).isEmpty();
  }

  @Test
  void aLink_isUsedOnce_alsoAcrossARestart() {
    assertThat(store.useLink("d".repeat(64), minute(0))).isTrue();
    assertThat(store.useLink("d".repeat(64), minute(1))).isFalse();
    assertThat(reopen().useLink("d".repeat(64), minute(2))).isFalse();
    assertThat(store.useLink("e".repeat(64), minute(2))).isTrue();
  }
}

package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.access.AccountName;
import dev.governor.access.Session;
import dev.governor.access.SessionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
  void revokeAll_endsEverySessionOfTheAccount_andNoOneElses() {
    store.add(session('a', "alice", 0, List.of()));
    store.add(session('b', "alice", 1, List.of("payments-sre")));
    store.add(session('c', "bob", 2, List.of()));

    assertThat(store.revokeAll(AccountName.of("alice"))).isEqualTo(2);
    assertThat(store.revokeAll(AccountName.of("alice"))).isZero();
    assertThat(store.revokeAll(AccountName.of("carol"))).isZero();

    assertThat(reopen().sessionsOf(AccountName.of("alice"))).isEmpty();
    assertThat(store.session("a".repeat(64))).isEmpty();
    assertThat(store.session("b".repeat(64))).isEmpty();
    assertThat(store.sessionsOf(AccountName.of("bob"))).extracting(Session::idHash).containsExactly("c".repeat(64));
  }

  @Test
  void groups_withLineBreaksBackslashesAndEmptyNames_comeBackAsTheyWere() {
    // A provider's group "x\nadmins" read back as two groups would give its members what a Team
    // gives the group "admins".
    Session odd = session('a', "alice", 0, List.of("x\nadmins", "back\\slash", "\\n", "ends in \\", "", "ünï ✓"));
    Session oneEmpty = session('b', "alice", 1, List.of(""));
    Session none = session('c', "alice", 2, List.of());
    store.add(odd);
    store.add(oneEmpty);
    store.add(none);

    reopen();
    assertThat(store.session(odd.idHash())).contains(odd);
    assertThat(store.session(oneEmpty.idHash())).contains(oneEmpty);
    assertThat(store.session(none.idHash())).contains(none);
  }

  @Test
  void touch_ofAnUnknownSession_makesNone() {
    store.touch("f".repeat(64), minute(1));

    assertThat(store.session("f".repeat(64))).isEmpty();
    assertThat(store.revoke("f".repeat(64))).isFalse();
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

  @Test
  void aLink_usedFromManyThreadsAtOnce_isUsedExactlyOnce() throws Exception {
    var links = store;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) results.add(pool.submit(() -> links.useLink("9".repeat(64), minute(0))));
      long firsts = 0;
      for (Future<Boolean> r : results) if (r.get()) firsts++;
      assertThat(firsts).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void usedLinks_areForgottenOnceOldEnough_andThenUsableOnlyIfStillValid() {
    store.useLink("d".repeat(64), minute(0));
    store.useLink("e".repeat(64), minute(10));

    assertThat(store.forgetLinksUsedBefore(minute(5))).isEqualTo(1);
    assertThat(reopen().useLink("e".repeat(64), minute(11))).as("still remembered").isFalse();
    assertThat(store.useLink("d".repeat(64), minute(11))).as("forgotten").isTrue();
  }
}

package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.access.AccessStore;
import dev.governor.access.Account;
import dev.governor.access.AccountName;
import dev.governor.access.ApiToken;
import dev.governor.access.Role;
import dev.governor.access.TeamName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link AccessStore} must do: keep accounts, teams, tokens and secrets across restarts. */
public abstract class AccessStoreContract extends PortContract<AccessStore> {

  private static final String HASH_A = "a".repeat(64);
  private static final String HASH_B = "b".repeat(64);

  private static Account alice() {
    return new Account(AccountName.of("alice"), "Alice Example", Optional.of("alice@example.com"), Role.EDITOR,
        Optional.of("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"), Account.Origin.LOCAL, false, minute(0));
  }

  @Test
  void anAccount_keepsEveryField_andIsReplacedByName() {
    store.saveAccount(alice());
    store.saveAccount(new Account(AccountName.of("bob"), "", Optional.empty(), Role.VIEWER, Optional.empty(),
        Account.Origin.OIDC, true, minute(1)));

    assertThat(reopen().account(AccountName.of("alice"))).contains(alice());
    assertThat(store.accounts()).extracting(a -> a.name().value()).containsExactly("alice", "bob");
    Account bob = store.account(AccountName.of("bob")).orElseThrow();
    assertThat(bob.disabled()).isTrue();
    assertThat(bob.passwordHash()).isEmpty();
    assertThat(bob.origin()).isEqualTo(Account.Origin.OIDC);

    store.saveAccount(alice().withGlobalRole(Role.ADMIN).withDisabled(true));
    assertThat(reopen().account(AccountName.of("alice")).orElseThrow().globalRole()).isEqualTo(Role.ADMIN);
    assertThat(store.account(AccountName.of("alice")).orElseThrow().createdAt()).isEqualTo(minute(0));
    assertThat(store.account(AccountName.of("nobody"))).isEmpty();
  }

  @Test
  void anAccount_savedAgain_isReplacedWhole_itsCreationTimeAndEmptiedFieldsToo() {
    store.saveAccount(alice());
    Account replaced = new Account(AccountName.of("alice"), "A. Example", Optional.empty(), Role.VIEWER,
        Optional.empty(), Account.Origin.OIDC, true, minute(9));
    store.saveAccount(replaced);

    assertThat(reopen().account(AccountName.of("alice"))).contains(replaced);
    assertThat(store.accounts()).containsExactly(replaced);
  }

  @Test
  void teams_areReplacedByName_andDeletedOnce() {
    store.applyTeams(List.of(new AccessStore.StoredTeam(TeamName.of("payments"), "kind: Team # 1", minute(0)),
        new AccessStore.StoredTeam(TeamName.of("platform"), "kind: Team # 2", minute(0))));
    store.applyTeams(List.of(new AccessStore.StoredTeam(TeamName.of("payments"), "kind: Team # 3", minute(1))));

    assertThat(reopen().teams()).containsExactly(
        new AccessStore.StoredTeam(TeamName.of("payments"), "kind: Team # 3", minute(1)),
        new AccessStore.StoredTeam(TeamName.of("platform"), "kind: Team # 2", minute(0)));
    assertThat(store.deleteTeam(TeamName.of("platform"))).isTrue();
    assertThat(store.deleteTeam(TeamName.of("platform"))).isFalse();
    assertThat(store.teams()).hasSize(1);
  }

  @Test
  void tokens_areFoundByHash_touched_andRevokedOnce() {
    ApiToken first = store.addToken(new ApiToken(0, "ci", Optional.of(TeamName.of("payments")), Role.EDITOR, HASH_A,
        minute(0), "alice", Optional.of(minute(60)), Optional.empty(), Optional.empty()));
    ApiToken second = store.addToken(new ApiToken(0, "dash", Optional.empty(), Role.VIEWER, HASH_B, minute(1), "alice",
        Optional.empty(), Optional.empty(), Optional.empty()));
    assertThat(second.id()).isGreaterThan(first.id());

    assertThat(reopen().tokenByHash(HASH_A)).contains(first);
    store.touchToken(first.id(), minute(5));
    assertThat(store.revokeToken(second.id(), minute(6))).isTrue();
    assertThat(store.revokeToken(second.id(), minute(7))).isFalse();
    assertThat(store.revokeToken(999_999, minute(7))).isFalse();

    assertThat(reopen().tokenByHash(HASH_A).orElseThrow().lastUsedAt()).contains(minute(5));
    assertThat(store.tokenByHash(HASH_B).orElseThrow().revokedAt()).contains(minute(6));
    assertThat(store.tokens()).extracting(ApiToken::name).containsExactly("dash", "ci");
    assertThat(store.tokenByHash("c".repeat(64))).isEmpty();
  }

  @Test
  void aToken_storedWithEveryOptionalFieldSet_comesBackTheSame() {
    ApiToken stored = store.addToken(new ApiToken(0, "old-ci", Optional.of(TeamName.of("platform")), Role.ADMIN,
        HASH_A, minute(0), "token:bootstrap", Optional.of(minute(90)), Optional.of(minute(3)), Optional.of(minute(4))));

    assertThat(stored.id()).isPositive();
    assertThat(reopen().tokenByHash(HASH_A)).contains(stored);
    assertThat(store.tokens()).containsExactly(stored);
    assertThat(store.revokeToken(stored.id(), minute(5))).as("revoked when it was stored").isFalse();
  }

  @Test
  void aSecret_isTheFirstOneStored_alsoAfterARestart() {
    byte[] first = store.secret("links", new byte[] {1, 2, 3});
    byte[] second = store.secret("links", new byte[] {9, 9, 9});

    assertThat(first).containsExactly(1, 2, 3);
    assertThat(second).containsExactly(1, 2, 3);
    assertThat(reopen().secret("links", new byte[] {7})).containsExactly(1, 2, 3);
    assertThat(store.secret("other", new byte[] {7})).containsExactly(7);
  }

  @Test
  void aSecret_askedForFromManyThreadsAtOnce_isTheSameForAll() throws Exception {
    var secrets = store;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<byte[]> answers = new ArrayList<>();
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        byte fresh = (byte) i;
        results.add(pool.submit(() -> secrets.secret("race", new byte[] {fresh, fresh})));
      }
      for (Future<byte[]> r : results) answers.add(r.get());
    } finally {
      pool.shutdownNow();
    }
    byte[] kept = reopen().secret("race", new byte[] {99});
    assertThat(kept).hasSize(2);
    assertThat(answers).allSatisfy(a -> assertThat(a).containsExactly(kept));
  }
}

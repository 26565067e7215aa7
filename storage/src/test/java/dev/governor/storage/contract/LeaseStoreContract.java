package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.cluster.LeaderTerm;
import dev.governor.cluster.Lease;
import dev.governor.cluster.LeaseStore;
import dev.governor.cluster.Replica;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LeaseStore} must do: one holder at a time, a new term at every takeover, a
 * deposed term that can neither renew nor release, a roll of the replicas seen lately. Time is the
 * store's own clock; {@link #pass} lets it run (a database's clock by waiting, a fake by advancing).
 */
public abstract class LeaseStoreContract extends PortContract<LeaseStore> {

  private static final URI A_URL = URI.create("http://10.0.0.1:8080");
  private static final URI B_URL = URI.create("http://10.0.0.2:8080");
  private static final Duration LONG = Duration.ofMinutes(5);
  private static final Duration SHORT = Duration.ofMillis(200);

  /** Lets at least {@code duration} pass on the store's clock. */
  protected abstract void pass(Duration duration) throws InterruptedException;

  @Test
  void theFirstReplicaTakesTermOne_andASecondCannotWhileItHolds() {
    Optional<Lease> a = store.tryLead("a-1", A_URL, LONG);

    assertThat(a).map(Lease::term).contains(new LeaderTerm("a-1", 1));
    assertThat(a).map(Lease::url).contains(A_URL);
    assertThat(store.tryLead("b-1", B_URL, LONG)).isEmpty();
    assertThat(store.current()).map(Lease::term).contains(new LeaderTerm("a-1", 1));
    assertThat(store.current()).map(Lease::live).contains(true);
  }

  @Test
  void aLeaseThatRanOut_goesToTheNextReplica_withTheNextTerm_andTheOldTermCanNeitherRenewNorRelease()
      throws InterruptedException {
    LeaderTerm first = store.tryLead("a-1", A_URL, SHORT).orElseThrow().term();
    pass(SHORT.multipliedBy(2));
    assertThat(store.current()).map(Lease::live).contains(false);

    Lease second = store.tryLead("b-1", B_URL, LONG).orElseThrow();

    assertThat(second.term()).isEqualTo(new LeaderTerm("b-1", 2));
    assertThat(second.url()).isEqualTo(B_URL);
    assertThat(second.expires()).isAfter(second.since());
    assertThat(store.renew(first, LONG)).isFalse();
    store.release(first);
    assertThat(reopen().current()).map(Lease::term).contains(second.term());
    assertThat(store.tryLead("a-1", A_URL, LONG)).isEmpty();
  }

  @Test
  void aReplicaThatLostTheAnswerToItsTakeover_takesTheNextTerm_andNobodyElseCan() {
    store.tryLead("a-1", A_URL, LONG);

    assertThat(store.tryLead("a-1", A_URL, LONG)).map(Lease::term).contains(new LeaderTerm("a-1", 2));
    assertThat(store.renew(new LeaderTerm("a-1", 1), LONG)).isFalse();
    assertThat(store.tryLead("b-1", B_URL, LONG)).isEmpty();
  }

  @Test
  void aRenewedLeaseOutlivesItsFirstLength() throws InterruptedException {
    LeaderTerm term = store.tryLead("a-1", A_URL, Duration.ofSeconds(1)).orElseThrow().term();

    assertThat(store.renew(term, LONG)).isTrue();
    pass(Duration.ofMillis(1_100));

    assertThat(store.tryLead("b-1", B_URL, LONG)).isEmpty();
    assertThat(store.renew(term, LONG)).isTrue();
  }

  @Test
  void aReleasedLease_isTakenAtOnce() {
    LeaderTerm term = store.tryLead("a-1", A_URL, LONG).orElseThrow().term();

    store.release(term);

    assertThat(store.tryLead("b-1", B_URL, LONG)).map(Lease::term).contains(new LeaderTerm("b-1", 2));
  }

  @Test
  void theSharedSecret_isMadeOnce_andLong() {
    String first = store.sharedSecret();

    assertThat(first).hasSizeGreaterThanOrEqualTo(64);
    assertThat(reopen().sharedSecret()).isEqualTo(first);
  }

  @Test
  void theRoll_listsReplicasSeenLately_byName_andForgetsThoseThatLeft() throws InterruptedException {
    store.heartbeat("b-1", "beta", B_URL);
    store.heartbeat("a-1", "alpha", A_URL);
    store.heartbeat("a-1", "alpha", A_URL);

    List<Replica> roll = reopen().replicas(LONG);
    assertThat(roll).extracting(Replica::id).containsExactly("a-1", "b-1");
    assertThat(roll.get(0).url()).isEqualTo(A_URL);
    assertThat(roll.get(0).seen()).isAfterOrEqualTo(roll.get(0).started());

    store.leave("b-1");
    assertThat(store.replicas(LONG)).extracting(Replica::id).containsExactly("a-1");
    pass(SHORT.multipliedBy(2));
    assertThat(store.replicas(SHORT)).isEmpty();
  }
}

package dev.governor.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LeadershipTest {

  private static final Duration LEASE = Duration.ofSeconds(6);

  /** The store's clock and each replica's monotonic clock, moved together by {@link #pass}. */
  private final AtomicReference<Instant> storeNow = new AtomicReference<>(Instant.parse("2026-12-07T10:00:00Z"));
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicBoolean storeAway = new AtomicBoolean();
  private final LeaseStore memory = LeaseStore.inMemory(storeNow::get);
  private final LeaseStore store = new FlakyStore();
  private final List<String> heard = new ArrayList<>();

  private Leadership replica(String id) {
    return new Leadership(store, id, id, URI.create("http://" + id + ":8080"), LEASE, nanos::get, new Leadership.Listener() {
      @Override
      public void leading(LeaderTerm term, Optional<Lease> before) {
        heard.add(id + " leads " + term.term() + before.map(b -> " after " + b.term().replica()).orElse(""));
      }

      @Override
      public void following(LeaderTerm ended, String why) {
        heard.add(id + " follows: " + why);
      }
    });
  }

  private void pass(Duration d) {
    storeNow.updateAndGet(t -> t.plus(d));
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void theFirstRound_takesTheLease_andASecondReplicaFollows() {
    Leadership a = replica("a");
    Leadership b = replica("b");

    a.round();
    b.round();

    assertThat(a.leads()).isTrue();
    assertThat(a.term()).contains(new LeaderTerm("a", 1));
    assertThat(b.leads()).isFalse();
    assertThat(b.lease()).map(l -> l.term().replica()).contains("a");
    assertThat(heard).containsExactly("a leads 1");
    assertThat(store.replicas(LEASE)).extracting(Replica::id).containsExactly("a", "b");
  }

  @Test
  void aLeader_stopsTrustingItsLease_atThreeQuartersOfIt_beforeAnyoneMayTakeItOver() {
    Leadership a = replica("a");
    Leadership b = replica("b");
    a.round();

    pass(Duration.ofMillis(4_400));
    assertThat(a.leads()).isTrue();
    pass(Duration.ofMillis(200));

    assertThat(a.leads()).as("4.6 s into a 6 s lease").isFalse();
    assertThat(a.term()).as("the term is still its own").isPresent();
    b.round();
    assertThat(b.term()).as("b, while the store still counts the lease as a's").isEmpty();
    pass(Duration.ofMillis(1_500));
    b.round();
    assertThat(b.term()).as("b, once it ran out").contains(new LeaderTerm("b", 2));
  }

  @Test
  void aLeaderPausedPastItsLease_learnsAtItsNextRound_thatALaterTermTookOver() {
    Leadership a = replica("a");
    Leadership b = replica("b");
    a.round();
    b.round();

    pass(Duration.ofSeconds(7)); // a is stopped: no rounds
    b.round();
    assertThat(b.term()).contains(new LeaderTerm("b", 2));
    assertThat(a.leads()).as("woken, before its next round").isFalse();
    a.round();

    assertThat(a.term()).isEmpty();
    assertThat(a.leads(new LeaderTerm("a", 1))).isFalse();
    assertThat(heard).containsExactly("a leads 1", "b leads 2 after a", "a follows: another replica took the lease over");
  }

  @Test
  void aRenewal_restoresTheLeadersTrust() {
    Leadership a = replica("a");
    a.round();
    pass(Duration.ofMillis(4_600));
    assertThat(a.leads()).isFalse();

    a.round();

    assertThat(a.leads()).isTrue();
  }

  @Test
  void aLeaderThatCannotReachTheStore_keepsItsTerm_andGoesOnWhenNobodyTookOver() {
    Leadership a = replica("a");
    a.round();
    storeAway.set(true);
    pass(Duration.ofSeconds(10));

    assertThatThrownBy(a::round).hasMessageContaining("away");
    assertThat(a.leads()).isFalse();
    assertThat(a.term()).contains(new LeaderTerm("a", 1));

    storeAway.set(false);
    a.round();
    assertThat(a.leads()).isTrue();
    assertThat(a.term()).contains(new LeaderTerm("a", 1));
  }

  @Test
  void aReplicaThatResigns_handsTheLeaseOnAtOnce_andLeavesTheRoll() {
    Leadership a = replica("a");
    Leadership b = replica("b");
    a.round();
    b.round();

    a.resign();
    b.round();

    assertThat(b.term()).contains(new LeaderTerm("b", 2));
    assertThat(store.replicas(LEASE)).extracting(Replica::id).containsExactly("b");
  }

  @Test
  void aLeaseShorterThanASecond_isRefused() {
    assertThatThrownBy(() -> new Leadership(store, "a", "a", URI.create("http://a"), Duration.ofMillis(500), nanos::get,
        null)).hasMessageContaining("at least 1s, got PT0.5S");
  }

  /** The in-memory store, unreachable while {@code storeAway} says so. */
  private final class FlakyStore implements LeaseStore {
    private <T> T reach(java.util.function.Supplier<T> call) {
      if (storeAway.get()) throw new IllegalStateException("the store is away");
      return call.get();
    }

    @Override
    public Optional<Lease> tryLead(String replica, URI url, Duration duration) {
      return reach(() -> memory.tryLead(replica, url, duration));
    }

    @Override
    public boolean renew(LeaderTerm term, Duration duration) {
      return reach(() -> memory.renew(term, duration));
    }

    @Override
    public void release(LeaderTerm term) {
      reach(() -> {
        memory.release(term);
        return null;
      });
    }

    @Override
    public Optional<Lease> current() {
      return reach(memory::current);
    }

    @Override
    public void heartbeat(String replica, String name, URI url) {
      reach(() -> {
        memory.heartbeat(replica, name, url);
        return null;
      });
    }

    @Override
    public void leave(String replica) {
      reach(() -> {
        memory.leave(replica);
        return null;
      });
    }

    @Override
    public List<Replica> replicas(Duration within) {
      return reach(() -> memory.replicas(within));
    }

    @Override
    public String sharedSecret() {
      return reach(memory::sharedSecret);
    }
  }
}

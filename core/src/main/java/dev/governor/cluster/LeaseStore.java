package dev.governor.cluster;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one lease that makes a replica the leader, and the roll of replicas, kept where every replica
 * can reach them. Every time in here is the store's own clock, never a replica's: replicas whose
 * clocks disagree still agree on whether a lease has run out.
 */
public interface LeaseStore {

  /**
   * Takes the lease for {@code replica} if nobody holds it, its holder let it run out, or it is
   * {@code replica}'s own (it took it and lost the answer), with the next term; otherwise changes
   * nothing.
   *
   * @return the new lease, or empty when another replica holds a lease that has not run out
   */
  Optional<Lease> tryLead(String replica, URI url, Duration duration);

  /**
   * Extends {@code term}'s lease to {@code duration} from now, if it is still the current term. A
   * lease that ran out is extended too while nobody took it over: the term goes on.
   *
   * @return false when another term took over: {@code term} must stop acting at once
   */
  boolean renew(LeaderTerm term, Duration duration);

  /** Ends {@code term}'s lease now, so the next replica need not wait for it to run out. */
  void release(LeaderTerm term);

  /** The lease as stored, run out or not; empty before anyone ever led. */
  Optional<Lease> current();

  /** Records that {@code replica} is alive now; adds it on its first call. */
  void heartbeat(String replica, String name, URI url);

  /** Removes {@code replica} from the roll: it stopped on purpose. */
  void leave(String replica);

  /** The replicas seen within {@code within}, by name. */
  List<Replica> replicas(Duration within);

  /**
   * The secret every replica of this store shares, made at the first call: what a follower proves
   * with that a request it forwards came through it.
   */
  String sharedSecret();

  private static String randomHex() {
    byte[] random = new byte[32];
    new java.security.SecureRandom().nextBytes(random);
    return java.util.HexFormat.of().formatHex(random);
  }

  /** A store in memory with {@code clock} as its own clock: for tests of whatever leads. */
  static LeaseStore inMemory(InstantSource clock) {
    return new LeaseStore() {
      private Lease lease;
      private final Map<String, Replica> roll = new HashMap<>();
      private final String secret = randomHex();

      @Override
      public synchronized Optional<Lease> tryLead(String replica, URI url, Duration duration) {
        Instant now = clock.instant();
        if (lease != null && !lease.expires().isBefore(now) && !lease.term().replica().equals(replica)) return Optional.empty();
        lease = new Lease(new LeaderTerm(replica, lease == null ? 1 : lease.term().term() + 1), url, now, now.plus(duration),
            true);
        return Optional.of(lease);
      }

      @Override
      public synchronized boolean renew(LeaderTerm term, Duration duration) {
        if (lease == null || !lease.term().equals(term)) return false;
        lease = new Lease(term, lease.url(), lease.since(), clock.instant().plus(duration), true);
        return true;
      }

      @Override
      public synchronized void release(LeaderTerm term) {
        if (lease != null && lease.term().equals(term)) {
          lease = new Lease(term, lease.url(), lease.since(), clock.instant().minusMillis(1), false);
        }
      }

      @Override
      public synchronized Optional<Lease> current() {
        if (lease == null) return Optional.empty();
        return Optional.of(new Lease(lease.term(), lease.url(), lease.since(), lease.expires(),
            !lease.expires().isBefore(clock.instant())));
      }

      @Override
      public synchronized void heartbeat(String replica, String name, URI url) {
        Instant now = clock.instant();
        Replica known = roll.get(replica);
        roll.put(replica, new Replica(replica, name, url, known == null ? now : known.started(), now));
      }

      @Override
      public synchronized void leave(String replica) {
        roll.remove(replica);
      }

      @Override
      public String sharedSecret() {
        return secret;
      }

      @Override
      public synchronized List<Replica> replicas(Duration within) {
        Instant from = clock.instant().minus(within);
        return roll.values().stream().filter(r -> !r.seen().isBefore(from))
            .sorted(Comparator.comparing(Replica::name).thenComparing(Replica::id)).toList();
      }
    };
  }
}

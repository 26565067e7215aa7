package dev.governor.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Whether this replica leads the cluster, kept by rounds against the {@link LeaseStore}: a leader
 * renews its lease each round, any other replica tries to take it over, and every replica says it
 * is alive.
 *
 * <h2>Two clocks, on purpose</h2>
 * Whether a lease has run out for the others is the store's clock alone. Whether a leader may still
 * act is its own monotonic clock: it trusts its lease for {@link #TRUSTED_SHARE} of its length,
 * counted from before it asked for the renewal, so it stops acting before any other replica can take
 * over, even when it was stopped (SIGSTOP, a long pause) and learns nothing from the store. Its
 * database writes are fenced as well ({@code Database.fenceWrites}); {@link #leads()} is for what the
 * database cannot fence, a page sent over HTTP.
 *
 * <p>A leader that cannot reach the store keeps its term: once the store answers again, the term
 * goes on if nobody took the lease meanwhile, and ends the moment it learns that somebody did.
 */
public final class Leadership {

  private static final System.Logger LOG = System.getLogger(Leadership.class.getName());

  /** The share of a lease a leader acts within; the rest covers clock drift and a slow renewal. */
  public static final double TRUSTED_SHARE = 0.75;

  /** Hears when this replica starts and stops leading; called on the round's thread, so it must not block. */
  public interface Listener {
    /** @param before the lease as this replica last read it before it took over: whose term ended */
    void leading(LeaderTerm term, Optional<Lease> before);

    void following(LeaderTerm ended, String why);
  }

  private final LeaseStore store;
  private final String replica;
  private final String name;
  private final URI url;
  private final Duration duration;
  private final LongSupplier nanoTime;
  private final Listener listener;

  private volatile LeaderTerm term;
  private volatile long trustedUntil;
  private volatile Optional<Lease> lastRead = Optional.empty();

  /**
   * @param replica this process's id among the replicas: unique to this run of it
   * @param url where the other replicas reach this one
   * @param duration how long a lease runs after each renewal; a round should come every sixth of it
   */
  public Leadership(LeaseStore store, String replica, String name, URI url, Duration duration, LongSupplier nanoTime,
      Listener listener) {
    if (duration.toMillis() < 1_000) throw new IllegalArgumentException("a lease of at least 1s, got " + duration);
    this.store = store;
    this.replica = replica;
    this.name = name;
    this.url = url;
    this.duration = duration;
    this.nanoTime = nanoTime;
    this.listener = listener;
  }

  /**
   * One round: renew or try to take the lease, say this replica is alive, read the lease as others
   * see it.
   *
   * @throws RuntimeException when the store cannot be reached; the next round tries again
   */
  public synchronized void round() {
    long started = nanoTime.getAsLong();
    LeaderTerm mine = term;
    if (mine != null) {
      if (store.renew(mine, duration)) {
        trustedUntil = started + trusted();
      } else {
        term = null;
        trustedUntil = started;
        LOG.log(System.Logger.Level.WARNING, "{0} ended: another replica took the lease over", mine);
        listener.following(mine, "another replica took the lease over");
      }
    } else {
      Optional<Lease> taken = store.tryLead(replica, url, duration);
      if (taken.isPresent()) {
        term = taken.get().term();
        trustedUntil = started + trusted();
        LOG.log(System.Logger.Level.INFO, "leading the cluster: {0}", term);
        listener.leading(term, lastRead);
      }
    }
    store.heartbeat(replica, name, url);
    lastRead = store.current();
  }

  private long trusted() {
    return (long) (duration.toNanos() * TRUSTED_SHARE);
  }

  /**
   * Whether this replica leads and may act now: it holds a term, and the last renewal was recent
   * enough that no other replica can have taken the lease over yet.
   */
  public boolean leads() {
    return term != null && nanoTime.getAsLong() - trustedUntil < 0;
  }

  /**
   * Whether {@code term} is this replica's current term and it may act now: what a server started
   * for one term asks, so that it never acts on a later term's behalf while it is being closed.
   */
  public boolean leads(LeaderTerm term) {
    return term.equals(this.term) && leads();
  }

  /** The term this replica holds, even one it no longer trusts (the store is away); empty when following. */
  public Optional<LeaderTerm> term() {
    return Optional.ofNullable(term);
  }

  /** The lease as the last round read it: who leads, since when, until when. */
  public Optional<Lease> lease() {
    return lastRead;
  }

  public String replica() {
    return replica;
  }

  public String name() {
    return name;
  }

  public URI url() {
    return url;
  }

  public Duration duration() {
    return duration;
  }

  /**
   * Hands {@code term}'s lease on, if it is still this replica's term: for a replica that took the
   * lease and could not start its server. A later term it took meanwhile stays.
   */
  public synchronized void resign(LeaderTerm term) {
    if (!term.equals(this.term)) return;
    this.term = null;
    store.release(term);
  }

  /**
   * Stops leading and leaves the roll, for a replica that shuts down on purpose: the next replica
   * takes the lease over at its next round instead of waiting for it to run out.
   */
  public synchronized void resign() {
    LeaderTerm mine = term;
    term = null;
    if (mine != null) store.release(mine);
    store.leave(replica);
  }
}

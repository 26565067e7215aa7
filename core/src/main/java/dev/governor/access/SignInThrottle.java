package dev.governor.access;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code maxFailures} failed sign-ins within {@code window},
 * for one account or from one address, further attempts for it are refused (without checking the
 * password) until the oldest failure leaves the window. Counting per account stops a spread-out
 * attack on one person; counting per address stops one client trying many accounts. A success
 * clears the account's failures, not the address's, so an attacker with one valid account cannot
 * reset their budget of guesses against others.
 *
 * <p>Kept in memory: a restart forgives, which an attacker who can restart the server does not need.
 */
public final class SignInThrottle {

  private final InstantSource clock;
  private final int maxFailures;
  private final Duration window;
  private final ConcurrentHashMap<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  public SignInThrottle(InstantSource clock, int maxFailures, Duration window) {
    if (maxFailures < 1) throw new IllegalArgumentException("maxFailures must be at least 1, got " + maxFailures);
    if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("window must be positive, got " + window);
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.window = window;
  }

  /** How long until {@code account} from {@code address} may try again; empty when it may now. */
  public Optional<Duration> retryAfter(String account, String address) {
    Instant now = clock.instant();
    Optional<Duration> byAccount = blockedFor("account:" + account, now);
    Optional<Duration> byAddress = blockedFor("address:" + address, now);
    if (byAccount.isEmpty()) return byAddress;
    if (byAddress.isEmpty()) return byAccount;
    return Optional.of(byAccount.get().compareTo(byAddress.get()) >= 0 ? byAccount.get() : byAddress.get());
  }

  public void failed(String account, String address) {
    Instant now = clock.instant();
    add("account:" + account, now);
    add("address:" + address, now);
  }

  public void succeeded(String account) {
    failures.remove("account:" + account);
  }

  private void add(String key, Instant now) {
    failures.compute(key, (k, times) -> {
      Deque<Instant> kept = times == null ? new ArrayDeque<>() : times;
      prune(kept, now);
      kept.addLast(now);
      while (kept.size() > maxFailures) kept.removeFirst();
      return kept;
    });
  }

  private Optional<Duration> blockedFor(String key, Instant now) {
    Deque<Instant> times = failures.get(key);
    if (times == null) return Optional.empty();
    synchronized (times) {
      prune(times, now);
      if (times.size() < maxFailures) return Optional.empty();
      return Optional.of(Duration.between(now, times.peekFirst().plus(window)));
    }
  }

  private void prune(Deque<Instant> times, Instant now) {
    while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) times.removeFirst();
  }
}

package dev.governor.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long to wait after a failed delivery, and when to stop: the wait doubles from
 * {@code initial} with every failed attempt up to {@code max}; once {@code giveUpAfter} has passed
 * since the notification was created, the next failure gives up. The last retry is moved to that
 * deadline when the doubling would pass it, so a notification always gets a try at the end of its
 * time. A notification is never dropped because of a count of attempts: a target down for a
 * while, or Governor itself down, costs waiting, not the notification.
 *
 * @param initial the wait after the first failed attempt
 * @param max the longest wait between two attempts
 * @param giveUpAfter how long after creation a failure is final
 */
public record Backoff(Duration initial, Duration max, Duration giveUpAfter) {

  /** 10 s, doubling up to 10 min, for 24 h. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofHours(24));

  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    Objects.requireNonNull(giveUpAfter, "giveUpAfter");
    if (!initial.isPositive()) throw new IllegalArgumentException("initial backoff must be positive, got " + initial);
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max backoff " + max + " must not be shorter than the initial " + initial);
    }
    if (!giveUpAfter.isPositive()) throw new IllegalArgumentException("giveUpAfter must be positive, got " + giveUpAfter);
  }

  /** What follows a failed attempt. */
  public sealed interface Next {}

  /** Try again at {@code at}. */
  public record Retry(Instant at) implements Next {}

  /** Stop: the notification has had its time. */
  public record GiveUp() implements Next {}

  /** The wait after the {@code failedAttempts}-th failed attempt (1 for the first): {@code initial x 2^(n-1)}, at most {@code max}. */
  public Duration delayAfter(int failedAttempts) {
    if (failedAttempts < 1) throw new IllegalArgumentException("failedAttempts starts at 1, got " + failedAttempts);
    // initial x 2^62 overflows any Duration long before; max is reached far earlier anyway.
    int doublings = Math.min(failedAttempts - 1, 62);
    Duration wait;
    try {
      wait = initial.multipliedBy(1L << doublings);
    } catch (ArithmeticException overflow) {
      return max;
    }
    return wait.compareTo(max) > 0 ? max : wait;
  }

  /** After the {@code failedAttempts}-th failed attempt at {@code now} of a notification created at {@code createdAt}. */
  public Next afterFailure(Instant createdAt, int failedAttempts, Instant now) {
    Instant deadline = createdAt.plus(giveUpAfter);
    if (!now.isBefore(deadline)) return new GiveUp();
    Instant next = now.plus(delayAfter(failedAttempts));
    return new Retry(next.isAfter(deadline) ? deadline : next);
  }
}

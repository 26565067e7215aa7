package dev.governor.notify;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A notification as the outbox holds it.
 *
 * @param id the outbox's number for it
 * @param attempts delivery attempts made so far, the successful one included
 * @param nextAttemptAt when a pending notification is due; for a settled one, when it was last due
 * @param settledAt when it was delivered or given up on; empty while pending
 * @param lastError why the last attempt failed; empty when none failed or the last one succeeded
 */
public record OutboxEntry(
    long id,
    Notification notification,
    DeliveryState state,
    int attempts,
    Instant nextAttemptAt,
    Optional<Instant> settledAt,
    Optional<String> lastError) {

  public OutboxEntry {
    Objects.requireNonNull(notification, "notification");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    if (attempts < 0) throw new IllegalArgumentException("attempts cannot be negative, got " + attempts);
    if ((state == DeliveryState.PENDING) != settledAt.isEmpty()) {
      throw new IllegalArgumentException("a " + state.label() + " notification "
          + (state == DeliveryState.PENDING ? "has no" : "needs a") + " settled time, got " + settledAt);
    }
  }

  public NotificationKey key() {
    return notification.key();
  }

  /** This entry after one more attempt that settled it as {@code state} at {@code at}. */
  public OutboxEntry settled(DeliveryState state, Instant at, Optional<String> error) {
    if (state == DeliveryState.PENDING) throw new IllegalArgumentException("settled needs DELIVERED or FAILED");
    return new OutboxEntry(id, notification, state, attempts + 1, nextAttemptAt, Optional.of(at), error);
  }
}

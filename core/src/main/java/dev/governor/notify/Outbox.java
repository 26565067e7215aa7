package dev.governor.notify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Notifications kept durably until their target acknowledges them or the retries run out, so that
 * neither a target that is down nor a restart of Governor loses one. Every method that writes has
 * made the change durable when it returns.
 *
 * <p>The settling methods ({@link #delivered}, {@link #failed}, {@link #gaveUp}) change only a
 * pending notification and say whether they did.
 */
public interface Outbox {

  /**
   * Stores {@code notification}, due at once, unless one with its key is stored already; then
   * nothing changes, whatever the new one says.
   *
   * @return whether it was new
   */
  boolean enqueue(Notification notification);

  /** Pending notifications due at {@code now}, the longest due first, at most {@code limit}. */
  List<OutboxEntry> due(Instant now, int limit);

  /**
   * When the pending notification due soonest is due (possibly in the past), or empty when none is
   * pending: what the sender sleeps until. One indexed read, cheap enough to ask after every pass.
   */
  Optional<Instant> nextAttemptAt();

  /** Marks the notification acknowledged by its target, counting the attempt. */
  boolean delivered(long id, Instant at);

  /** Counts a failed attempt and when to try again. */
  boolean failed(long id, Instant nextAttemptAt, String error);

  /** Counts a failed attempt after which no other will be made: the notification is failed for good. */
  boolean gaveUp(long id, Instant at, String error);

  Optional<OutboxEntry> get(NotificationKey key);

  /**
   * Newest first, at most {@code limit}: those in {@code state} (any when empty) whose key starts
   * with {@code keyPrefix} (all when it is empty), e.g. every notification of {@code incident-12/}.
   */
  List<OutboxEntry> list(Optional<DeliveryState> state, String keyPrefix, int limit);
}

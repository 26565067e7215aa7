package dev.governor.notify;

import java.time.Instant;
import java.util.Objects;

/**
 * A message to deliver to one channel, at least once.
 *
 * @param key the caller's idempotency key: enqueuing the same key again changes nothing
 * @param createdAt when it was asked for; the outbox gives up retrying a fixed time after it
 *     (see {@link Backoff#giveUpAfter()})
 */
public record Notification(NotificationKey key, Channel channel, Message message, Instant createdAt) {
  public Notification {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}

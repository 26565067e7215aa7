package dev.governor.server.notify;

import dev.governor.notify.OutboxEntry;

/**
 * A notification in the outbox as the API shows it: the channel described without its secret
 * (a webhook's HMAC key, a Slack URL's path), times RFC 3339, {@code nextAttemptAt} only while
 * pending, {@code settledAt} once delivered or failed.
 */
public record NotificationView(
    long id,
    String idempotencyKey,
    String channelType,
    String channel,
    String event,
    String subject,
    String state,
    int attempts,
    String createdAt,
    String nextAttemptAt,
    String settledAt,
    String lastError) {

  public static NotificationView of(OutboxEntry e) {
    boolean pending = e.settledAt().isEmpty();
    return new NotificationView(
        e.id(),
        e.key().value(),
        e.notification().channel().type(),
        e.notification().channel().describe(),
        e.notification().message().event(),
        e.notification().message().subject(),
        e.state().label(),
        e.attempts(),
        e.notification().createdAt().toString(),
        pending ? e.nextAttemptAt().toString() : null,
        e.settledAt().map(Object::toString).orElse(null),
        e.lastError().orElse(null));
  }
}

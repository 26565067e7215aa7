package dev.governor.status;

import dev.governor.notify.Channel;
import java.time.Instant;

/** Someone told of every status event, through the durable outbox: a webhook or an email address. */
public record StatusSubscriber(long id, Channel channel, Instant since) {
}

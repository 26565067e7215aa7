package dev.governor.server.notify;

import dev.governor.notify.Notification;

/** Makes one delivery attempt; never throws for what a target or the network does. */
@FunctionalInterface
public interface Sender {
  Attempt send(Notification notification);
}

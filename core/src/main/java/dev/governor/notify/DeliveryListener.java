package dev.governor.notify;

/**
 * Told when a notification is settled: delivered ({@link DeliveryState#DELIVERED}) or given up on
 * ({@link DeliveryState#FAILED}, with the last error). An incident puts this on its timeline.
 *
 * <p>Called on the dispatcher's thread after the outbox recorded the outcome; a listener that
 * throws is logged and does not stop delivery. A crash between recording and calling loses the
 * call, never the outcome: the outbox is the record.
 */
@FunctionalInterface
public interface DeliveryListener {
  void settled(OutboxEntry entry);
}

package dev.governor.testing;

import dev.governor.notify.DeliveryState;
import dev.governor.notify.Notification;
import dev.governor.notify.NotificationKey;
import dev.governor.notify.Outbox;
import dev.governor.notify.OutboxEntry;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A notification outbox in maps, for the escalation and action runners' tests; it passes the JDBC
 * outbox's contract, so a runner tested on it sees what it would see on a database.
 */
public final class InMemoryOutbox implements Outbox {
  private final TreeMap<Long, OutboxEntry> byId = new TreeMap<>();
  private final Map<NotificationKey, Long> idOfKey = new HashMap<>();
  private long nextId = 1;

  /** Every key enqueued, in the order it was. */
  public synchronized List<String> keys() {
    return byId.values().stream().map(e -> e.key().value()).toList();
  }

  @Override
  public synchronized boolean enqueue(Notification notification) {
    if (idOfKey.containsKey(notification.key())) return false;
    long id = nextId++;
    byId.put(id, new OutboxEntry(id, notification, DeliveryState.PENDING, 0, notification.createdAt(),
        Optional.empty(), Optional.empty()));
    idOfKey.put(notification.key(), id);
    return true;
  }

  @Override
  public synchronized List<OutboxEntry> due(Instant now, int limit) {
    return byId.values().stream()
        .filter(e -> e.state() == DeliveryState.PENDING && !e.nextAttemptAt().isAfter(now))
        .sorted(Comparator.comparing(OutboxEntry::nextAttemptAt).thenComparingLong(OutboxEntry::id))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized boolean delivered(long id, Instant at) {
    return settle(id, DeliveryState.DELIVERED, at, Optional.empty());
  }

  @Override
  public synchronized boolean failed(long id, Instant nextAttemptAt, String error) {
    OutboxEntry e = byId.get(id);
    if (e == null || e.state() != DeliveryState.PENDING) return false;
    byId.put(id, new OutboxEntry(id, e.notification(), DeliveryState.PENDING, e.attempts() + 1, nextAttemptAt,
        Optional.empty(), Optional.of(error)));
    return true;
  }

  @Override
  public synchronized boolean gaveUp(long id, Instant at, String error) {
    return settle(id, DeliveryState.FAILED, at, Optional.of(error));
  }

  private boolean settle(long id, DeliveryState state, Instant at, Optional<String> error) {
    OutboxEntry e = byId.get(id);
    if (e == null || e.state() != DeliveryState.PENDING) return false;
    byId.put(id, e.settled(state, at, error));
    return true;
  }

  @Override
  public synchronized Optional<OutboxEntry> get(NotificationKey key) {
    return Optional.ofNullable(idOfKey.get(key)).map(byId::get);
  }

  @Override
  public synchronized List<OutboxEntry> list(Optional<DeliveryState> state, String keyPrefix, int limit) {
    return byId.descendingMap().values().stream()
        .filter(e -> state.map(s -> e.state() == s).orElse(true))
        .filter(e -> e.key().value().startsWith(keyPrefix))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized java.util.Optional<java.time.Instant> nextAttemptAt() {
    return byId.values().stream().filter(e -> e.state() == dev.governor.notify.DeliveryState.PENDING)
        .map(OutboxEntry::nextAttemptAt).min(java.time.Instant::compareTo);
  }
}

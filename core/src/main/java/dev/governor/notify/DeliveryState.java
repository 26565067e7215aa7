package dev.governor.notify;

import java.util.Locale;
import java.util.Optional;

/** Where a notification in the outbox stands. */
public enum DeliveryState {
  /** Not yet acknowledged: due now or after a backoff. */
  PENDING,
  /** Acknowledged by its target (a 2xx, an SMTP server's acceptance). */
  DELIVERED,
  /** Given up on after retrying for the configured time; kept and reported, never dropped silently. */
  FAILED;

  /** The lower-case name used in the API and in storage. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state whose {@link #label()} is {@code label}, if any. */
  public static Optional<DeliveryState> ofLabel(String label) {
    for (DeliveryState s : values()) if (s.label().equals(label)) return Optional.of(s);
    return Optional.empty();
  }
}

package dev.governor.notify;

import java.util.regex.Pattern;

/**
 * The idempotency key of a notification, chosen by whoever sends it and stable across its retries
 * and restarts: {@code incident-12/round-1/level-2/alice/webhook}. The outbox holds one
 * notification per key, and receivers get the key with every delivery so they can drop a repeat.
 *
 * <p>Printable ASCII without spaces, because it travels in an HTTP header ({@code Idempotency-Key})
 * and, encoded, in an email's {@code Message-ID}.
 */
public record NotificationKey(String value) implements Comparable<NotificationKey> {

  public static final int MAX_LENGTH = 200;

  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1," + MAX_LENGTH + "}");

  public NotificationKey {
    if (value == null || !KEY.matcher(value).matches()) {
      throw new IllegalArgumentException("an idempotency key is 1 to " + MAX_LENGTH
          + " printable ASCII characters without spaces, such as incident-12/round-1/level-2/alice/webhook, got '"
          + value + "'");
    }
  }

  public static NotificationKey of(String value) {
    return new NotificationKey(value);
  }

  @Override
  public int compareTo(NotificationKey other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

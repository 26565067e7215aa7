package dev.governor.server.notify;

/** The outcome of one attempt to deliver a notification: expected either way, so a value. */
public sealed interface Attempt {

  /** The target took it: a 2xx, or the SMTP server accepted the mail. */
  record Acknowledged(String detail) implements Attempt {}

  /**
   * It did not arrive, or nobody said so.
   *
   * @param error why, fit for the outbox and the API: never a secret (a Slack URL's path, a password)
   * @param targetDown whether the target as a whole did not answer (refused, timed out, 5xx), so
   *     that other notifications to it in the same pass need not wait for the same timeout
   */
  record Failed(String error, boolean targetDown) implements Attempt {}
}

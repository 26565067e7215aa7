package dev.governor.storage.jdbc;

/**
 * The database failed: it is unreachable, full, or holds what this version cannot read. Never bad
 * input (that is an {@link IllegalArgumentException}, or an {@link ArithmeticException} when counts
 * would overflow), so a caller answers it with a 5xx.
 */
public sealed class StorageException extends RuntimeException permits Fenced {

  StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  StorageException(String message) {
    super(message);
  }
}

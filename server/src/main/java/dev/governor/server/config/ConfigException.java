package dev.governor.server.config;

/**
 * The configuration cannot be used as given: an unknown key, a bad value, an unreadable file. The
 * message names the key and the source of the value (file, environment variable or flag), so the
 * CLI prints it as is and exits with a usage error.
 */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}

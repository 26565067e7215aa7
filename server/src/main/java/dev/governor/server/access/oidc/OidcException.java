package dev.governor.server.access.oidc;

/**
 * Single sign-on did not work. The message says what failed in words the person signing in (or the
 * admin who configured the provider) can act on, and is fit to show on the sign-in page: it never
 * holds a stack trace, and what it quotes from the provider is bounded. The cause, when there is
 * one, is kept for the log.
 */
public final class OidcException extends RuntimeException {

  public OidcException(String message) {
    super(message);
  }

  public OidcException(String message, Throwable cause) {
    super(message, cause);
  }
}

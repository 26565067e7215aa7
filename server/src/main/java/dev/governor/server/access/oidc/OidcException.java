package dev.governor.server.access.oidc;

/** Single sign-on did not work; the message says why in words a person can act on. */
public final class OidcException extends RuntimeException {

  public OidcException(String message) {
    super(message);
  }

  public OidcException(String message, Throwable cause) {
    super(message, cause);
  }
}

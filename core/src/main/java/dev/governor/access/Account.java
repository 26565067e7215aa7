package dev.governor.access;

import java.time.Instant;
import java.util.Optional;

/**
 * A person who signs in: locally with a password, or through single sign-on, where the provider
 * vouches for them and Governor keeps the account to name them and to disable them.
 *
 * @param globalRole the role everywhere; team roles come from the Team documents on top of it
 * @param passwordHash the encoded password hash (Argon2id, with its parameters and salt); empty for
 *     an account that signs in only through single sign-on
 */
public record Account(
    AccountName name,
    String displayName,
    Optional<String> email,
    Role globalRole,
    Optional<String> passwordHash,
    Origin origin,
    boolean disabled,
    Instant createdAt) {

  public Account {
    displayName = displayName == null || displayName.isBlank() ? name.value() : displayName.strip();
    if (displayName.length() > 200) {
      throw new IllegalArgumentException("a display name has at most 200 characters, got " + displayName.length());
    }
  }

  /** Where the account came from: made by an admin, or on first sign-in through the provider. */
  public enum Origin {
    LOCAL,
    OIDC
  }

  public Account withPasswordHash(String hash) {
    return new Account(name, displayName, email, globalRole, Optional.of(hash), origin, disabled, createdAt);
  }

  public Account withDisabled(boolean disabled) {
    return new Account(name, displayName, email, globalRole, passwordHash, origin, disabled, createdAt);
  }

  public Account withGlobalRole(Role role) {
    return new Account(name, displayName, email, role, passwordHash, origin, disabled, createdAt);
  }

  public Account withProfile(String displayName, Optional<String> email) {
    return new Account(name, displayName, email, globalRole, passwordHash, origin, disabled, createdAt);
  }
}

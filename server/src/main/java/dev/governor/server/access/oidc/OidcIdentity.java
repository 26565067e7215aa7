package dev.governor.server.access.oidc;

import java.util.List;
import java.util.Optional;

/** Who the provider says signed in, from a validated ID token. */
public record OidcIdentity(String subject, String username, String displayName, Optional<String> email, List<String> groups) {
  public OidcIdentity {
    groups = List.copyOf(groups);
  }
}

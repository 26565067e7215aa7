package dev.governor.server.access.oidc;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How Governor signs people in through an OpenID Connect provider.
 *
 * @param clientSecret empty for a public client (PKCE protects the code either way)
 * @param usernameClaim the ID-token claim that names the account; {@code email}, then {@code sub}, when it is absent
 * @param groupsClaim the claim that lists the person's groups
 * @param clockSkew how far the provider's clock may be from ours when expiry is checked
 */
public record OidcSettings(URI issuer, String clientId, String clientSecret, URI redirectUri, List<String> scopes,
    String usernameClaim, String groupsClaim, Duration clockSkew) {

  public OidcSettings {
    if (issuer == null || !("https".equals(issuer.getScheme()) || "http".equals(issuer.getScheme()))) {
      throw new IllegalArgumentException("auth.oidc.issuer must be an http(s) URL, got " + issuer);
    }
    if (clientId == null || clientId.isBlank()) throw new IllegalArgumentException("auth.oidc.clientId is empty");
    if (redirectUri == null || redirectUri.getHost() == null) {
      throw new IllegalArgumentException("auth.oidc.redirectUrl must be an absolute URL, got " + redirectUri);
    }
    scopes = List.copyOf(scopes);
    if (!scopes.contains("openid")) throw new IllegalArgumentException("auth.oidc.scopes must include openid, got " + scopes);
    clientSecret = clientSecret == null ? "" : clientSecret;
  }
}

package dev.governor.server.access.oidc;

import dev.governor.text.Quoted;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How Governor signs people in through an OpenID Connect provider. A null scope list, claim name or
 * clock skew takes its default; everything else that is wrong is refused here, with the config key
 * to fix, rather than at the first sign-in.
 *
 * @param issuer the provider's issuer, exactly as its discovery document spells it ({@code auth.oidc.issuer})
 * @param clientId the client registered with the provider ({@code auth.oidc.clientId})
 * @param clientSecret empty for a public client; PKCE protects the code either way ({@code auth.oidc.clientSecret})
 * @param redirectUri where the provider sends the browser back ({@code auth.oidc.redirectUrl})
 * @param scopes the scopes asked for; must include {@code openid} ({@code auth.oidc.scopes})
 * @param usernameClaim the ID-token claim that names the account; {@code email}, then {@code sub}, when it
 *     is absent ({@code auth.oidc.usernameClaim})
 * @param groupsClaim the claim that lists the person's groups, as a list or a single string ({@code auth.oidc.groupsClaim})
 * @param clockSkew how far the provider's clock may be from ours when expiry and issue times are checked
 */
public record OidcSettings(URI issuer, String clientId, String clientSecret, URI redirectUri, List<String> scopes,
    String usernameClaim, String groupsClaim, Duration clockSkew) {

  public static final List<String> DEFAULT_SCOPES = List.of("openid", "profile", "email");
  public static final String DEFAULT_USERNAME_CLAIM = "preferred_username";
  public static final String DEFAULT_GROUPS_CLAIM = "groups";
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

  public OidcSettings {
    if (issuer == null || !issuer.isAbsolute() || !isHttp(issuer) || issuer.getHost() == null
        || issuer.getRawQuery() != null || issuer.getRawFragment() != null) {
      throw new IllegalArgumentException("auth.oidc.issuer must be an http(s) URL without query or fragment, such as"
          + " https://login.example.com/realms/staff; got " + (issuer == null ? "nothing" : Quoted.string(issuer.toString())));
    }
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("auth.oidc.clientId is empty; set it to the client id registered with "
          + Quoted.bounded(issuer.toString()));
    }
    clientSecret = clientSecret == null ? "" : clientSecret;
    if (redirectUri == null || !redirectUri.isAbsolute() || !isHttp(redirectUri) || redirectUri.getHost() == null
        || redirectUri.getRawFragment() != null) {
      throw new IllegalArgumentException("auth.oidc.redirectUrl must be an absolute http(s) URL without fragment, such as"
          + " https://governor.example.com/auth/oidc/callback; got "
          + (redirectUri == null ? "nothing" : Quoted.string(redirectUri.toString())));
    }
    scopes = scopes == null || scopes.isEmpty() ? DEFAULT_SCOPES : List.copyOf(scopes);
    for (String scope : scopes) {
      // A scope is one token of the space-separated scope parameter (RFC 6749 section 3.3).
      if (scope.isEmpty() || scope.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\' || c > '~')) {
        throw new IllegalArgumentException("auth.oidc.scopes holds " + Quoted.string(scope)
            + ", which is not a scope: scopes are printable ASCII without spaces, such as openid,profile,email");
      }
    }
    if (!scopes.contains("openid")) {
      throw new IllegalArgumentException("auth.oidc.scopes must include openid, got " + Quoted.bounded(scopes.toString()));
    }
    usernameClaim = usernameClaim == null || usernameClaim.isBlank() ? DEFAULT_USERNAME_CLAIM : usernameClaim.strip();
    groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? DEFAULT_GROUPS_CLAIM : groupsClaim.strip();
    clockSkew = clockSkew == null ? DEFAULT_CLOCK_SKEW : clockSkew;
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("the OIDC clock skew must be zero or more, got " + clockSkew);
    }
  }

  /** The defaults for everything but what has none: scopes, claims and clock skew. */
  public OidcSettings(URI issuer, String clientId, String clientSecret, URI redirectUri) {
    this(issuer, clientId, clientSecret, redirectUri, null, null, null, null);
  }

  private static boolean isHttp(URI uri) {
    return "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
  }

  /** Without the client secret: settings end up in logs and error pages. */
  @Override
  public String toString() {
    return "OidcSettings[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret="
        + (clientSecret.isEmpty() ? "(none)" : "***") + ", redirectUri=" + redirectUri + ", scopes=" + scopes
        + ", usernameClaim=" + usernameClaim + ", groupsClaim=" + groupsClaim + ", clockSkew=" + clockSkew + "]";
  }
}

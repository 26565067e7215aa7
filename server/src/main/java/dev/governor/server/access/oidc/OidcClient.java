package dev.governor.server.access.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.governor.server.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * An OpenID Connect relying party: the authorization code flow with PKCE.
 *
 * <p>PKCE (S256) is used even with a client secret: it binds the code to the browser's start, so a
 * code that leaks on its way back (a log, a referrer) is worth nothing to whoever finds it. The
 * {@code nonce} does the same for the ID token: the token must carry the nonce of this sign-in.
 * The ID token is checked with the provider's keys from its JWKS (Nimbus JOSE+JWT, cached): the
 * signature, the issuer, our client id among the audiences, expiry and not-before against the
 * injected clock with {@link OidcSettings#clockSkew} of slack.
 *
 * <p>The discovery document is read at the first sign-in and kept; its issuer must be ours exactly.
 */
public final class OidcClient {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final OidcSettings settings;
  private final HttpClient http;
  private final InstantSource clock;
  private volatile Provider provider;

  /** What the discovery document says, and the JWKS as Nimbus reads it. */
  private record Provider(URI authorization, URI token, JWKSource<SecurityContext> keys) {}

  /** A sign-in under way: where to send the browser, and what its return must match. */
  public record AuthorizationStart(URI redirect, String state, String nonce, String codeVerifier, Instant startedAt) {}

  public OidcClient(OidcSettings settings, HttpClient http, InstantSource clock) {
    this.settings = settings;
    this.http = http;
    this.clock = clock;
  }

  public AuthorizationStart start() {
    Provider p = provider();
    String state = random();
    String nonce = random();
    String verifier = random();
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", settings.clientId());
    query.put("redirect_uri", settings.redirectUri().toString());
    query.put("scope", String.join(" ", settings.scopes()));
    query.put("state", state);
    query.put("nonce", nonce);
    query.put("code_challenge", challenge(verifier));
    query.put("code_challenge_method", "S256");
    String base = p.authorization().toString();
    URI redirect = URI.create(base + (base.contains("?") ? "&" : "?") + form(query));
    return new AuthorizationStart(redirect, state, nonce, verifier, clock.instant());
  }

  /** Exchanges the code and validates the ID token that comes back. */
  public OidcIdentity finish(String code, AuthorizationStart started) {
    Provider p = provider();
    Map<String, String> body = new LinkedHashMap<>();
    body.put("grant_type", "authorization_code");
    body.put("code", code);
    body.put("redirect_uri", settings.redirectUri().toString());
    body.put("code_verifier", started.codeVerifier());
    body.put("client_id", settings.clientId());
    HttpRequest.Builder request = HttpRequest.newBuilder(p.token()).timeout(TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form(body)));
    if (!settings.clientSecret().isEmpty()) {
      String basic = URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8) + ":"
          + URLEncoder.encode(settings.clientSecret(), StandardCharsets.UTF_8);
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }
    JsonNode answer = json(send(request.build(), "exchange the sign-in code at " + p.token()), p.token());
    String idToken = answer.path("id_token").asString("");
    if (idToken.isEmpty()) {
      throw new OidcException("the provider answered the code exchange without an ID token"
          + answer.path("error").asString("").transform(e -> e.isEmpty() ? "" : " (" + e + ")")
          + "; is the openid scope allowed for client " + settings.clientId() + "?");
    }
    return identity(validate(idToken, p, started.nonce()));
  }

  private JWTClaimsSet validate(String idToken, Provider p, String nonce) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
        Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.PS256), p.keys()));
    DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(settings.clientId(),
        new JWTClaimsSet.Builder().issuer(settings.issuer().toString()).build(), Set.of("sub", "exp", "iat")) {
      @Override
      protected Date currentTime() {
        return Date.from(clock.instant());
      }
    };
    verifier.setMaxClockSkew((int) settings.clockSkew().toSeconds());
    processor.setJWTClaimsSetVerifier(verifier);
    JWTClaimsSet claims;
    try {
      claims = processor.process(idToken, null);
    } catch (BadJWTException e) {
      throw new OidcException(explain(e.getMessage()), e);
    } catch (ParseException | com.nimbusds.jose.JOSEException | com.nimbusds.jose.proc.BadJOSEException e) {
      throw new OidcException("the provider's ID token could not be verified (" + e.getMessage() + ")", e);
    }
    Object tokenNonce = claims.getClaim("nonce");
    if (!nonce.equals(tokenNonce)) {
      throw new OidcException("the provider's ID token does not belong to this sign-in (its nonce differs); start again");
    }
    return claims;
  }

  private static String explain(String nimbus) {
    String lower = nimbus == null ? "" : nimbus.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("aud")) return "the provider's ID token was issued for another client";
    if (lower.contains("expired")) return "the provider's ID token has expired; start again (are the clocks right?)";
    if (lower.contains("iss")) return "the provider's ID token comes from another issuer";
    if (lower.contains("before")) return "the provider's ID token is not valid yet (are the clocks right?)";
    return "the provider's ID token was refused: " + nimbus;
  }

  private OidcIdentity identity(JWTClaimsSet claims) {
    String subject = claims.getSubject();
    String username = firstString(claims, settings.usernameClaim()).or(() -> firstString(claims, "email"))
        .orElse(subject);
    String name = firstString(claims, "name").orElse(username);
    List<String> groups = new ArrayList<>();
    Object raw = claims.getClaim(settings.groupsClaim());
    if (raw instanceof List<?> list) list.stream().map(String::valueOf).forEach(groups::add);
    else if (raw instanceof String one && !one.isBlank()) groups.add(one);
    return new OidcIdentity(subject, username, name, firstString(claims, "email"), groups);
  }

  private static Optional<String> firstString(JWTClaimsSet claims, String name) {
    return claims.getClaim(name) instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
  }

  private Provider provider() {
    Provider p = provider;
    if (p != null) return p;
    synchronized (this) {
      if (provider == null) provider = discover();
      return provider;
    }
  }

  private Provider discover() {
    URI discovery = URI.create(settings.issuer().toString().replaceAll("/+$", "") + "/.well-known/openid-configuration");
    JsonNode doc = json(send(HttpRequest.newBuilder(discovery).timeout(TIMEOUT).header("Accept", "application/json").GET()
        .build(), "read the discovery document " + discovery), discovery);
    String issuer = doc.path("issuer").asString("");
    if (!issuer.equals(settings.issuer().toString())) {
      throw new OidcException("the provider's discovery document names issuer '" + issuer + "', not '" + settings.issuer()
          + "' as auth.oidc.issuer says; set auth.oidc.issuer to exactly the provider's issuer");
    }
    try {
      URI authorization = URI.create(required(doc, "authorization_endpoint", discovery));
      URI token = URI.create(required(doc, "token_endpoint", discovery));
      JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(
          URI.create(required(doc, "jwks_uri", discovery)).toURL()).retrying(true).build();
      return new Provider(authorization, token, keys);
    } catch (IllegalArgumentException | java.net.MalformedURLException e) {
      throw new OidcException("the provider's discovery document at " + discovery + " holds a bad URL: " + e.getMessage(), e);
    }
  }

  private static String required(JsonNode doc, String field, URI from) {
    String value = doc.path(field).asString("");
    if (value.isEmpty()) throw new OidcException("the provider's discovery document at " + from + " has no " + field);
    return value;
  }

  private HttpResponse<String> send(HttpRequest request, String what) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new OidcException("could not " + what + ": the provider did not answer (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OidcException("interrupted while trying to " + what, e);
    }
  }

  private static JsonNode json(HttpResponse<String> response, URI from) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(response.body());
    } catch (JacksonException e) {
      throw new OidcException("the provider at " + from + " answered " + response.statusCode() + " with something that"
          + " is not JSON", e);
    }
    if (response.statusCode() / 100 != 2) {
      String error = node.path("error").asString("") + node.path("error_description").asString("").transform(d ->
          d.isEmpty() ? "" : ": " + d);
      throw new OidcException("the provider at " + from + " refused with " + response.statusCode()
          + (error.isEmpty() ? "" : " (" + error + ")") + "; a code works once and for a few minutes, so start again");
    }
    return node;
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String challenge(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static String form(Map<String, String> fields) {
    StringBuilder out = new StringBuilder();
    fields.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return out.toString();
  }
}

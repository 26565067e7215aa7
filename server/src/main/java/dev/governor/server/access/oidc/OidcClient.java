package dev.governor.server.access.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import dev.governor.server.http.Json;
import dev.governor.text.Quoted;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The relying party of OpenID Connect single sign-on: the authorization code flow with PKCE, for a
 * confidential client (client_secret_basic) or a public one (no secret).
 *
 * <p>{@link #start()} sends the browser to the provider with three random values, and the caller keeps
 * the {@link AuthorizationStart} until the browser comes back; {@link #finish} trades the code for an
 * ID token and checks it. Each value guards against a different attack:
 *
 * <ul>
 *   <li>{@code state} ties the browser's return to its start. This class makes it; the caller must
 *       compare it with what the same browser was given (a cookie), so that nobody can make another
 *       person's browser finish a sign-in they started.
 *   <li>PKCE (S256) is used even with a client secret. The secret proves to the provider that Governor
 *       is asking, but Governor is always the one asking: a code stolen from a victim's redirect (a log,
 *       a Referer header, a browser extension) and injected into the thief's own callback would be
 *       exchanged by Governor with its secret all the same. With PKCE the exchange must carry the
 *       verifier of the start that asked for that code, which only the victim's pending sign-in holds
 *       (RFC 9700 recommends PKCE for confidential clients for this reason).
 *   <li>{@code nonce} binds the ID token to the browser's start: a token minted for another sign-in, or
 *       replayed from an earlier one, carries another nonce and is refused, whatever the provider does
 *       with codes used twice.
 * </ul>
 *
 * <p>The ID token is verified with Nimbus JOSE+JWT against the keys the provider publishes (JWKS,
 * cached, fetched again when an unknown key id turns up, which is how providers rotate keys): RS256 or
 * ES256 only, the issuer exactly as configured, our client id among the audiences, expiry, issue and
 * not-before times within {@link OidcSettings#clockSkew()} of the injected clock, and the nonce.
 *
 * <p>The provider's discovery document is read at the first sign-in, not at construction, so that a
 * provider that is down does not stop Governor from starting; it is kept once read. A failed read is
 * not kept: the next sign-in tries again. All HTTP goes through the one injected {@link HttpClient},
 * the JWKS included, so its proxy and TLS settings apply to every call to the provider.
 *
 * <p>Every failure is an {@link OidcException} whose message can be shown to the person signing in.
 */
public final class OidcClient {

  /**
   * How long a sign-in may take from {@link #start()} to {@link #finish}. Providers keep codes for a
   * few minutes; a person who needs longer to type a password and answer a second factor starts again.
   */
  public static final Duration SIGN_IN_WINDOW = Duration.ofMinutes(10);

  /** The signature algorithms every OpenID provider offers; "none" and HMAC with the client secret are not among them. */
  static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** A discovery document, a token answer or a key set is a few kilobytes; more is not a provider talking. */
  private static final int MAX_ANSWER_BYTES = 1024 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final OidcSettings settings;
  private final HttpClient http;
  private final InstantSource clock;
  private volatile Provider provider;

  /**
   * A sign-in under way: where to send the browser, and what its return must match. The caller keeps
   * it, unchanged, until the browser comes back with the same {@code state}.
   *
   * @param redirect the provider's authorization endpoint with the request in its query
   * @param state compare with the {@code state} the browser brings back
   * @param nonce the ID token must carry it
   * @param codeVerifier the PKCE secret whose S256 challenge went to the provider
   * @param startedAt when {@link #start()} ran, by the injected clock
   */
  public record AuthorizationStart(URI redirect, String state, String nonce, String codeVerifier, Instant startedAt) {
    public AuthorizationStart {
      Objects.requireNonNull(redirect, "redirect");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(nonce, "nonce");
      Objects.requireNonNull(codeVerifier, "codeVerifier");
      Objects.requireNonNull(startedAt, "startedAt");
    }

    /** Without the verifier and the nonce, which stay between Governor and the provider. */
    @Override
    public String toString() {
      return "AuthorizationStart[redirect=" + redirect + ", state=" + state + ", startedAt=" + startedAt + "]";
    }
  }

  /** What the discovery document says, and the provider's keys as Nimbus reads them. */
  private record Provider(URI authorization, URI token, URI jwks, JWKSource<SecurityContext> keys) {}

  /** A status and a body of at most {@link #MAX_ANSWER_BYTES}. */
  private record Answer(int status, String body) {}

  /**
   * Contacts nobody: the provider's discovery document is read at the first {@link #start()}.
   *
   * @param http the client for every call to the provider; it need not follow redirects
   * @param clock the time against which sign-in windows and ID-token times are checked
   */
  public OidcClient(OidcSettings settings, HttpClient http, InstantSource clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.http = Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Begins a sign-in: fresh state, nonce and PKCE verifier, and the provider's URL to send the browser to. */
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
    // An authorization endpoint may carry a query of its own (Azure AD B2C's ?p=policy); ours follows it.
    String endpoint = p.authorization().toString();
    URI redirect = URI.create(endpoint + (p.authorization().getRawQuery() == null ? "?" : "&") + form(query));
    return new AuthorizationStart(redirect, state, nonce, verifier, clock.instant());
  }

  /**
   * Ends a sign-in: trades {@code code} for an ID token at the provider and verifies it.
   *
   * @param code the {@code code} the browser brought back
   * @param started what {@link #start()} returned for this browser, found by the {@code state} it
   *     brought back; the caller has compared that state already
   * @return who signed in
   * @throws OidcException when the provider refuses the code, cannot be reached, or its ID token fails a check
   */
  public OidcIdentity finish(String code, AuthorizationStart started) {
    Objects.requireNonNull(started, "started");
    if (code == null || code.isBlank()) {
      throw new OidcException("the provider sent the browser back without a sign-in code; start again");
    }
    Instant now = clock.instant();
    if (Duration.between(started.startedAt(), now).compareTo(SIGN_IN_WINDOW) > 0) {
      throw new OidcException("the sign-in took too long (more than " + SIGN_IN_WINDOW.toMinutes()
          + " minutes from start to return); start again");
    }
    Provider p = provider();
    String idToken = exchange(p, code, started);
    return identity(verify(p, idToken, started.nonce()));
  }

  // The code exchange.

  private String exchange(Provider p, String code, AuthorizationStart started) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("grant_type", "authorization_code");
    body.put("code", code);
    body.put("redirect_uri", settings.redirectUri().toString());
    body.put("code_verifier", started.codeVerifier());
    body.put("client_id", settings.clientId());
    HttpRequest.Builder request = HttpRequest.newBuilder(p.token()).timeout(TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form(body)));
    if (!settings.clientSecret().isEmpty()) {
      // RFC 6749 section 2.3.1: both parts form-encoded before they are joined and base64-encoded.
      String pair = URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8) + ":"
          + URLEncoder.encode(settings.clientSecret(), StandardCharsets.UTF_8);
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    Answer answer = send(request.build());
    if (answer.status() / 100 != 2) throw tokenRefused(p, answer);
    JsonNode json = parse(answer, p.token(), "answer to the code exchange");
    return text(json, "id_token").orElseThrow(() -> new OidcException("the provider's answer to the code exchange holds"
        + " no ID token; make sure client " + Quoted.bounded(settings.clientId()) + " may use the openid scope"));
  }

  private OidcException tokenRefused(Provider p, Answer answer) {
    Optional<JsonNode> json = tryParse(answer.body());
    String error = json.flatMap(j -> text(j, "error")).orElse("");
    String reason = Stream.of(error, json.flatMap(j -> text(j, "error_description")).orElse(""))
        .filter(s -> !s.isBlank()).map(Quoted::bounded).reduce((a, b) -> a + ": " + b)
        .map(s -> " (" + s + ")").orElse("");
    if (error.equals("invalid_grant")) {
      return new OidcException("the provider refused the sign-in code" + reason + ": a code works once and only for a"
          + " few minutes; start again");
    }
    if (error.equals("invalid_client") || answer.status() == 401) {
      return new OidcException("the provider refused Governor's client credentials" + reason
          + "; check auth.oidc.clientId and auth.oidc.clientSecret");
    }
    return new OidcException("the provider at " + p.token() + " refused the code exchange with HTTP " + answer.status()
        + reason + "; start again, and if it fails again, check the client's settings at the provider");
  }

  // The ID token.

  private JWTClaimsSet verify(Provider p, String idToken, String nonce) {
    SignedJWT signed;
    try {
      JWT parsed = JWTParser.parse(idToken);
      if (!(parsed instanceof SignedJWT s)) {
        throw new OidcException("the provider's ID token is not signed (or is encrypted), and Governor accepts only"
            + " signed ID tokens; change the client's settings at the provider");
      }
      signed = s;
    } catch (ParseException e) {
      throw new OidcException("the provider's ID token is not a JWT: " + Quoted.bounded(e.getMessage()), e);
    }
    JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
    if (!ALGORITHMS.contains(algorithm)) {
      throw new OidcException("the provider signs its ID tokens with " + Quoted.bounded(algorithm.getName())
          + ", and Governor accepts RS256 and ES256; choose one of them for client "
          + Quoted.bounded(settings.clientId()) + " at the provider");
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, p.keys()));
    processor.setJWTClaimsSetVerifier(new IdTokenClaims(nonce));
    try {
      return processor.process(signed, null);
    } catch (Refused e) {
      throw new OidcException(e.getMessage(), e);
    } catch (BadJWSException e) {
      throw new OidcException("the provider's ID token has a signature that does not match the provider's keys at "
          + p.jwks() + "; start again", e);
    } catch (BadJOSEException e) {
      throw new OidcException("the provider's ID token was refused: " + Quoted.bounded(e.getMessage())
          + "; its keys are published at " + p.jwks(), e);
    } catch (JOSEException e) {
      // Nimbus wraps what the key retrieval threw: the IOException from fetch() below.
      throw new OidcException("the provider at " + p.jwks() + " did not hand out its signing keys: "
          + describe(e.getCause() == null ? e : e.getCause()) + "; start again", e);
    }
  }

  /** An ID-token check that failed, in words for the person signing in. */
  private static final class Refused extends BadJWTException {
    Refused(String message) {
      super(message);
    }
  }

  /**
   * The checks of OpenID Connect Core 3.1.3.7 that are not the signature, with the time from the
   * injected clock rather than the system's.
   */
  private final class IdTokenClaims implements JWTClaimsSetVerifier<SecurityContext> {
    private final String nonce;

    IdTokenClaims(String nonce) {
      this.nonce = nonce;
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws Refused {
      String issuer = settings.issuer().toString();
      if (!issuer.equals(claims.getIssuer())) {
        throw new Refused("the provider's ID token was issued by " + Quoted.string(String.valueOf(claims.getIssuer()))
            + ", not by " + issuer + " (auth.oidc.issuer)");
      }
      List<String> audience = claims.getAudience();
      if (!audience.contains(settings.clientId())) {
        throw new Refused("the provider's ID token was issued for another client (" + Quoted.bounded(audience.toString())
            + "), not for " + Quoted.bounded(settings.clientId()) + " (auth.oidc.clientId)");
      }
      Object authorizedParty = claims.getClaim("azp");
      if (authorizedParty != null && !settings.clientId().equals(authorizedParty)) {
        throw new Refused("the provider's ID token was issued for another client (authorized party "
            + Quoted.string(String.valueOf(authorizedParty)) + "), not for " + Quoted.bounded(settings.clientId()));
      }
      if (claims.getSubject() == null || claims.getSubject().isBlank()) {
        throw new Refused("the provider's ID token names nobody: it has no subject (sub)");
      }
      Instant now = clock.instant();
      Duration skew = settings.clockSkew();
      Instant expiry = required(claims.getExpirationTime(), "expiry time (exp)");
      if (!now.isBefore(expiry.plus(skew))) {
        throw new Refused("the provider's ID token expired at " + expiry + " and it is " + seconds(now) + " here: the sign-in took"
            + " too long, or the clocks of Governor and the provider disagree; start again");
      }
      Instant issued = required(claims.getIssueTime(), "issue time (iat)");
      if (issued.minus(skew).isAfter(now)) {
        throw new Refused("the provider's ID token was issued at " + issued + ", which is still ahead of "
            + seconds(now) + " here: the clocks of Governor and the provider disagree by more than " + skew.toSeconds() + " s");
      }
      Date notBefore = claims.getNotBeforeTime();
      if (notBefore != null && notBefore.toInstant().minus(skew).isAfter(now)) {
        throw new Refused("the provider's ID token is valid only from " + notBefore.toInstant() + ", and it is "
            + seconds(now) + " here: the clocks of Governor and the provider disagree by more than " + skew.toSeconds() + " s");
      }
      if (!(claims.getClaim("nonce") instanceof String tokenNonce) || !MessageDigest.isEqual(
          tokenNonce.getBytes(StandardCharsets.UTF_8), nonce.getBytes(StandardCharsets.UTF_8))) {
        throw new Refused("the provider's ID token belongs to another sign-in (its nonce is not the one this browser"
            + " started with); start again");
      }
    }

    /** Token times are whole seconds; ours are shown alike. */
    private static Instant seconds(Instant time) {
      return time.truncatedTo(ChronoUnit.SECONDS);
    }

    private static Instant required(Date time, String what) throws Refused {
      if (time == null) throw new Refused("the provider's ID token has no " + what);
      return time.toInstant();
    }
  }

  private OidcIdentity identity(JWTClaimsSet claims) {
    String subject = claims.getSubject();
    Optional<String> email = string(claims, "email");
    // Where anyone may claim any address, an unverified one must not name the account.
    Object verified = claims.getClaim("email_verified");
    boolean emailUnverified = Boolean.FALSE.equals(verified) || "false".equals(verified);
    String username = string(claims, settings.usernameClaim())
        .or(() -> emailUnverified ? Optional.empty() : email)
        .orElse(subject);
    String displayName = string(claims, "name")
        .or(() -> Stream.of(string(claims, "given_name"), string(claims, "family_name")).flatMap(Optional::stream)
            .reduce((given, family) -> given + " " + family))
        .orElse(username);
    return new OidcIdentity(subject, username, displayName, email, groups(claims.getClaim(settings.groupsClaim())));
  }

  /** A list of names, or one name as a string (some providers send a lone group so); nothing else counts. */
  private static List<String> groups(Object claim) {
    Stream<?> values = claim instanceof Collection<?> many ? many.stream() : Stream.of(claim);
    return values.filter(String.class::isInstance).map(String.class::cast).filter(g -> !g.isBlank()).distinct().toList();
  }

  private static Optional<String> string(JWTClaimsSet claims, String name) {
    return claims.getClaim(name) instanceof String s && !s.isBlank() ? Optional.of(s.strip()) : Optional.empty();
  }

  // Discovery.

  private Provider provider() {
    Provider known = provider;
    if (known != null) return known;
    // Not under a lock: while the provider is down, each sign-in waits for its own timeout rather
    // than queueing behind everyone else's. Two first sign-ins at once read the document twice; the
    // copies are equal, so which one is kept does not matter.
    Provider discovered = discover();
    provider = discovered;
    return discovered;
  }

  private Provider discover() {
    String issuer = settings.issuer().toString();
    // OpenID Connect Discovery 1.0 section 4: the issuer without its trailing slash, then the well-known path.
    URI url = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
    Answer answer = send(HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Accept", "application/json").GET().build());
    if (answer.status() != 200) {
      throw new OidcException("the provider at " + url + " answered HTTP " + answer.status() + " instead of its discovery"
          + " document; check auth.oidc.issuer (" + issuer + ")");
    }
    JsonNode document = parse(answer, url, "discovery document");
    Optional<String> named = text(document, "issuer");
    if (!named.equals(Optional.of(issuer))) {
      // The ID tokens will carry the provider's spelling; accepting a near miss here would only move
      // the failure to every sign-in, and a document for another issuer is not ours to trust.
      throw new OidcException("the provider's discovery document at " + url + " names the issuer "
          + named.map(Quoted::string).orElse("(none)") + ", but auth.oidc.issuer is " + Quoted.string(issuer)
          + "; set auth.oidc.issuer to exactly the provider's issuer");
    }
    URI authorization = endpoint(document, "authorization_endpoint", url);
    URI token = endpoint(document, "token_endpoint", url);
    URI jwks = endpoint(document, "jwks_uri", url);
    URL jwksUrl;
    try {
      jwksUrl = jwks.toURL();
    } catch (MalformedURLException e) {
      throw new OidcException("the provider's discovery document at " + url + " gives a jwks_uri Java cannot fetch: "
          + Quoted.bounded(jwks.toString()), e);
    }
    // Cached (five minutes by default), refreshed at once for a key id not seen before, rate-limited
    // so that tokens with made-up key ids cannot make Governor hammer the provider.
    JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwksUrl, this::retrieve).retrying(true).build();
    return new Provider(authorization, token, jwks, keys);
  }

  private static URI endpoint(JsonNode document, String field, URI from) {
    String value = text(document, field).orElseThrow(() -> new OidcException("the provider's discovery document at "
        + from + " has no " + field + "; is auth.oidc.issuer an OpenID Connect provider?"));
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null && uri.getRawFragment() == null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // Refused below with the other malformed values.
    }
    throw new OidcException("the provider's discovery document at " + from + " gives " + field + " "
        + Quoted.string(value) + ", which is not an absolute http(s) URL");
  }

  // HTTP.

  /** For Nimbus: the key set, over the same HTTP client as everything else. */
  private Resource retrieve(URL url) throws IOException {
    URI uri;
    try {
      uri = url.toURI();
    } catch (URISyntaxException e) {
      throw new IOException("not a URI: " + Quoted.bounded(url.toString()), e);
    }
    Answer answer;
    try {
      answer = fetch(HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").GET().build());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading " + uri);
    }
    if (answer.status() != 200) throw new IOException("it answered HTTP " + answer.status());
    return new Resource(answer.body(), "application/json");
  }

  private Answer send(HttpRequest request) {
    URI where = request.uri();
    try {
      return fetch(request);
    } catch (TooLong e) {
      throw new OidcException("the provider at " + where + " answered with more than " + MAX_ANSWER_BYTES / 1024
          + " KiB, which is not what an OpenID provider sends; check auth.oidc.issuer", e);
    } catch (IOException e) {
      throw new OidcException("the provider at " + where + " did not answer: " + describe(e)
          + "; check auth.oidc.issuer and that Governor can reach it", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OidcException("Governor was shutting down while it waited for the provider at " + where, e);
    }
  }

  private Answer fetch(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      byte[] body = in.readNBytes(MAX_ANSWER_BYTES + 1);
      if (body.length > MAX_ANSWER_BYTES) {
        throw new TooLong("the answer is longer than " + MAX_ANSWER_BYTES / 1024 + " KiB");
      }
      return new Answer(response.statusCode(), new String(body, StandardCharsets.UTF_8));
    }
  }

  private static final class TooLong extends IOException {
    TooLong(String message) {
      super(message);
    }
  }

  private static JsonNode parse(Answer answer, URI from, String what) {
    return tryParse(answer.body()).filter(JsonNode::isObject).orElseThrow(() -> new OidcException(
        "the provider's " + what + " at " + from + " is not a JSON object; check auth.oidc.issuer"));
  }

  private static Optional<JsonNode> tryParse(String body) {
    try {
      return Optional.of(Json.MAPPER.readTree(body));
    } catch (JacksonException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isString() && !value.stringValue().isBlank() ? Optional.of(value.stringValue())
        : Optional.empty();
  }

  /** What went wrong on the wire, in words: Java's HTTP client often leaves its exceptions without a message. */
  private static String describe(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      switch (t) {
        case HttpConnectTimeoutException e -> {
          return "no connection within the connect timeout";
        }
        case HttpTimeoutException e -> {
          return "no answer within " + TIMEOUT.toSeconds() + " s";
        }
        case UnknownHostException e -> {
          return "unknown host " + Quoted.bounded(String.valueOf(e.getMessage()));
        }
        case ConnectException e -> {
          return "connection refused" + (e.getMessage() == null ? "" : " (" + Quoted.bounded(e.getMessage()) + ")");
        }
        default -> {
          if (t.getMessage() != null && !t.getMessage().isBlank()) {
            return Quoted.bounded(t.getMessage()) + " (" + t.getClass().getSimpleName() + ")";
          }
        }
      }
    }
    return error.getClass().getSimpleName();
  }

  // PKCE and random values.

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return BASE64URL.encodeToString(bytes);
  }

  /** RFC 7636 section 4.2: BASE64URL(SHA-256(ASCII(verifier))). */
  static String challenge(String verifier) {
    try {
      return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static String form(Map<String, String> fields) {
    StringBuilder out = new StringBuilder();
    fields.forEach((name, value) -> out.append(out.isEmpty() ? "" : "&")
        .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return out.toString();
  }
}

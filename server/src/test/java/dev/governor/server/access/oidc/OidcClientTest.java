package dev.governor.server.access.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.oauth2.sdk.TokenRequest;
import dev.governor.testing.FakeClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relying party against a real OpenID provider in this JVM (mock-oauth2-server 2.3.0). The
 * browser's part is played by an HTTP client that does not follow redirects: it asks the provider's
 * authorization endpoint, which signs in at once (no login page by default) and answers 302 to our
 * callback with {@code code} and {@code state}; the test hands those to {@link OidcClient#finish}.
 *
 * <p>Two things about this provider shape the tests. It builds the ID token's audience from the
 * token request's client id, whatever audience a token callback names (that one goes into the
 * access token only); but claims from the callback are written last, so an {@code aud} claim there
 * does replace it. And it forgets a code when the code is used, yet answers a second use with a fresh
 * token all the same, one without a nonce: a reused code is refused here by the nonce, where a real
 * provider answers invalid_grant.
 */
class OidcClientTest {

  static final URI CALLBACK = URI.create("http://127.0.0.1:1/auth/oidc/callback");
  static final String ISSUER_ID = "default";

  MockOAuth2Server provider;
  HttpClient http;
  HttpClient browser;
  FakeClock clock;

  @BeforeEach
  void start() {
    provider = new MockOAuth2Server();
    provider.start();
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    // The provider stamps its tokens with the system's time; ours starts there and moves only when told.
    clock = new FakeClock(Instant.now());
  }

  @AfterEach
  void stop() {
    provider.shutdown();
    http.close();
    browser.close();
  }

  URI issuer() {
    return provider.issuerUrl(ISSUER_ID).uri();
  }

  OidcClient client(String secret) {
    return new OidcClient(new OidcSettings(issuer(), "governor", secret, CALLBACK), http, clock);
  }

  OidcClient client() {
    return client("s3cret");
  }

  /** The claims of the next token the provider issues, for 3600 s. */
  void nextToken(Map<String, Object> claims) {
    nextToken(claims, 3600);
  }

  void nextToken(Map<String, Object> claims, long expirySeconds) {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "sub-1", JOSEObjectType.JWT.getType(),
        List.of("governor"), claims, expirySeconds));
  }

  /** What the browser does: go to the provider, which sends it back to the callback with a code and the state. */
  Map<String, String> authorize(OidcClient.AuthorizationStart start) throws IOException, InterruptedException {
    HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(start.redirect()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
    URI back = URI.create(answer.headers().firstValue("Location").orElseThrow());
    assertThat(back.getScheme() + "://" + back.getRawAuthority() + back.getRawPath()).isEqualTo(CALLBACK.toString());
    return query(back);
  }

  String code(OidcClient.AuthorizationStart start) throws IOException, InterruptedException {
    Map<String, String> back = authorize(start);
    assertThat(back.get("state")).isEqualTo(start.state());
    return back.get("code");
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> fields = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      String[] nameValue = pair.split("=", 2);
      fields.put(URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
          URLDecoder.decode(nameValue.length == 2 ? nameValue[1] : "", StandardCharsets.UTF_8));
    }
    return fields;
  }

  @Test
  void aFullSignInYieldsTheUsernameNameEmailAndGroups() throws Exception {
    nextToken(Map.of("preferred_username", "olga", "name", "Olga Oncall", "email", "olga@example.com",
        "groups", List.of("payments-sre", "staff")));
    OidcClient client = client();

    OidcClient.AuthorizationStart start = client.start();
    assertThat(query(start.redirect())).containsAllEntriesOf(Map.of(
        "response_type", "code",
        "client_id", "governor",
        "redirect_uri", CALLBACK.toString(),
        "scope", "openid profile email",
        "state", start.state(),
        "nonce", start.nonce(),
        "code_challenge", OidcClient.challenge(start.codeVerifier()),
        "code_challenge_method", "S256"));
    assertThat(List.of(start.state(), start.nonce(), start.codeVerifier())).doesNotHaveDuplicates()
        .allSatisfy(v -> assertThat(v).matches("[A-Za-z0-9_-]{43}"));
    assertThat(start.startedAt()).isEqualTo(clock.instant());

    OidcIdentity who = client.finish(code(start), start);

    assertThat(who).isEqualTo(new OidcIdentity("sub-1", "olga", "Olga Oncall", Optional.of("olga@example.com"),
        List.of("payments-sre", "staff")));
  }

  @Test
  void thePkceChallengeIsTheBase64urlSha256OfTheVerifier() {
    // RFC 7636 appendix B.
    assertThat(OidcClient.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  }

  @Test
  void aPublicClientWithoutASecretSignsInToo() throws Exception {
    nextToken(Map.of("preferred_username", "olga"));
    OidcClient client = client("");
    OidcClient.AuthorizationStart start = client.start();

    assertThat(client.finish(code(start), start).username()).isEqualTo("olga");
  }

  @Test
  void aGroupsClaimThatIsOneStringIsAListOfOne_andNoGroupsClaimIsNoGroups() throws Exception {
    OidcClient client = client();
    nextToken(Map.of("preferred_username", "olga", "groups", "payments-sre"));
    OidcClient.AuthorizationStart first = client.start();
    assertThat(client.finish(code(first), first).groups()).containsExactly("payments-sre");

    nextToken(Map.of("preferred_username", "olga"));
    OidcClient.AuthorizationStart second = client.start();
    assertThat(client.finish(code(second), second).groups()).isEmpty();
  }

  @Test
  void withoutTheUsernameClaimTheUsernameIsTheEmail_thenTheSubject() throws Exception {
    OidcClient client = client();
    nextToken(Map.of("email", "olga@example.com", "given_name", "Olga", "family_name", "Oncall"));
    OidcClient.AuthorizationStart first = client.start();
    OidcIdentity byEmail = client.finish(code(first), first);
    assertThat(byEmail.username()).isEqualTo("olga@example.com");
    assertThat(byEmail.displayName()).isEqualTo("Olga Oncall");

    // An address nobody confirmed must not name an account.
    nextToken(Map.of("email", "olga@example.com", "email_verified", false));
    OidcClient.AuthorizationStart second = client.start();
    OidcIdentity bySubject = client.finish(code(second), second);
    assertThat(bySubject.username()).isEqualTo("sub-1");
    assertThat(bySubject.displayName()).isEqualTo("sub-1");
    assertThat(bySubject.email()).contains("olga@example.com");
  }

  @Test
  void aTokenWithTheNonceOfAnotherSignInIsRefused() throws Exception {
    nextToken(Map.of("preferred_username", "olga"));
    OidcClient client = client();
    OidcClient.AuthorizationStart start = client.start();
    String code = code(start);
    OidcClient.AuthorizationStart other = new OidcClient.AuthorizationStart(start.redirect(), start.state(),
        client.start().nonce(), start.codeVerifier(), start.startedAt());

    assertThatThrownBy(() -> client.finish(code, other)).isInstanceOf(OidcException.class)
        .hasMessage("the provider's ID token belongs to another sign-in (its nonce is not the one this browser started"
            + " with); start again");
  }

  @Test
  void anIdTokenForAnotherClientIsRefused() throws Exception {
    nextToken(Map.of("preferred_username", "olga", "aud", List.of("someone-else")));
    OidcClient client = client();
    OidcClient.AuthorizationStart start = client.start();
    String code = code(start);

    assertThatThrownBy(() -> client.finish(code, start)).isInstanceOf(OidcException.class)
        .hasMessageStartingWith("the provider's ID token was issued for another client ([someone-else])")
        .hasMessageContaining("auth.oidc.clientId");
  }

  @Test
  void anIdTokenThatNamesUsAmongOthersButWasAuthorizedForAnotherClientIsRefused() throws Exception {
    // The provider writes azp after the callback's claims, so it is replaced after them.
    provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "sub-1", JOSEObjectType.JWT.getType(),
        List.of("governor"), Map.of("aud", List.of("someone-else", "governor")), 3600) {
      @Override
      public Map<String, Object> addClaims(TokenRequest request) {
        Map<String, Object> claims = new HashMap<>(super.addClaims(request));
        claims.put("azp", "someone-else");
        return claims;
      }
    });
    OidcClient client = client();
    OidcClient.AuthorizationStart start = client.start();
    String code = code(start);

    assertThatThrownBy(() -> client.finish(code, start)).isInstanceOf(OidcException.class)
        .hasMessageStartingWith("the provider's ID token was issued for another client (authorized party \"someone-else\")");
  }

  @Test
  void aCodeUsedTwiceIsRefused() throws Exception {
    nextToken(Map.of("preferred_username", "olga"));
    OidcClient client = client();
    OidcClient.AuthorizationStart start = client.start();
    String code = code(start);
    assertThat(client.finish(code, start).username()).isEqualTo("olga");

    // mock-oauth2-server issues a second token, without a nonce; a real provider says invalid_grant.
    assertThatThrownBy(() -> client.finish(code, start)).isInstanceOf(OidcException.class)
        .hasMessageContaining("another sign-in").hasMessageEndingWith("start again");
  }

  @Test
  void aCodeVerifierThatIsNotTheStartsIsRefusedByTheProvider() throws Exception {
    nextToken(Map.of("preferred_username", "olga"));
    OidcClient client = client();
    OidcClient.AuthorizationStart start = client.start();
    String code = code(start);
    OidcClient.AuthorizationStart thief = new OidcClient.AuthorizationStart(start.redirect(), start.state(), start.nonce(),
        client.start().codeVerifier(), start.startedAt());

    assertThatThrownBy(() -> client.finish(code, thief)).isInstanceOf(OidcException.class)
        .hasMessageStartingWith("the provider refused the sign-in code (invalid_grant")
        .hasMessageEndingWith("a code works once and only for a few minutes; start again");
  }

  @Test
  void aTokenThatExpiredWhileThePersonWasSigningInIsRefused() throws Exception {
    nextToken(Map.of("preferred_username", "olga"), 30);
    OidcClient client = client();
    OidcClient.AuthorizationStart start = client.start();
    String code = code(start);
    clock.advance(Duration.ofMinutes(5));

    assertThatThrownBy(() -> client.finish(code, start)).isInstanceOf(OidcException.class)
        .hasMessageStartingWith("the provider's ID token expired at ")
        .hasMessageContaining("the sign-in took too long, or the clocks of Governor and the provider disagree");
  }

  @Test
  void aTokenJustPastItsExpiryIsAcceptedWithinTheClockSkew() throws Exception {
    nextToken(Map.of("preferred_username", "olga"), 30);
    OidcClient client = client();
    OidcClient.AuthorizationStart start = client.start();
    String code = code(start);
    // 30 s past the token's expiry (give or take the test's own run time), well within the 60 s of skew.
    clock.advance(Duration.ofSeconds(60));

    assertThat(client.finish(code, start).username()).isEqualTo("olga");
  }

  @Test
  void aTokenIssuedAheadOfOurClockBeyondTheSkewIsRefused() throws Exception {
    clock.set(Instant.now().minus(Duration.ofHours(1)));
    nextToken(Map.of("preferred_username", "olga"));
    OidcClient client = client();
    OidcClient.AuthorizationStart start = client.start();
    String code = code(start);

    assertThatThrownBy(() -> client.finish(code, start)).isInstanceOf(OidcException.class)
        .hasMessageContaining("which is still ahead of").hasMessageContaining("disagree by more than 60 s");
  }

  @Test
  void aSignInThatTookLongerThanTheWindowIsRefusedBeforeTheProviderIsAsked() throws Exception {
    nextToken(Map.of("preferred_username", "olga"));
    OidcClient client = client();
    OidcClient.AuthorizationStart start = client.start();
    String code = code(start);
    clock.advance(OidcClient.SIGN_IN_WINDOW.plusSeconds(1));

    assertThatThrownBy(() -> client.finish(code, start)).isInstanceOf(OidcException.class)
        .hasMessage("the sign-in took too long (more than 10 minutes from start to return); start again");
    // The code was not spent on the refused attempt.
    clock.set(start.startedAt());
    assertThat(client.finish(code, start).username()).isEqualTo("olga");
  }

  @Test
  void aDiscoveryDocumentForAnotherIssuerIsRefused() {
    // A trailing slash is the usual near miss: the provider's tokens would all carry the other spelling.
    URI configured = URI.create(issuer() + "/");
    OidcClient client = new OidcClient(new OidcSettings(configured, "governor", "", CALLBACK), http, clock);

    assertThatThrownBy(client::start).isInstanceOf(OidcException.class)
        .hasMessage("the provider's discovery document at " + issuer() + "/.well-known/openid-configuration names the"
            + " issuer \"" + issuer() + "\", but auth.oidc.issuer is \"" + configured + "\"; set auth.oidc.issuer to"
            + " exactly the provider's issuer");
  }

  @Test
  void anUnreachableIssuerGivesAClearError_andOnlyWhenSomeoneSignsIn() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    URI away = URI.create("http://127.0.0.1:" + closedPort + "/realms/staff");
    OidcClient client = new OidcClient(new OidcSettings(away, "governor", "", CALLBACK), http, clock);

    assertThatThrownBy(client::start).isInstanceOf(OidcException.class)
        .hasMessageStartingWith("the provider at " + away + "/.well-known/openid-configuration did not answer:"
            + " connection refused")
        .hasMessageEndingWith("; check auth.oidc.issuer and that Governor can reach it")
        .hasMessageNotContaining("\tat ")
        .cause().isInstanceOf(IOException.class);
  }

  @Test
  void settingsTakeTheirDefaults_nameTheKeyToFix_andHideTheSecret() {
    OidcSettings settings = new OidcSettings(URI.create("https://login.example.com/realms/staff"), "governor", "s3cret",
        CALLBACK);
    assertThat(settings.scopes()).containsExactly("openid", "profile", "email");
    assertThat(settings.usernameClaim()).isEqualTo("preferred_username");
    assertThat(settings.groupsClaim()).isEqualTo("groups");
    assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.toString()).doesNotContain("s3cret");

    assertThatThrownBy(() -> new OidcSettings(URI.create("login.example.com"), "governor", "", CALLBACK))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("auth.oidc.issuer must be an http(s) URL")
        .hasMessageContaining("\"login.example.com\"");
    assertThatThrownBy(() -> new OidcSettings(settings.issuer(), " ", "", CALLBACK))
        .hasMessageStartingWith("auth.oidc.clientId is empty");
    assertThatThrownBy(() -> new OidcSettings(settings.issuer(), "governor", "", URI.create("/auth/oidc/callback")))
        .hasMessageStartingWith("auth.oidc.redirectUrl must be an absolute http(s) URL");
    assertThatThrownBy(() -> new OidcSettings(settings.issuer(), "governor", "", CALLBACK, List.of("profile"), null,
        null, null)).hasMessage("auth.oidc.scopes must include openid, got [profile]");
  }
}

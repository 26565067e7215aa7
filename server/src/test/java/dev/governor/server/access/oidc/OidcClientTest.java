package dev.governor.server.access.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relying party against a real OpenID Connect provider in this JVM (mock-oauth2-server): the
 * browser's part is played by an HTTP client that does not follow the provider's redirect.
 */
class OidcClientTest {

  static final URI CALLBACK = URI.create("http://127.0.0.1:1/auth/oidc/callback");

  MockOAuth2Server provider;
  HttpClient http;

  @BeforeEach
  void start() {
    provider = new MockOAuth2Server();
    provider.start();
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() {
    provider.shutdown();
    http.close();
  }

  OidcClient client(InstantSource clock) {
    return new OidcClient(new OidcSettings(provider.issuerUrl("default").uri(), "governor", "s3cret", CALLBACK,
        List.of("openid", "profile", "email"), "preferred_username", "groups", Duration.ofSeconds(60)), http, clock);
  }

  void enqueue(List<String> audience, Map<String, Object> claims) {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", "sub-1", JOSEObjectType.JWT.getType(), audience,
        claims, 3600));
  }

  /** What the browser does: follow the redirect to the provider, which sends it back with a code. */
  Map<String, String> authorize(OidcClient.AuthorizationStart start) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(start.redirect()).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    URI back = URI.create(r.headers().firstValue("Location").orElseThrow());
    assertThat(back.toString()).startsWith(CALLBACK.toString());
    Map<String, String> query = new java.util.HashMap<>();
    for (String kv : back.getRawQuery().split("&")) {
      String[] p = kv.split("=", 2);
      query.put(p[0], java.net.URLDecoder.decode(p[1], java.nio.charset.StandardCharsets.UTF_8));
    }
    return query;
  }

  @Test
  void aFullSignIn_givesTheNameEmailAndGroups_withPkceAndTheState() throws Exception {
    enqueue(List.of("governor"), Map.of("preferred_username", "olga", "name", "Olga Oncall", "email", "olga@example.com",
        "groups", List.of("payments-sre", "staff")));
    OidcClient client = client(InstantSource.system());
    OidcClient.AuthorizationStart start = client.start();
    assertThat(start.redirect().getQuery()).contains("code_challenge_method=S256").contains("state=" + start.state())
        .contains("nonce=" + start.nonce()).contains("redirect_uri=" + CALLBACK);

    Map<String, String> back = authorize(start);
    assertThat(back.get("state")).isEqualTo(start.state());
    OidcIdentity who = client.finish(back.get("code"), start);

    assertThat(who).isEqualTo(new OidcIdentity("sub-1", "olga", "Olga Oncall", java.util.Optional.of("olga@example.com"),
        List.of("payments-sre", "staff")));
  }

  @Test
  void aTokenOfAnotherSignIn_isRefused_byItsNonce() throws Exception {
    enqueue(List.of("governor"), Map.of("preferred_username", "olga"));
    OidcClient client = client(InstantSource.system());
    OidcClient.AuthorizationStart start = client.start();
    String code = authorize(start).get("code");
    OidcClient.AuthorizationStart other = new OidcClient.AuthorizationStart(start.redirect(), start.state(), "another-nonce",
        start.codeVerifier(), start.startedAt());

    assertThatThrownBy(() -> client.finish(code, other)).hasMessageContaining("nonce");
  }

  @Test
  void anExpiredToken_isRefused() throws Exception {
    enqueue(List.of("governor"), Map.of("preferred_username", "olga"));
    Instant later = Instant.now().plus(Duration.ofHours(3));
    OidcClient client = client(() -> later);
    OidcClient.AuthorizationStart start = client.start();
    String code = authorize(start).get("code");

    assertThatThrownBy(() -> client.finish(code, start)).hasMessageContaining("expired");
  }

  @Test
  void aWrongIssuer_andAnUnreachableProvider_sayWhatIsWrong() {
    OidcClient wrong = new OidcClient(new OidcSettings(URI.create(provider.issuerUrl("default") + "/"), "governor", "",
        CALLBACK, List.of("openid"), "preferred_username", "groups", Duration.ofSeconds(60)), http, InstantSource.system());
    assertThatThrownBy(wrong::start).isInstanceOf(OidcException.class).hasMessageContaining("auth.oidc.issuer");

    OidcClient away = new OidcClient(new OidcSettings(URI.create("http://127.0.0.1:9/realms/none"), "governor", "",
        CALLBACK, List.of("openid"), "preferred_username", "groups", Duration.ofSeconds(60)), http, InstantSource.system());
    assertThatThrownBy(away::start).isInstanceOf(OidcException.class).hasMessageContaining("did not answer");
  }
}

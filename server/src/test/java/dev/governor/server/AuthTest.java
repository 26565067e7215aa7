package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthTest {

  @TempDir Path dataDir;
  TestServer api;

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void withoutTokens_writesAreOpen() {
    api = new TestServer(dataDir);

    assertThat(api.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
  }

  @Test
  void withoutTokens_aRequestForAnotherHost_is421_readOrWrite_andChangesNothing() {
    api = new TestServer(dataDir);

    for (String host : new String[] {"evil.example", "evil.example:8080", "localhost.evil.example",
        "127.0.0.1.nip.io", "governor.example.com", "x".repeat(5000)}) {
      for (String[] request : new String[][] {{"GET", "/api/v1/slos"}, {"POST", "/api/v1/slos"}, {"GET", "/"},
          {"GET", "/readyz"}, {"DELETE", "/api/v1/slos/checkout-availability"}}) {
        TestServer.RawResponse response = api.withHost(request[0], request[1], host);
        assertThat(response.status()).as(request[0] + " " + request[1] + " Host: " + host).isEqualTo(421);
        assertThat(response.text()).contains("application/problem+json")
            .contains("/problems/misdirected-request")
            .contains("server.publicUrl").contains("GOVERNOR_PUBLIC_URL").contains("auth.tokens")
            .hasSizeLessThan(2_000);
      }
    }
    for (String malformed : new String[] {"[::1", "a:b:c", "evil.example:http"}) {
      assertThat(api.withHost("GET", "/api/v1/slos", malformed).status()).as("Host: " + malformed).isIn(400, 421);
    }
    assertThat(api.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
    assertThat(api.withHost("DELETE", "/api/v1/slos/checkout-availability", "evil.example").status()).isEqualTo(421);
    assertThat(api.get("/api/v1/slos/checkout-availability").status()).as("still there").isEqualTo(200);
  }

  @Test
  void withoutTokens_loopbackNames_ipAddresses_andThePublicUrlsHost_areAnswered() {
    api = new TestServer(dataDir, Map.of("server.publicUrl", "https://Governor.Example.com/base"));

    for (String host : new String[] {"localhost", "localhost:8080", "LOCALHOST.", "127.0.0.1", "127.0.0.1:1",
        "127.5.6.7:8080", "[::1]", "[::1]:8080", "10.1.2.3:8080", "[fd00::5]:80", "governor.example.com",
        "governor.example.com:443", "GOVERNOR.EXAMPLE.COM."}) {
      assertThat(api.withHost("GET", "/api/v1/slos", host).status()).as("Host: " + host).isEqualTo(200);
    }
    assertThat(api.withHost("GET", "/api/v1/slos", "other.example.com").status()).isEqualTo(421);
  }

  @Test
  void withTokens_theHostIsNotChecked() {
    api = new TestServer(dataDir, Map.of("auth.tokens", "s3cret-token")).withToken("s3cret-token");

    assertThat(api.withHost("GET", "/api/v1/slos", "governor.internal:8080").status()).isEqualTo(200);
    assertThat(api.withHost("DELETE", "/api/v1/slos/nope", "governor.internal").status()).isEqualTo(404);
  }

  @Test
  void withTokens_aWriteWithoutOne_is401WithAChallenge_andChangesNothing() {
    api = new TestServer(dataDir, Map.of("auth.tokens", "s3cret-token,other-token"));

    TestServer.Response response = api.applyYaml(TestServer.resource("checkout.yaml"));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.header("WWW-Authenticate")).as(response.raw().headers().map() + " " + response.body()).startsWith("Bearer");
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("type").asString()).isEqualTo("/problems/unauthorized");
    assertThat(api.withToken("s3cret-token").get("/api/v1/slos").json().get("slos")).isEmpty();
  }

  @Test
  void withTokens_aWrongToken_is401() {
    api = new TestServer(dataDir, Map.of("auth.tokens", "s3cret-token")).withToken("s3cret-tokeN");

    TestServer.Response response = api.applyYaml(TestServer.resource("checkout.yaml"));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
  }

  @Test
  void withTokens_anyConfiguredTokenMayWrite_asAnAdmin_andReadsNeedATokenToo() {
    api = new TestServer(dataDir, Map.of("auth.tokens", "s3cret-token,other-token")).withToken("other-token");

    assertThat(api.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/me").json().path("actor").asString()).isEqualTo("token:legacy-2");
    assertThat(api.get("/api/v1/me").json().path("globalRole").asString()).isEqualTo("admin");
    assertThat(api.withToken(null).get("/api/v1/slos").status()).isEqualTo(401);
    assertThat(api.delete("/api/v1/slos/checkout-availability").status()).isEqualTo(401);
    assertThat(api.events("{\"events\": []}").status()).isEqualTo(401);
    assertThat(api.get("/metrics").status()).as("auth.publicMetrics").isEqualTo(200);
    assertThat(api.get("/healthz").status()).isEqualTo(200);
  }

  @Test
  void withTokens_andMetricsNotPublic_metricsNeedAToken() {
    api = new TestServer(dataDir, Map.of("auth.tokens", "s3cret-token", "auth.publicMetrics", "false"));

    assertThat(api.get("/metrics").status()).isEqualTo(401);
    assertThat(api.withToken("s3cret-token").get("/metrics").status()).isEqualTo(200);
  }
}

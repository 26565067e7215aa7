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
  void withTokens_aWriteWithoutOne_is401WithAChallenge_andChangesNothing() {
    api = new TestServer(dataDir, Map.of("auth.tokens", "s3cret-token,other-token"));

    TestServer.Response response = api.applyYaml(TestServer.resource("checkout.yaml"));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("type").asString()).isEqualTo("/problems/unauthorized");
    assertThat(api.get("/api/v1/slos").json().get("slos")).isEmpty();
  }

  @Test
  void withTokens_aWrongToken_is401() {
    api = new TestServer(dataDir, Map.of("auth.tokens", "s3cret-token")).withToken("s3cret-tokeN");

    TestServer.Response response = api.applyYaml(TestServer.resource("checkout.yaml"));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
  }

  @Test
  void withTokens_anyConfiguredTokenMayWrite_andReadsStayOpen() {
    api = new TestServer(dataDir, Map.of("auth.tokens", "s3cret-token,other-token")).withToken("other-token");

    assertThat(api.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
    assertThat(api.withToken(null).get("/api/v1/slos").status()).isEqualTo(200);
    assertThat(api.delete("/api/v1/slos/checkout-availability").status()).isEqualTo(401);
    assertThat(api.events("{\"events\": []}").status()).isEqualTo(401);
    assertThat(api.get("/metrics").status()).isEqualTo(200);
  }
}

package dev.governor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

  private static String addressSeen(String... headers) throws Exception {
    Javalin leader = Javalin.create(cfg -> {
      cfg.routes.before(ctx -> ClientAddress.believeReplicas(ctx, "the-secret"));
      cfg.routes.get("/who", ctx -> ctx.result(ClientAddress.of(ctx)));
    }).start("127.0.0.1", 0);
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + leader.port() + "/who"));
      for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    } finally {
      leader.stop();
    }
  }

  @Test
  void aReplicaWithTheSecret_isBelievedAboutTheClient_anyoneElseIsNot() throws Exception {
    assertThat(addressSeen(ClientAddress.HEADER, "10.1.2.3", ClientAddress.KEY_HEADER, "the-secret")).isEqualTo("10.1.2.3");
    assertThat(addressSeen(ClientAddress.HEADER, "10.1.2.3", ClientAddress.KEY_HEADER, "a-guess")).isEqualTo("127.0.0.1");
    assertThat(addressSeen(ClientAddress.HEADER, "10.1.2.3")).isEqualTo("127.0.0.1");
    assertThat(addressSeen("X-Forwarded-For", "10.9.9.9")).isEqualTo("127.0.0.1");
  }
}

package dev.governor.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.server.http.ClientAddress;
import dev.governor.server.http.Problems;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A follower's forwarding over real HTTP on loopback: what goes to the leader, what comes back, and when not. */
class ForwarderTest {

  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final AtomicReference<Optional<URI>> leaderUrl = new AtomicReference<>(Optional.empty());
  private Javalin leader;
  private Javalin follower;

  private void start() {
    leader = Javalin.create(cfg -> cfg.routes.post("/api/v1/echo", ctx -> {
      ctx.status(201);
      ctx.header("Set-Cookie", "session=abc; Path=/");
      ctx.header("Location", "/api/v1/echo/1");
      ctx.result(ctx.method() + " " + ctx.path() + "?" + ctx.queryString() + " body=" + ctx.body()
          + " auth=" + ctx.header("Authorization") + " for=" + ctx.header("X-Forwarded-For")
          + " by=" + ctx.header(Forwarder.FORWARDED_BY) + " proto=" + ctx.header("X-Forwarded-Proto")
          + " client=" + ctx.header(ClientAddress.HEADER) + " key=" + ctx.header(ClientAddress.KEY_HEADER));
    })).start("127.0.0.1", 0);
    Forwarder forwarder = new Forwarder("b/1234", "s3cret", leaderUrl::get, Duration.ofSeconds(1), Duration.ofSeconds(5));
    follower = Javalin.create(cfg -> {
      new Problems(1 << 20).install(cfg.routes);
      cfg.routes.get("/*", forwarder::forward);
      cfg.routes.post("/*", forwarder::forward);
    }).start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    if (follower != null) follower.stop();
    if (leader != null) leader.stop();
  }

  private HttpResponse<String> post(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + follower.port() + path))
        .POST(HttpRequest.BodyPublishers.ofString("{\"events\": []}"));
    for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRequest_goesToTheLeaderWithItsCredentials_andTheLeadersAnswerComesBackWhole() throws Exception {
    start();
    leaderUrl.set(Optional.of(URI.create("http://127.0.0.1:" + leader.port())));

    HttpResponse<String> answer = post("/api/v1/echo?dryRun=true", "Authorization", "Bearer gov_x",
        ClientAddress.HEADER, "10.6.6.6", ClientAddress.KEY_HEADER, "guessed");

    assertThat(answer.statusCode()).isEqualTo(201);
    assertThat(answer.body()).isEqualTo("POST /api/v1/echo?dryRun=true body={\"events\": []} auth=Bearer gov_x"
        + " for=127.0.0.1 by=b/1234 proto=http client=127.0.0.1 key=s3cret");
    assertThat(answer.headers().firstValue("Set-Cookie")).contains("session=abc; Path=/");
    assertThat(answer.headers().firstValue("Location")).contains("/api/v1/echo/1");
  }

  @Test
  void withoutALeader_theAnswerIs503WithRetryAfter() throws Exception {
    start();

    HttpResponse<String> answer = post("/api/v1/events");

    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.headers().firstValue("Retry-After")).contains("2");
    assertThat(answer.body()).contains("the cluster has no leader right now");
  }

  @Test
  void aRequestForwardedAlready_isNotSentRoundAgain() throws Exception {
    start();
    leaderUrl.set(Optional.of(URI.create("http://127.0.0.1:" + leader.port())));

    HttpResponse<String> answer = post("/api/v1/echo", Forwarder.FORWARDED_BY, "c/9");

    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.body()).contains("came through c/9");
  }

  @Test
  void aLeaderThatRefusesConnections_is503_andOneThatDropsTheAnswer_is502() throws Exception {
    start();
    int nobody;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      nobody = socket.getLocalPort();
    }
    leaderUrl.set(Optional.of(URI.create("http://127.0.0.1:" + nobody)));
    assertThat(post("/api/v1/events").statusCode()).as("nothing reached the leader").isEqualTo(503);

    try (ServerSocket dropping = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> {
        try (Socket s = dropping.accept()) {
          s.getInputStream().read(new byte[4096]); // took the request, then dies before answering
        } catch (IOException e) {
          // the test is over
        }
      });
      leaderUrl.set(Optional.of(URI.create("http://127.0.0.1:" + dropping.getLocalPort())));
      HttpResponse<String> answer = post("/api/v1/events");
      assertThat(answer.statusCode()).as("the leader may have applied it").isEqualTo(502);
      assertThat(answer.body()).contains("may or may not have been applied");
    }
  }
}

package dev.governor.probes;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.governor.probe.HeaderValue;
import dev.governor.probe.Probe;
import dev.governor.probe.ProbeCheck;
import dev.governor.probe.ProbeOutcome;
import dev.governor.probe.ProbeResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of check against a real local target started here: an HTTP server that answers 200,
 * then 500, then hangs, then slowly (and redirects, JSON, headers), and a TCP port that closes.
 * TLS and DNS targets have tests of their own.
 */
class NetworkProbeRunnerTest {

  static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");

  HttpServer server;
  final AtomicInteger calls = new AtomicInteger();
  volatile String lastAuthorization;
  volatile String lastKey;
  @TempDir Path dir;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext("/sequence", exchange -> {
      switch (calls.getAndIncrement()) {
        case 0 -> answer(exchange, 200, "Welcome, shopper v42");
        case 1 -> answer(exchange, 500, "broken");
        case 2 -> {
          sleep(Duration.ofSeconds(30));
          answer(exchange, 200, "too late");
        }
        default -> {
          sleep(Duration.ofMillis(1_200));
          answer(exchange, 200, "Welcome, slowly");
        }
      }
    });
    server.createContext("/json", exchange -> answer(exchange, 200, "{\"status\": \"up\", \"checks\": [{\"ok\": true}]}"));
    server.createContext("/moved", exchange -> {
      exchange.getResponseHeaders().set("Location", "/json");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    server.createContext("/headers", exchange -> {
      lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
      lastKey = exchange.getRequestHeaders().getFirst("X-Key");
      answer(exchange, 200, "ok");
    });
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private final NetworkProbeRunner runner = new NetworkProbeRunner(InstantSource.fixed(T0),
      Map.of("SHOP_TOKEN", "s3cret")::get);

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  static Probe probe(ProbeCheck check, Duration timeout) {
    return new Probe("p", "", check, Duration.ofSeconds(10), timeout, 3, Optional.empty(), Map.of());
  }

  private static ProbeCheck.Http http(URI url) {
    return new ProbeCheck.Http(url, "GET", Map.of(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), true, Optional.empty(), Optional.empty(), ProbeCheck.Tls.DEFAULT);
  }

  @Test
  void anHttpTarget_thatAnswers200_then500_thenHangs_thenSlowly_isUp_down_timedOut_andDegraded() {
    ProbeCheck.Http check = new ProbeCheck.Http(url("/sequence"), "GET", Map.of(), Optional.empty(), List.of(),
        Optional.of("Welcome"), Optional.empty(), Optional.empty(), Optional.empty(), true,
        Optional.of(Duration.ofSeconds(1)), Optional.empty(), ProbeCheck.Tls.DEFAULT);
    Probe probe = probe(check, Duration.ofSeconds(2));

    ProbeResult ok = runner.run(probe);
    ProbeResult broken = runner.run(probe);
    long before = System.nanoTime();
    ProbeResult hung = runner.run(probe);
    Duration waited = Duration.ofNanos(System.nanoTime() - before);
    ProbeResult slow = runner.run(probe);

    assertThat(ok.outcome()).isEqualTo(ProbeOutcome.UP);
    assertThat(ok.startedAt()).isEqualTo(T0);
    assertThat(ok.latency()).isLessThan(Duration.ofSeconds(1));
    assertThat(broken.outcome()).isEqualTo(ProbeOutcome.DOWN);
    assertThat(broken.detail()).isEqualTo("HTTP 500, expected 200-299");
    assertThat(hung.outcome()).isEqualTo(ProbeOutcome.DOWN);
    assertThat(hung.detail()).isEqualTo("timed out after 2s");
    assertThat(hung.latency()).isEqualTo(Duration.ofSeconds(2));
    assertThat(waited).isLessThan(Duration.ofMillis(2_500));
    assertThat(slow.outcome()).isEqualTo(ProbeOutcome.DEGRADED);
    assertThat(slow.detail()).contains("slower than degradedAbove 1s");
    assertThat(slow.latency()).isBetween(Duration.ofMillis(1_150), Duration.ofMillis(2_000));
  }

  @Test
  void bodyChecks_jsonPaths_andFailAbove_decideTheOutcome() {
    ProbeCheck.Http json = new ProbeCheck.Http(url("/json"), "GET", Map.of(), Optional.empty(), List.of(),
        Optional.empty(), Optional.of(Pattern.compile("\"ok\":\\s*true")), Optional.of("$.checks[0].ok"),
        Optional.of("true"), true, Optional.empty(), Optional.empty(), ProbeCheck.Tls.DEFAULT);
    assertThat(runner.run(probe(json, Duration.ofSeconds(2))).outcome()).isEqualTo(ProbeOutcome.UP);

    ProbeCheck.Http wrong = new ProbeCheck.Http(url("/json"), "GET", Map.of(), Optional.empty(), List.of(),
        Optional.empty(), Optional.empty(), Optional.of("$.status"), Optional.of("down"), true, Optional.empty(),
        Optional.empty(), ProbeCheck.Tls.DEFAULT);
    ProbeResult result = runner.run(probe(wrong, Duration.ofSeconds(2)));
    assertThat(result.outcome()).isEqualTo(ProbeOutcome.DOWN);
    assertThat(result.detail()).isEqualTo("HTTP 200, but $.status is 'up', expected 'down'");

    ProbeCheck.Http missing = new ProbeCheck.Http(url("/json"), "GET", Map.of(), Optional.empty(), List.of(),
        Optional.of("Welcome"), Optional.empty(), Optional.empty(), Optional.empty(), true, Optional.empty(),
        Optional.empty(), ProbeCheck.Tls.DEFAULT);
    assertThat(runner.run(probe(missing, Duration.ofSeconds(2))).detail()).contains("does not contain 'Welcome'");

    ProbeCheck.Http tooSlow = new ProbeCheck.Http(url("/json"), "GET", Map.of(), Optional.empty(), List.of(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true, Optional.empty(),
        Optional.of(Duration.ofNanos(1)), ProbeCheck.Tls.DEFAULT);
    assertThat(runner.run(probe(tooSlow, Duration.ofSeconds(2))).detail()).contains("slower than failAbove");
  }

  @Test
  void redirects_areFollowedOnlyWhenAsked() {
    assertThat(runner.run(probe(http(url("/moved")), Duration.ofSeconds(2))).outcome()).isEqualTo(ProbeOutcome.UP);
    ProbeCheck.Http stay = new ProbeCheck.Http(url("/moved"), "GET", Map.of(), Optional.empty(), List.of(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty(),
        ProbeCheck.Tls.DEFAULT);
    assertThat(runner.run(probe(stay, Duration.ofSeconds(2))).detail()).isEqualTo("HTTP 302, expected 200-299");
  }

  @Test
  void headers_comeFromTheEnvironmentAndFiles_atEachRun_andAMissingOneNamesItsVariable() throws IOException {
    Path key = dir.resolve("key");
    Files.writeString(key, "k-1\n");
    ProbeCheck.Http check = new ProbeCheck.Http(url("/headers"), "GET",
        Map.of("Authorization", new HeaderValue.Text("Bearer ${SHOP_TOKEN}", true), "X-Key", new HeaderValue.FromFile(key)),
        Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true,
        Optional.empty(), Optional.empty(), ProbeCheck.Tls.DEFAULT);
    assertThat(runner.run(probe(check, Duration.ofSeconds(2))).outcome()).isEqualTo(ProbeOutcome.UP);
    assertThat(lastAuthorization).isEqualTo("Bearer s3cret");
    assertThat(lastKey).isEqualTo("k-1");

    Files.writeString(key, "k-2");
    runner.run(probe(check, Duration.ofSeconds(2)));
    assertThat(lastKey).isEqualTo("k-2");

    ProbeCheck.Http unset = new ProbeCheck.Http(url("/headers"), "GET",
        Map.of("Authorization", new HeaderValue.Text("Bearer ${NOT_SET}", true)), Optional.empty(), List.of(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true, Optional.empty(), Optional.empty(),
        ProbeCheck.Tls.DEFAULT);
    ProbeResult result = runner.run(probe(unset, Duration.ofSeconds(2)));
    assertThat(result.outcome()).isEqualTo(ProbeOutcome.DOWN);
    assertThat(result.detail()).isEqualTo("header Authorization needs the environment variable NOT_SET, which is not set");
  }

  @Test
  void aTcpPort_isUpWhileItListens_andRefusedOnceItCloses() throws IOException {
    ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Probe probe = probe(new ProbeCheck.Tcp("127.0.0.1", socket.getLocalPort()), Duration.ofSeconds(2));
    assertThat(runner.run(probe).outcome()).isEqualTo(ProbeOutcome.UP);

    socket.close();
    ProbeResult closed = runner.run(probe);
    assertThat(closed.outcome()).isEqualTo(ProbeOutcome.DOWN);
    assertThat(closed.detail()).isEqualTo("connection refused");
  }

  @Test
  void aRefusedHttpConnection_isDownWithAShortReason() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    ProbeResult result = runner.run(probe(http(URI.create("http://127.0.0.1:" + port + "/")), Duration.ofSeconds(2)));
    assertThat(result.outcome()).isEqualTo(ProbeOutcome.DOWN);
    assertThat(result.detail()).isEqualTo("connection refused");
  }

  static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (exchange) {
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException gone) {
      // the probe gave up first
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

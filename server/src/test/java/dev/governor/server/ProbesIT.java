package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Probes in real time against real local targets: an HTTP server that answers 200, then 500, then
 * hangs, then answers slowly, and a TCP port that closes. Each run must be reported as what it was
 * within its timeout, on schedule, two failures in a row must open an incident that the next pass
 * resolves, and the SLIs over the probe must count exactly the stored runs.
 */
class ProbesIT {

  /** What the HTTP target does on its n-th request (then it answers 200). */
  private static final List<String> SCRIPT = List.of("ok", "ok", "500", "500", "hang", "slow", "ok");

  @TempDir Path dataDir;
  HttpServer target;
  ServerSocket port;
  TestServer api;
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger connections = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    target.createContext("/", exchange -> {
      int n = requests.getAndIncrement();
      String act = n < SCRIPT.size() ? SCRIPT.get(n) : "ok";
      try (exchange) {
        if (act.equals("hang")) sleep(Duration.ofSeconds(30));
        if (act.equals("slow")) sleep(Duration.ofMillis(1_500));
        byte[] body = (act.equals("500") ? "broken" : "Welcome, shopper").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(act.equals("500") ? 500 : 200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      } catch (IOException gone) {
        // the probe gave up on a hanging answer
      }
    });
    target.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    target.start();

    // A TCP port that accepts two connections and then closes for good.
    port = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      try {
        while (connections.get() < 2) {
          try (Socket s = port.accept()) {
            connections.incrementAndGet();
          }
        }
        port.close();
      } catch (IOException closed) {
        // closed by the test
      }
    });
    api = TestServer.realTime(dataDir, Map.of("incidents.groupWait", "0s"));
  }

  @AfterEach
  void stop() throws IOException {
    api.close();
    target.stop(0);
    port.close();
  }

  @Test
  void eachRunIsReportedAsWhatItWas_onSchedule_andTheSlisCountExactlyTheRuns() {
    String url = "http://127.0.0.1:" + target.getAddress().getPort() + "/";
    TestServer.Response probes = api.post("/api/v1/probes", "application/yaml", """
        apiVersion: governor.dev/v1
        kind: Probe
        metadata: {name: shop}
        spec:
          interval: 10s
          timeout: 2s
          failuresToOpen: 2
          service: shop
          http:
            url: %s
            bodyContains: Welcome
            latency: {degradedAbove: 1s}
        ---
        apiVersion: governor.dev/v1
        kind: Probe
        metadata: {name: shop-port}
        spec:
          interval: 10s
          timeout: 2s
          failuresToOpen: 0
          tcp: {host: 127.0.0.1, port: %d}
        """.formatted(url, port.getLocalPort()));
    assertThat(probes.status()).as(probes.body()).isEqualTo(200);
    assertThat(api.applyYaml("""
        apiVersion: openslo/v1
        kind: SLO
        metadata: {name: shop-availability}
        spec:
          service: shop
          budgetingMethod: Occurrences
          timeWindow: [{duration: 1d, isRolling: true}]
          objectives: [{target: 0.99}]
          indicator:
            metadata: {name: shop-up}
            spec:
              ratioMetric:
                good: {metricSource: {type: Probe, spec: {probe: shop}}}
                total: {metricSource: {type: Probe, spec: {probe: shop}}}
        ---
        apiVersion: openslo/v1
        kind: SLO
        metadata: {name: shop-latency}
        spec:
          service: shop
          budgetingMethod: Occurrences
          timeWindow: [{duration: 1d, isRolling: true}]
          objectives: [{op: lte, value: 1, target: 0.9}]
          indicator:
            metadata: {name: shop-fast}
            spec:
              thresholdMetric: {metricSource: {type: Probe, spec: {probe: shop}}}
        """).status()).isEqualTo(200);

    // Two failures in a row (the 500s) open an incident...
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
        assertThat(api.get("/api/v1/incidents").json().path("incidents")).isNotEmpty());
    JsonNode incident = api.get("/api/v1/incidents").json().at("/incidents/0");
    assertThat(incident.path("services").toString()).isEqualTo("[\"shop\"]");
    assertThat(incident.path("severity").asString()).isEqualTo("critical");

    // ...and the slow pass after the hang resolves it.
    await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
        assertThat(api.get("/api/v1/incidents/" + incident.path("id").asLong()).json().path("state").asString())
            .isEqualTo("resolved"));
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() -> runs("shop").size() >= 7);

    List<JsonNode> runs = runs("shop");
    List<String> outcomes = runs.stream().limit(7).map(r -> r.path("outcome").asString()).toList();
    assertThat(outcomes).containsExactly("up", "up", "down", "down", "down", "degraded", "up");
    assertThat(runs.get(2).path("detail").asString()).contains("500");
    JsonNode hang = runs.get(4);
    assertThat(hang.path("detail").asString()).containsIgnoringCase("timed out");
    assertThat(hang.path("latencyMs").asDouble()).isBetween(1_900.0, 3_000.0);
    assertThat(runs.get(5).path("latencyMs").asDouble()).isBetween(1_400.0, 2_000.0);
    // On schedule: one run every 10 s, give or take the jitter; the hang delayed nothing.
    for (int i = 1; i < runs.size(); i++) {
      Duration gap = Duration.between(Instant.parse(runs.get(i - 1).path("startedAt").asString()),
          Instant.parse(runs.get(i).path("startedAt").asString()));
      assertThat(gap).as("gap before run " + i).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(11));
    }

    // The TCP port: two connects, then refused.
    List<String> tcp = runs("shop-port").stream().map(r -> r.path("outcome").asString()).toList();
    assertThat(tcp).startsWith("up", "up").contains("down");
    assertThat(runs("shop-port").stream().filter(r -> r.path("outcome").asString().equals("down")).findFirst()
        .orElseThrow().path("detail").asString()).containsIgnoringCase("refused");

    // The SLIs count exactly the stored runs, taken at one moment when no run is in flight.
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      List<JsonNode> now = runs("shop");
      long passed = now.stream().filter(r -> !r.path("outcome").asString().equals("down")).count();
      long fast = now.stream().filter(r -> r.path("latencyMs").asDouble() <= 1_000).count();
      JsonNode availability = api.get("/api/v1/slos/shop-availability/status").json().at("/objectives/0");
      JsonNode latency = api.get("/api/v1/slos/shop-latency/status").json().at("/objectives/0");
      assertThat(availability.path("total").asLong()).isEqualTo(now.size());
      assertThat(availability.path("good").decimalValue().longValueExact()).isEqualTo(passed);
      assertThat(latency.path("total").asLong()).isEqualTo(now.size());
      assertThat(latency.path("good").decimalValue().longValueExact()).isEqualTo(fast);
    });

    JsonNode listed = api.get("/api/v1/probes").json();
    assertThat(listed.toString()).contains("shop-up").contains("shop-fast");
    String page = api.get("/probes/shop").body();
    assertThat(page).contains("timed out").contains("data-chart=\"probe\"");
  }

  /** The probe's runs, oldest first. */
  private List<JsonNode> runs(String probe) {
    List<JsonNode> out = new ArrayList<>();
    api.get("/api/v1/probes/" + probe + "/results?limit=1000").json().path("results").forEach(out::add);
    return out.reversed();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.governor.server.config.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The real Prometheus (Debian's 2.42) scrapes a small service of known counters every second and
 * remote-writes to a real Governor; Governor's SLO must count exactly what the counters grew by
 * after Prometheus' first samples (the baseline). Without {@code /usr/bin/prometheus} the test is
 * skipped, and fails under {@code CI=true}, where .ci/run installs it.
 */
class PrometheusRemoteWriteIT {

  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

  @TempDir static Path temp;
  static HttpServer service;
  static GovernorServer governor;
  static Process prometheus;
  static final AtomicLong ok = new AtomicLong(1_000);
  static final AtomicLong failed = new AtomicLong(7);
  static final HttpClient http = HttpClient.newHttpClient();

  static final String SLO = """
      apiVersion: openslo/v1
      kind: Service
      metadata: {name: shop}
      spec: {}
      ---
      apiVersion: openslo/v1
      kind: SLO
      metadata: {name: shop-availability}
      spec:
        service: shop
        indicator:
          metadata: {name: shop-requests}
          spec:
            ratioMetric:
              counter: true
              good: {metricSource: {type: Prometheus, spec: {query: 'shop_requests_total{job="shop", code!~"5.."}'}}}
              total: {metricSource: {type: Prometheus, spec: {query: 'shop_requests_total{job="shop"}'}}}
        timeWindow: [{duration: 1d, isRolling: true}]
        budgetingMethod: Occurrences
        objectives: [{targetPercent: 99}]
      """;

  @BeforeAll
  static void start() throws Exception {
    if (!Files.isExecutable(PROMETHEUS)) {
      String reason = PROMETHEUS + " is missing (apt-get install -y --no-install-recommends prometheus)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new AssertionError(reason + "; CI must run this test, see .ci/run");
      Assumptions.abort(reason);
    }
    service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    service.createContext("/metrics", exchange -> {
      byte[] body = ("# TYPE shop_requests_total counter\n"
          + "shop_requests_total{code=\"200\"} " + ok.get() + "\n"
          + "shop_requests_total{code=\"503\"} " + failed.get() + "\n"
          + "# TYPE shop_queue_depth gauge\nshop_queue_depth 3\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    service.start();

    governor = GovernorServer.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of(
        "server.bind", "127.0.0.1", "server.port", "0", "storage.dataDir", temp.resolve("governor").toString(),
        "evaluation.tickInterval", "1s")));
    HttpResponse<String> applied = http.send(HttpRequest.newBuilder(governor.baseUri().resolve("/api/v1/slos"))
        .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(SLO)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);

    Path config = temp.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: shop
            static_configs:
              - targets: ['127.0.0.1:%d']
        remote_write:
          - url: %s
            queue_config:
              batch_send_deadline: 1s
              min_backoff: 100ms
              max_backoff: 1s
        """.formatted(service.getAddress().getPort(), governor.baseUri().resolve("/api/v1/write")));
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    prometheus = new ProcessBuilder(List.of(PROMETHEUS.toString(),
        "--config.file=" + config, "--storage.tsdb.path=" + temp.resolve("tsdb"),
        "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"))
        .redirectErrorStream(true)
        .redirectOutput(temp.resolve("prometheus.log").toFile())
        .start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    if (governor != null) governor.close();
    if (service != null) service.stop(0);
  }

  @Test
  void governorCounts_whatTheScrapedCountersGrewBy_afterTheBaseline() throws Exception {
    // Prometheus' first samples of each series only set Governor's baseline.
    await("Prometheus' first remote-write of the shop series (log: " + temp.resolve("prometheus.log") + ")")
        .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> metric("governor_push_samples_total\\{outcome=\"baseline\",receiver=\"remote_write\"\\}") >= 2);

    ok.addAndGet(990);
    failed.addAndGet(10);

    // A minute is stored once it is over and 20 s settled: up to 80 s after the counters grew.
    await("Governor's SLO counts the growth").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> {
          JsonNode objective = status().at("/objectives/0");
          assertThat(objective.get("total").asLong()).isEqualTo(1000);
          assertThat(objective.get("good").asLong()).isEqualTo(990);
        });
    // Prometheus also sends its own series (up, scrape_duration_seconds, ...) and the gauge: dropped, counted.
    assertThat(metric("governor_push_series_unmatched_total\\{receiver=\"remote_write\"\\}")).isPositive();
  }

  static JsonNode status() throws Exception {
    return dev.governor.server.http.Json.MAPPER.readTree(get("/api/v1/slos/shop-availability/status"));
  }

  static double metric(String regex) throws Exception {
    Matcher m = Pattern.compile("(?m)^" + regex + " (\\S+)$").matcher(get("/metrics"));
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  static String get(String path) throws IOException, InterruptedException {
    URI uri = governor.baseUri().resolve(path);
    return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}

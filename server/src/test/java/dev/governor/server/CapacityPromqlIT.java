package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A capacity signal pulled with PromQL from the real Prometheus (Debian package, 2.42): four weeks
 * of a falling free-disk gauge are written into its TSDB with the real {@code promtool tsdb
 * create-blocks-from openmetrics}, and Governor forecasts when it falls below its floor.
 */
class CapacityPromqlIT {

  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  static final double GIB = 1024.0 * 1024 * 1024;

  @TempDir Path dir;

  @Test
  void free_disk_from_prometheus_is_forecast_to_cross_its_floor() throws Exception {
    String reason = PROMETHEUS + " and " + PROMTOOL + " are not installed (apt-get install prometheus)";
    boolean installed = Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL);
    if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) throw new AssertionError(reason + "; CI must run this");
    Assumptions.assumeTrue(installed, reason);

    // 500 GiB free four weeks ago, 4 GiB less a day, a little more by night: 388 GiB now, and
    // 300 GiB (the floor) about 22 days from now.
    Instant now = Instant.now();
    Instant lastHour = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
    StringBuilder metrics = new StringBuilder("# TYPE node_filesystem_avail_bytes gauge\n");
    for (int h = 28 * 24 - 1; h >= 0; h--) {
      Instant at = lastHour.minus(Duration.ofHours(h));
      double days = (28 * 24 - 1 - h) / 24.0;
      double free = (500 - 4 * days + 2 * Math.cos(2 * Math.PI * at.atZone(java.time.ZoneOffset.UTC).getHour() / 24.0)) * GIB;
      metrics.append(String.format(Locale.ROOT, "node_filesystem_avail_bytes{mountpoint=\"/var/lib/postgresql\"} %.0f %d%n",
          free, at.getEpochSecond()));
    }
    metrics.append("# EOF\n");
    Path openMetrics = Files.writeString(dir.resolve("disk.om"), metrics);
    Process promtool = new ProcessBuilder(PROMTOOL.toString(), "tsdb", "create-blocks-from", "openmetrics",
        openMetrics.toString(), dir.resolve("tsdb").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("promtool.log").toFile()).start();
    assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(promtool.exitValue()).as(Files.readString(dir.resolve("promtool.log"))).isZero();

    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1m\n");
    Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + dir.resolve("tsdb"), "--storage.tsdb.retention.time=90d",
        "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    HttpClient http = HttpClient.newHttpClient();
    URI url = URI.create("http://127.0.0.1:" + port);
    try (TestServer api = new TestServer(dir.resolve("data"), Map.of(), now)) {
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() ->
          http.send(HttpRequest.newBuilder(url.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
              .statusCode() == 200);
      assertThat(api.applyYaml("""
          apiVersion: openslo/v1
          kind: DataSource
          metadata: {name: local-prometheus}
          spec:
            type: Prometheus
            connectionDetails: {url: '%s'}
          """.formatted(url)).status()).isEqualTo(200);
      TestServer.Response applied = api.post("/api/v1/capacity/signals", "application/yaml", """
          apiVersion: governor.dev/v1
          kind: CapacitySignal
          metadata: {name: database-free-disk}
          spec:
            prometheus:
              dataSource: local-prometheus
              query: sum(node_filesystem_avail_bytes{mountpoint="/var/lib/postgresql"})
            unit: bytes
            limit: {min: %.0f}
            ticketWithin: 30d
          """.formatted(300 * GIB));
      assertThat(applied.status()).as(applied.body()).isEqualTo(200);

      api.server.capacity().refresh();

      JsonNode signal = api.get("/api/v1/capacity").json().at("/signals/0");
      assertThat(signal.path("status").asString()).as(signal.toString()).isEqualTo("ticket");
      assertThat(signal.path("last").asDouble() / GIB).isBetween(385.0, 392.0);
      Instant crossing = Instant.parse(signal.at("/crossing/at").asString());
      assertThat(Duration.between(now, crossing).toDays()).isBetween(19L, 25L);
      assertThat(signal.at("/backtest/mape").asDouble()).isLessThan(0.01);
      assertThat(api.get("/api/v1/capacity/database-free-disk").json().path("history").size())
          .isBetween(28 * 24 - 2, 28 * 24 + 1);
    } finally {
      prometheus.destroy();
      if (!prometheus.waitFor(15, TimeUnit.SECONDS)) prometheus.destroyForcibly();
    }
  }
}

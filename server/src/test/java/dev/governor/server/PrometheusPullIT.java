package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.governor.server.config.ServerConfig;
import dev.governor.server.http.Json;
import dev.governor.sli.Bucket;
import dev.governor.sli.SeriesKey;
import dev.governor.basics.EventCounts;
import dev.governor.slo.ObjectiveStatus;
import dev.governor.basics.SliName;
import dev.governor.basics.SloName;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Governor against the real Prometheus (Debian package {@code prometheus}, 2.42), all on loopback:
 * Prometheus scrapes a fake service whose counters grow by a known amount per scrape, and Governor's
 * own {@code /metrics}, every second; Governor pulls the SLI through PromQL. Without the binary the
 * tests are skipped, and fail under CI ({@code CI=true}), where .ci/run installs it.
 */
class PrometheusPullIT {

  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  static final String BAD = "sum(increase(http_requests_total{code=\"500\"}[1m]))";
  static final String TOTAL = "sum(increase(http_requests_total[1m]))";

  @TempDir static Path dir;
  static HttpServer service;
  static final AtomicLong scrapes = new AtomicLong();
  static Process prometheus;
  static URI prometheusUrl;
  static GovernorServer governor;
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    String reason = PROMETHEUS + " is not installed (apt-get install prometheus)";
    if (!Files.isExecutable(PROMETHEUS) && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(reason + "; CI must run these tests, see .ci/run");
    }
    Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS), reason + ": skipping the Prometheus tests");

    // Every scrape adds 10 requests answered 200 and 1 answered 500: 660 a minute at one scrape a second.
    service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    service.createContext("/metrics", exchange -> {
      try (exchange) {
        long n = scrapes.incrementAndGet();
        byte[] body = ("# TYPE http_requests_total counter\n"
            + "http_requests_total{code=\"200\"} " + 10 * n + "\n"
            + "http_requests_total{code=\"500\"} " + n + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    });
    service.start();

    governor = GovernorServer.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of(
        "server.port", "0", "server.bind", "127.0.0.1", "storage.dataDir", dir.resolve("data").toString())));

    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    prometheusUrl = URI.create("http://127.0.0.1:" + port);
    Files.writeString(dir.resolve("prometheus.yml"), """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: service
            static_configs: [{targets: ['127.0.0.1:%d']}]
          - job_name: governor
            static_configs: [{targets: ['127.0.0.1:%d']}]
        """.formatted(service.getAddress().getPort(), governor.port()));
    prometheus = new ProcessBuilder(PROMETHEUS.toString(),
        "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + dir.resolve("tsdb"),
        "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("prometheus.log").toFile())
        .start();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> get(prometheusUrl.resolve("/-/ready")).statusCode() == 200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(15, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
        prometheus.waitFor(15, TimeUnit.SECONDS);
      }
    }
    if (governor != null) governor.close();
    if (service != null) service.stop(0);
  }

  @Test
  void theSliPulledFromPrometheus_equalsWhatTheCountersImply_minuteByMinute() throws Exception {
    String slo = """
        apiVersion: openslo/v1
        kind: DataSource
        metadata: {name: local-prometheus}
        spec:
          type: Prometheus
          connectionDetails: {url: '%s', delay: 2s, timeout: 10s}
        ---
        apiVersion: openslo/v1
        kind: SLO
        metadata: {name: service-availability}
        spec:
          service: service
          indicator:
            metadata: {name: service-requests}
            spec:
              ratioMetric:
                counter: true
                bad: {metricSource: {metricSourceRef: local-prometheus, spec: {query: 'http_requests_total{code="500"}'}}}
                total: {metricSource: {metricSourceRef: local-prometheus, spec: {query: 'sum(increase(http_requests_total[{{.window}}]))'}}}
          timeWindow: [{duration: 1h, isRolling: true}]
          budgetingMethod: Occurrences
          objectives: [{targetPercent: 99}]
        """.formatted(prometheusUrl);
    HttpResponse<String> applied = send(HttpRequest.newBuilder(governor.baseUri().resolve("/api/v1/slos"))
        .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(slo)));
    assertThat(applied.statusCode()).as(applied.body()).isBetween(200, 201);

    // The first minute Prometheus scraped from its start to its end, and Governor pulled.
    Instant firstWhole = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    Instant wholeEnd = firstWhole.plus(Duration.ofMinutes(1));
    // That minute ends 60 to 120 s from now, then the source's delay and the puller's 5 s check.
    await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      JsonNode s = source("service-requests");
      return s != null && s.has("syncedThrough") && !Instant.parse(s.get("syncedThrough").asString()).isBefore(wholeEnd);
    });
    JsonNode status = source("service-requests");
    assertThat(status.get("state").asString()).isIn("ok", "catching-up");
    Instant synced = Instant.parse(status.get("syncedThrough").asString());

    // Exactly Prometheus's own answer, rounded, minute by minute (increase extrapolates; see PromqlPuller).
    Instant from = synced.minus(Duration.ofMinutes(10));
    Map<Instant, Double> total = range(TOTAL, from.plusSeconds(60), synced);
    Map<Instant, Double> bad = range(BAD, from.plusSeconds(60), synced);
    List<Bucket> buckets = governor.database().buckets()
        .range(SeriesKey.of(new SliName("service-requests")), from, synced);
    assertThat(buckets).isNotEmpty();
    Map<Instant, EventCounts> expected = new HashMap<>();
    total.forEach((end, t) -> {
      long tc = Math.round(t);
      long bc = Math.min(Math.round(bad.getOrDefault(end, 0.0)), tc);
      if (tc > 0) expected.put(end.minusSeconds(60), new EventCounts(tc - bc, tc));
    });
    Map<Instant, EventCounts> actual = new HashMap<>();
    buckets.forEach(b -> actual.put(b.minute(), b.counts()));
    assertThat(actual).isEqualTo(expected);

    // And what the counters imply for the whole minute: 11 requests a scrape, one of them bad.
    EventCounts whole = actual.get(firstWhole);
    assertThat(whole).as("minute %s of %s", firstWhole, actual).isNotNull();
    assertThat(whole.total()).isBetween(640L, 680L);
    assertThat(whole.total() - whole.good()).isBetween(whole.total() / 11 - 2, whole.total() / 11 + 2);

    // The SLO's status counts what the buckets hold.
    ObjectiveStatus objective = governor.evaluator().status(new SloName("service-availability")).orElseThrow()
        .objectives().getFirst();
    long good = buckets.stream().mapToLong(b -> b.counts().good()).sum();
    long all = buckets.stream().mapToLong(b -> b.counts().total()).sum();
    assertThat(objective.counts().total()).isGreaterThanOrEqualTo(all);
    assertThat(objective.counts().good()).isGreaterThanOrEqualTo(good);
    assertThat(objective.noData()).isFalse();
  }

  @Test
  void prometheusScrapesGovernorsOwnMetrics() {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
      JsonNode up = query("up{job=\"governor\"}");
      assertThat(up.get(0).get("value").get(1).asString()).isEqualTo("1");
      JsonNode loaded = query("governor_slos_loaded{job=\"governor\"}");
      assertThat(loaded).hasSize(1);
      assertThat(query("jvm_memory_used_bytes{job=\"governor\"}")).isNotEmpty();
    });
  }

  static JsonNode source(String sli) throws Exception {
    JsonNode body = Json.MAPPER.readTree(get(governor.baseUri().resolve("/api/v1/sources")).body());
    for (JsonNode s : body.get("sources")) {
      if (s.get("sli").asString().equals(sli)) return s;
    }
    return null;
  }

  static JsonNode query(String promql) throws Exception {
    HttpResponse<String> r = get(prometheusUrl.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(body.get("status").asString()).as(r.body()).isEqualTo("success");
    return body.get("data").get("result");
  }

  static Map<Instant, Double> range(String promql, Instant start, Instant end) throws Exception {
    HttpResponse<String> r = get(prometheusUrl.resolve("/api/v1/query_range?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
        + "&start=" + start.getEpochSecond() + "&end=" + end.getEpochSecond() + "&step=60"));
    Map<Instant, Double> values = new HashMap<>();
    for (JsonNode series : Json.MAPPER.readTree(r.body()).get("data").get("result")) {
      for (JsonNode p : series.get("values")) {
        values.merge(Instant.ofEpochSecond(Math.round(p.get(0).asDouble())), Double.parseDouble(p.get(1).asString()), Double::sum);
      }
    }
    return values;
  }

  static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET());
  }

  static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}

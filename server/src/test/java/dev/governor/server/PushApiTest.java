package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;
import tools.jackson.databind.JsonNode;

/** The push receivers over real HTTP, fed the example SLO that ships in examples/. */
class PushApiTest {

  @TempDir Path dataDir;
  TestServer api;
  final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    if (api != null) api.close();
    http.close();
  }

  void start(Map<String, String> overrides) throws IOException {
    api = new TestServer(dataDir, overrides);
    api.withToken("secret-token");
    assertThat(api.applyYaml(Files.readString(Path.of("../examples/prometheus-push.yaml"))).status()).isEqualTo(200);
  }

  @Test
  void remoteWrite_feedsTheExampleSlo_andCountsUnmatchedSeriesInMetrics() throws Exception {
    start(Map.of());
    long t = TestServer.NOW.toEpochMilli() - 25_000; // 10:00:05
    assertThat(remoteWrite(t, 990, 10).statusCode()).isEqualTo(204); // baseline
    assertThat(remoteWrite(t + 15_000, 1070, 20).statusCode()).isEqualTo(204); // +80 ok, +10 errors

    api.clock.advance(Duration.ofMinutes(2));
    assertThat(remoteWrite(t + 120_000, 1070, 20).statusCode()).isEqualTo(204); // also stores the settled minute

    JsonNode objective = api.get("/api/v1/slos/storefront-availability/status").json().at("/objectives/0");
    assertThat(objective.get("total").asLong()).isEqualTo(90);
    assertThat(objective.get("good").asLong()).isEqualTo(80);
    String metrics = api.get("/metrics").body();
    // three requests, each with search, up and process_cpu_seconds_total that no selector matches
    assertThat(metrics).contains("governor_push_series_unmatched_total{receiver=\"remote_write\"} 9.0");
    assertThat(metrics).contains("governor_push_slis 1.0");
  }

  @Test
  void otlpJson_feedsTheExampleSlo_andAnswersAnEmptyResponse() throws Exception {
    start(Map.of());
    long t = (TestServer.NOW.toEpochMilli() - 25_000) * 1_000_000;
    assertThat(otlpJson(t, 4, 1).body()).isEqualTo("{}");
    HttpResponse<String> second = otlpJson(t + 15_000_000_000L, 34, 11); // +30 ok, +10 errors
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");

    api.clock.advance(Duration.ofMinutes(2));
    otlpJson(t + 120_000_000_000L, 34, 11);

    JsonNode objective = api.get("/api/v1/slos/storefront-availability/status").json().at("/objectives/0");
    assertThat(objective.get("total").asLong()).isEqualTo(40);
    assertThat(objective.get("good").asLong()).isEqualTo(30);
  }

  /**
   * Pushed increases of 9 x 10^11 each sum to 2.7 x 10^12 in one minute, past the 10^12 a minute
   * may hold: the push is still answered (its samples were counted), the minute is dropped and
   * counted as dropped when it is stored, and nothing of it reaches the SLO.
   */
  @Test
  void pushedCountsPastTheMinuteCap_areDroppedAndCounted_notStored() throws Exception {
    start(Map.of());
    long t = (TestServer.NOW.toEpochMilli() - 25_000) * 1_000_000; // 10:00:05
    long step = 5_000_000_000L;
    assertThat(otlpJson(t, 0, 0).statusCode()).isEqualTo(200);
    for (int i = 1; i <= 3; i++) {
      assertThat(otlpJson(t + i * step, i * 900_000_000_000L, 0).statusCode()).isEqualTo(200);
    }

    api.clock.advance(Duration.ofMinutes(2));
    HttpResponse<String> later = otlpJson(t + 120_000_000_000L, 2_700_000_000_000L, 0);

    assertThat(later.statusCode()).isEqualTo(200);
    JsonNode objective = api.get("/api/v1/slos/storefront-availability/status").json().at("/objectives/0");
    assertThat(objective.get("total").asLong()).isZero();
    assertThat(api.get("/metrics").body()).contains("governor_push_counts_dropped_total 2.7E12");
  }

  @Test
  void badBodiesAndHeaders_areClientErrors() throws Exception {
    start(Map.of());
    assertThat(send("/api/v1/write", "application/x-protobuf", "snappy", "not snappy".getBytes(StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(400);
    HttpResponse<String> noEncoding = send("/api/v1/write", "application/x-protobuf", null, Snappy.compress(new byte[0]));
    assertThat(noEncoding.statusCode()).isEqualTo(400);
    assertThat(noEncoding.body()).contains("Content-Encoding: snappy");
    assertThat(send("/api/v1/write", "text/plain", "snappy", new byte[1]).statusCode()).isEqualTo(415);
    assertThat(send("/v1/metrics", "application/json", null, "{\"resourceMetrics\": {}}".getBytes(StandardCharsets.UTF_8))
        .statusCode()).isEqualTo(400);
  }

  @Test
  void pushesAreWrites_andNeedATokenWhenTokensAreConfigured() throws Exception {
    start(Map.of("auth.tokens", "secret-token"));
    HttpRequest.Builder anonymous = HttpRequest.newBuilder(api.server.baseUri().resolve("/v1/metrics"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));

    assertThat(http.send(anonymous.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    assertThat(send("/v1/metrics", "application/json", null, "{}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
  }

  @Test
  void closingTheServer_leavesTheMinuteItWasAssemblingToTheNextStart_whichStoresItWhenDue() throws Exception {
    start(Map.of());
    long t = TestServer.NOW.toEpochMilli() - 25_000; // 10:00:05
    remoteWrite(t, 990, 10);
    remoteWrite(t + 15_000, 1070, 20); // 10:00's minute is not due before 10:01:20
    api.close();

    api = new TestServer(dataDir, Map.of());
    api.withToken("secret-token");
    JsonNode objective = api.get("/api/v1/slos/storefront-availability/status").json().at("/objectives/0");
    assertThat(objective.get("total").asLong()).as("half a minute is not stored as a whole one").isZero();
    api.clock.advance(Duration.ofMinutes(2));
    assertThat(remoteWrite(t + 120_000, 1075, 20).statusCode()).isEqualTo(204); // stores the settled minute
    objective = api.get("/api/v1/slos/storefront-availability/status").json().at("/objectives/0");
    assertThat(objective.get("total").asLong()).isEqualTo(90);
    assertThat(objective.get("good").asLong()).isEqualTo(80);
  }

  @Test
  void everyPrometheusSli_isListedInTheSourcesApi_withItsMode_andWhyItCannotBeFed() throws Exception {
    start(Map.of());
    String sloth = Files.readString(Path.of("../examples/prometheus-push.yaml"))
        .replace("storefront-availability", "storefront-sloth").replace("storefront-requests", "storefront-sloth-requests")
        .replace("'http_requests_total{job=\"storefront\", code!~\"5..\"}'",
            "'sum(rate(http_requests_total{job=\"storefront\", code!~\"5..\"}[{{.window}}]))'");
    assertThat(api.applyYaml(sloth).status()).isEqualTo(200);

    JsonNode sources = api.get("/api/v1/sources").json().get("sources");
    assertThat(sources).hasSize(2);
    JsonNode pushed = sources.get(0).get("sli").asString().equals("storefront-requests") ? sources.get(0) : sources.get(1);
    JsonNode unfed = pushed == sources.get(0) ? sources.get(1) : sources.get(0);
    assertThat(pushed.get("mode").asString()).isEqualTo("push");
    assertThat(unfed.get("sli").asString()).isEqualTo("storefront-sloth-requests");
    assertThat(unfed.get("mode").asString()).isEqualTo("none");
    assertThat(unfed.get("reason").asString()).contains("plain series selector");
  }

  HttpResponse<String> remoteWrite(long millis, double ok, double errors) throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(body);
    out.writeByteArray(1, series(millis, ok, "__name__", "http_requests_total", "job", "storefront", "code", "200"));
    out.writeByteArray(1, series(millis, errors, "__name__", "http_requests_total", "job", "storefront", "code", "500"));
    out.writeByteArray(1, series(millis, 7, "__name__", "http_requests_total", "job", "search", "code", "200"));
    out.writeByteArray(1, series(millis, 1, "__name__", "up", "job", "storefront"));
    out.writeByteArray(1, series(millis, 0.5, "__name__", "process_cpu_seconds_total", "job", "storefront"));
    out.flush();
    return send("/api/v1/write", "application/x-protobuf", "snappy", Snappy.compress(body.toByteArray()));
  }

  static byte[] series(long millis, double value, String... labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream ts = CodedOutputStream.newInstance(bytes);
    for (int i = 0; i < labels.length; i += 2) {
      ByteArrayOutputStream label = new ByteArrayOutputStream();
      CodedOutputStream l = CodedOutputStream.newInstance(label);
      l.writeString(1, labels[i]);
      l.writeString(2, labels[i + 1]);
      l.flush();
      ts.writeByteArray(1, label.toByteArray());
    }
    ByteArrayOutputStream sample = new ByteArrayOutputStream();
    CodedOutputStream s = CodedOutputStream.newInstance(sample);
    s.writeDouble(1, value);
    s.writeInt64(2, millis);
    s.flush();
    ts.writeByteArray(2, sample.toByteArray());
    ts.flush();
    return bytes.toByteArray();
  }

  HttpResponse<String> otlpJson(long nanos, long ok, long errors) throws Exception {
    String json = """
        {"resourceMetrics": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "storefront"}}]},
          "scopeMetrics": [{"metrics": [{"name": "http.requests.total", "sum": {"aggregationTemporality": 2,
            "isMonotonic": true, "dataPoints": [
              {"attributes": [{"key": "code", "value": {"stringValue": "200"}}], "timeUnixNano": "%d", "asInt": "%d"},
              {"attributes": [{"key": "code", "value": {"stringValue": "503"}}], "timeUnixNano": "%d", "asInt": "%d"}]}}]}]}]}
        """.formatted(nanos, ok, nanos, errors);
    return send("/v1/metrics", "application/json", null, json.getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse<String> send(String path, String contentType, String encoding, byte[] body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(api.server.baseUri().resolve(path))
        .header("Content-Type", contentType)
        .header("Authorization", "Bearer secret-token")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (encoding != null) request.header("Content-Encoding", encoding);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}

package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import dev.governor.server.http.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Release verification, the rollback hook and budget attribution over real HTTP. The clock stands
 * at 10:00:30; checkout-availability (99.9 %) gets 1000 requests a minute from 09:00 to 09:59.
 */
class VerificationApiTest {

  static final String SECRET = "rollback-secret";

  /** What the rollback endpoint received. */
  record Call(String body, String signature, String idempotencyKey) {}

  @TempDir Path dataDir;
  HttpServer hook;
  final List<Call> calls = new CopyOnWriteArrayList<>();
  final AtomicInteger refusals = new AtomicInteger(2);
  TestServer api;

  @BeforeEach
  void start() throws IOException {
    // The deploy system's rollback endpoint: unavailable twice, then it acknowledges.
    hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext("/rollback", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      calls.add(new Call(body, exchange.getRequestHeaders().getFirst("X-Governor-Signature"),
          exchange.getRequestHeaders().getFirst("Idempotency-Key")));
      exchange.sendResponseHeaders(refusals.getAndDecrement() > 0 ? 503 : 200, -1);
      exchange.close();
    });
    hook.start();
    api = new TestServer(dataDir, Map.of(
        "delivery.rollbackHook.url", "http://127.0.0.1:" + hook.getAddress().getPort() + "/rollback",
        "delivery.rollbackHook.secret", SECRET,
        "delivery.rollbackHook.initialBackoff", "1m"));
    assertThat(api.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    api.close();
    hook.stop(0);
  }

  /** 1000 requests a minute 09:00-09:59; before 09:30 every other minute has 1 error, after it 30 a minute. */
  void sendHour() {
    List<String> events = new ArrayList<>();
    for (int m = 0; m < 60; m++) {
      long bad = m < 30 ? m % 2 : 30;
      events.add("{\"sli\": \"checkout-requests\", \"time\": \"" + Instant.parse("2026-03-02T09:00:10Z").plus(Duration.ofMinutes(m))
          + "\", \"bad\": " + bad + ", \"total\": 1000}");
    }
    TestServer.Response response = api.events("{\"events\": [" + String.join(",", events) + "]}");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }

  void deploy(String id, String version, String startedAt) {
    TestServer.Response response = api.post("/api/v1/deployments", "application/json", """
        {"id": "%s", "service": "checkout", "environment": "production", "version": "%s",
         "commit": "3f2a9c1", "startedAt": "%s"}""".formatted(id, version, startedAt));
    assertThat(response.status()).as(response.body()).isEqualTo(201);
  }

  static String hmac(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void a_failing_verification_calls_the_rollback_hook_until_it_acknowledges_and_marks_the_deployment_rolled_back()
      throws Exception {
    sendHour();
    deploy("run-2", "1.4.2", "2026-03-02T09:30:00Z");

    TestServer.Response response = api.post("/api/v1/deployments/run-2/verification", "application/json",
        "{\"baseline\": \"before\", \"window\": \"30m\"}");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode result = response.json();
    assertThat(result.path("verdict").asString()).isEqualTo("fail");
    assertThat(result.at("/baseline/from").asString()).isEqualTo("2026-03-02T09:00:00Z");
    assertThat(result.at("/candidate/to").asString()).isEqualTo("2026-03-02T10:00:00Z");
    JsonNode sli = result.at("/metrics/0");
    assertThat(sli.path("metric").asString()).isEqualTo("checkout-availability/available error ratio");
    assertThat(sli.path("classification").asString()).isEqualTo("high");
    assertThat(sli.path("baselineMean").asDouble()).isCloseTo(0.0005, within(1e-12));
    assertThat(sli.path("candidateMean").asDouble()).isCloseTo(0.03, within(1e-12));
    assertThat(result.at("/metrics/1/reason").asString()).contains("burn rate 30.0x", "above the ceiling");
    assertThat(result.at("/rollback/requested").asBoolean()).isTrue();

    // 503, 503, 200: each retry waits out its backoff (1m, then 2m) on the server's clock.
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!api.get("/api/v1/deployments/run-2").json().path("outcome").asString().equals("rolled_back")) {
      assertThat(System.nanoTime()).as("the hook was called %d times", calls.size()).isLessThan(deadline);
      api.clock.advance(Duration.ofMinutes(1));
      Thread.sleep(100);
    }
    assertThat(calls).hasSize(3);
    for (Call call : calls) {
      assertThat(call.signature()).isEqualTo(hmac(call.body()));
      assertThat(call.idempotencyKey()).isEqualTo(calls.getFirst().idempotencyKey()).isNotBlank();
    }
    JsonNode payload = Json.MAPPER.readTree(calls.getFirst().body());
    assertThat(payload.path("deployment").asString()).isEqualTo("run-2");
    assertThat(payload.path("service").asString()).isEqualTo("checkout");
    assertThat(payload.path("environment").asString()).isEqualTo("production");
    assertThat(payload.path("version").asString()).isEqualTo("1.4.2");
    assertThat(payload.path("verdict").asString()).isEqualTo("fail");
    assertThat(payload.path("reasons").get(0).asString()).contains("significantly higher");

    List<String> trail = new ArrayList<>();
    api.get("/api/v1/audit?subject=run-2").json().path("entries")
        .forEach(e -> trail.add(e.path("action").asString() + ":" + e.path("outcome").asString()));
    assertThat(trail).containsExactly("rollback.delivered:acknowledged", "rollback.requested:requested", "verification:fail");

    // Verifying again records the verdict but asks for no second rollback.
    api.post("/api/v1/deployments/run-2/verification", "application/json", "");
    Thread.sleep(300);
    assertThat(calls).hasSize(3);
  }

  @Test
  void a_deploy_without_enough_data_after_it_is_marginal_and_calls_no_hook() throws Exception {
    sendHour();
    deploy("run-3", "1.4.3", "2026-03-02T09:58:00Z");

    TestServer.Response response = api.post("/api/v1/deployments/run-3/verification", "application/json", "");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().path("verdict").asString()).isEqualTo("marginal");
    assertThat(response.json().path("score").asDouble()).isZero();
    assertThat(response.json().path("reasons").toString()).contains("not enough data");
    Thread.sleep(300);
    assertThat(calls).isEmpty();
  }

  @Test
  void verification_refuses_an_unknown_deployment_a_canary_without_a_baseline_and_an_unknown_metric() {
    deploy("run-4", "1.4.4", "2026-03-02T09:30:00Z");

    TestServer.Response missing = api.post("/api/v1/deployments/nothing/verification", "application/json", "");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.contentType()).startsWith("application/problem+json");
    // No earlier deployment says which version the canary runs beside.
    TestServer.Response noBaseline = api.post("/api/v1/deployments/run-4/verification", "application/json",
        "{\"baseline\": \"canary\"}");
    assertThat(noBaseline.status()).isEqualTo(400);
    assertThat(noBaseline.body()).contains("baselineVersion");
    TestServer.Response itself = api.post("/api/v1/deployments/run-4/verification", "application/json",
        "{\"baseline\": \"canary\", \"baselineVersion\": \"1.4.4\"}");
    assertThat(itself.status()).isEqualTo(400);
    assertThat(itself.body()).contains("the canary's own version");
    TestServer.Response versionBefore = api.post("/api/v1/deployments/run-4/verification", "application/json",
        "{\"baselineVersion\": \"1.4.3\"}");
    assertThat(versionBefore.status()).isEqualTo(400);
    assertThat(versionBefore.body()).contains("only for");
    TestServer.Response kind = api.post("/api/v1/deployments/run-4/verification", "application/json",
        "{\"baseline\": \"yesterday\"}");
    assertThat(kind.status()).isEqualTo(400);
    assertThat(kind.body()).contains("'yesterday'");
    TestServer.Response metric = api.post("/api/v1/deployments/run-4/verification", "application/json",
        "{\"metrics\": [\"no-such-sli\"]}");
    assertThat(metric.status()).isEqualTo(400);
    assertThat(metric.body()).contains("no-such-sli");
    // Refusals are not verdicts: nothing is audited.
    assertThat(api.get("/api/v1/audit?subject=run-4").json().path("entries").size()).isZero();
  }

  /**
   * The canary and the baseline beside it from 09:30 to 09:59, each minute: the baseline (1.4.1)
   * serves 900 requests with 1 failure every other minute; the canary (1.5.0) serves 100 with
   * {@code canaryBad} failures.
   */
  void sendCanaryHalfHour(java.util.function.IntUnaryOperator canaryBad) {
    List<String> events = new ArrayList<>();
    for (int m = 30; m < 60; m++) {
      String time = Instant.parse("2026-03-02T09:00:10Z").plus(Duration.ofMinutes(m)).toString();
      events.add("{\"sli\": \"checkout-requests\", \"version\": \"1.4.1\", \"time\": \"" + time
          + "\", \"bad\": " + m % 2 + ", \"total\": 900}");
      events.add("{\"sli\": \"checkout-requests\", \"version\": \"1.5.0\", \"time\": \"" + time
          + "\", \"bad\": " + canaryBad.applyAsInt(m) + ", \"total\": 100}");
    }
    TestServer.Response response = api.events("{\"events\": [" + String.join(",", events) + "]}");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }

  void deployCanary() {
    TestServer.Response baseline = api.post("/api/v1/deployments", "application/json", """
        {"id": "run-1", "service": "checkout", "environment": "production", "version": "1.4.1",
         "commit": "3f2a9c1", "startedAt": "2026-03-01T09:00:00Z"}""");
    assertThat(baseline.status()).as(baseline.body()).isEqualTo(201);
    TestServer.Response canary = api.post("/api/v1/deployments", "application/json", """
        {"id": "canary-7", "service": "checkout", "environment": "production", "version": "1.5.0",
         "commit": "4b3c2d1", "startedAt": "2026-03-02T09:30:00Z", "outcome": "in_progress",
         "labels": {"strategy": "canary"}}""");
    assertThat(canary.status()).as(canary.body()).isEqualTo(201);
  }

  @Test
  void a_canary_failing_three_times_as_often_as_its_baseline_fails_calls_the_hook_and_is_rolled_back()
      throws Exception {
    deployCanary();
    sendCanaryHalfHour(m -> 3);

    TestServer.Response response = api.post("/api/v1/deployments/canary-7/verification", "application/json",
        "{\"baseline\": \"canary\", \"window\": \"30m\", \"actor\": \"pipeline\"}");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode result = response.json();
    assertThat(result.path("verdict").asString()).isEqualTo("fail");
    assertThat(result.path("score").asDouble()).isZero();
    // The baseline version comes from the previous successful deployment, over the canary's own minutes.
    assertThat(result.at("/baseline/kind").asString()).isEqualTo("canary");
    assertThat(result.at("/baseline/version").asString()).isEqualTo("1.4.1");
    assertThat(result.at("/baseline/from").asString()).isEqualTo("2026-03-02T09:30:00Z");
    assertThat(result.at("/baseline/to").asString()).isEqualTo("2026-03-02T10:00:00Z");
    assertThat(result.at("/candidate/version").asString()).isEqualTo("1.5.0");
    JsonNode sli = result.at("/metrics/0");
    assertThat(sli.path("classification").asString()).isEqualTo("high");
    assertThat(sli.path("baselineMean").asDouble()).isCloseTo(0.5 / 900, within(1e-12));
    assertThat(sli.path("candidateMean").asDouble()).isCloseTo(0.03, within(1e-12));
    assertThat(sli.path("pValue").asDouble()).isLessThan(0.02);
    assertThat(result.at("/metrics/1/reason").asString()).contains("burn rate 30.0x of the canary", "above the ceiling");
    assertThat(result.at("/rollback/requested").asBoolean()).isTrue();

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!api.get("/api/v1/deployments/canary-7").json().path("outcome").asString().equals("rolled_back")) {
      assertThat(System.nanoTime()).as("the hook was called %d times", calls.size()).isLessThan(deadline);
      api.clock.advance(Duration.ofMinutes(1));
      Thread.sleep(100);
    }
    JsonNode payload = Json.MAPPER.readTree(calls.getLast().body());
    assertThat(payload.path("deployment").asString()).isEqualTo("canary-7");
    assertThat(payload.path("version").asString()).isEqualTo("1.5.0");
    assertThat(calls.getLast().signature()).isEqualTo(hmac(calls.getLast().body()));
    JsonNode audit = api.get("/api/v1/audit?subject=canary-7").json().path("entries");
    assertThat(audit.get(2).path("action").asString()).isEqualTo("verification");
    assertThat(audit.get(2).path("reason").asString()).isEqualTo("canary against baseline version 1.4.1");
    // The SLO itself saw all the traffic of both versions: 30 x 1000 requests.
    assertThat(api.get("/api/v1/slos/checkout-availability/status").json().at("/objectives/0/total").asLong())
        .isEqualTo(30_000);
  }

  @Test
  void a_canary_that_fails_like_its_baseline_passes_and_calls_no_hook() throws Exception {
    deployCanary();
    // Not one failure on the canary: lower than the baseline, which is no regression.
    sendCanaryHalfHour(m -> 0);

    TestServer.Response response = api.post("/api/v1/deployments/canary-7/verification", "application/json",
        "{\"baseline\": \"canary\", \"baselineVersion\": \"1.4.1\"}");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().path("verdict").asString()).as(response.body()).isEqualTo("pass");
    assertThat(response.json().path("score").asDouble()).isEqualTo(100);
    assertThat(response.json().at("/rollback/requested").asBoolean()).isFalse();
    Thread.sleep(300);
    assertThat(calls).isEmpty();
    assertThat(api.get("/api/v1/deployments/canary-7").json().path("outcome").asString()).isEqualTo("in_progress");
  }

  @Test
  void a_canary_whose_events_name_no_version_is_marginal_and_says_what_to_send() {
    deployCanary();
    sendHour();

    TestServer.Response response = api.post("/api/v1/deployments/canary-7/verification", "application/json",
        "{\"baseline\": \"canary\"}");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().path("verdict").asString()).isEqualTo("marginal");
    assertThat(response.json().path("reasons").toString()).contains("\\\"version\\\": \\\"1.5.0\\\"");
  }

  @Test
  void attribution_gives_each_deployment_the_budget_burned_while_it_was_live() {
    sendHour();
    deploy("run-1", "1.4.1", "2026-03-02T09:00:00Z");
    deploy("run-2", "1.4.2", "2026-03-02T09:30:00Z");

    TestServer.Response response = api.get("/api/v1/slos/checkout-availability/attribution?from=2026-03-02T08:00:00Z");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode json = response.json();
    assertThat(json.path("environment").asString()).isEqualTo("production");
    assertThat(json.path("markers").findValuesAsString("version")).containsExactly("1.4.1", "1.4.2");
    JsonNode objective = json.at("/objectives/0");
    // 60 000 requests in the window at 99.9 %: a budget of 60 failed requests.
    assertThat(objective.path("budgetUnit").asString()).isEqualTo("events");
    assertThat(objective.path("budgetTotal").asDouble()).isCloseTo(60, within(1e-9));
    JsonNode first = objective.at("/deployments/0");
    JsonNode second = objective.at("/deployments/1");
    // 1.4.1 lived 09:00-09:30: 15 failed of 30 000, a quarter of the budget, at 0.5x.
    assertThat(first.path("liveUntil").asString()).isEqualTo("2026-03-02T09:30:00Z");
    assertThat(first.path("spent").asDouble()).isEqualTo(15);
    assertThat(first.path("budgetShare").asDouble()).isCloseTo(0.25, within(1e-12));
    assertThat(first.path("burnRateAfter").asDouble()).isCloseTo(0.5, within(1e-9));
    // 1.4.2 lives from 09:30 until now: 30 minutes x 30 = 900 failed, 15 budgets; 30x after, 0.5x before.
    assertThat(second.path("liveUntil").asString()).isEqualTo("2026-03-02T10:00:30Z");
    assertThat(second.path("spent").asDouble()).isEqualTo(900);
    assertThat(second.path("budgetShare").asDouble()).isCloseTo(15, within(1e-9));
    assertThat(second.path("burnRateBefore").asDouble()).isCloseTo(0.5, within(1e-9));
    assertThat(second.path("burnRateAfter").asDouble()).isCloseTo(30, within(1e-9));
    assertThat(second.path("burnRateRose").asBoolean()).isTrue();

    assertThat(api.get("/api/v1/slos/nothing/attribution").status()).isEqualTo(404);
  }

  @Test
  void attribution_reads_an_offset_whose_plus_arrived_unencoded() {
    sendHour();
    deploy("run-1", "1.4.1", "2026-03-02T09:00:00Z");

    // As curl sends it: the '+' of +01:00 is not encoded, so the form-decoded query holds a space.
    TestServer.Response response = api.get(
        "/api/v1/slos/checkout-availability/attribution?from=2026-03-02T09:00:00+01:00&to=2026-03-02T10:30:00+01:00");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().path("from").asString()).isEqualTo("2026-03-02T08:00:00Z");
    assertThat(response.json().path("to").asString()).isEqualTo("2026-03-02T09:30:00Z");
    assertThat(response.json().path("markers").findValuesAsString("version")).containsExactly("1.4.1");
    TestServer.Response bad = api.get("/api/v1/slos/checkout-availability/attribution?to=noon");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("to must be an RFC 3339");
  }
}

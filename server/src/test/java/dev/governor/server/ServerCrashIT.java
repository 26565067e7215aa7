package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.server.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A 200 from the events API means "durable": the server is killed with SIGKILL while batches are
 * in flight, restarted on the same data directory, and must count every acknowledged event. Batches
 * whose answer was lost in the crash may or may not have landed, but only whole: the surplus over
 * the acknowledged events must be a multiple of the batch size.
 */
class ServerCrashIT {

  private static final int CLIENTS = 4;
  private static final int EVENTS_PER_BATCH = 10;
  private static final int TOTAL_PER_EVENT = 10;
  private static final int GOOD_PER_EVENT = 9;
  private static final long TOTAL_PER_BATCH = (long) EVENTS_PER_BATCH * TOTAL_PER_EVENT;

  @TempDir Path dataDir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(Process::destroyForcibly);
    http.close();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void everyAcknowledgedEvent_survivesAKillDashNine() throws Exception {
    killDuringIngestion(() -> Instant.now().minusSeconds(5));
  }

  /**
   * Batches stamped over the last six hours (late data, as a backfilling sender sends) update the
   * hourly and daily rollups in the same transaction as their minutes; the kill lands in the
   * middle of those writes. After the restart the running sums, rebuilt from days, hours and
   * minutes, must count exactly what the minutes hold, and every acknowledged event.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aKillDashNine_duringRollups_leavesThemEqualToTheMinutes() throws Exception {
    long[] counts = killDuringIngestion(() -> Instant.now().minusSeconds(ThreadLocalRandom.current().nextLong(5, 6 * 3600)));
    URI restarted = URI.create("http://127.0.0.1:" + counts[1]);
    // Up to the start of this minute, so no event can still arrive for what is compared: the
    // status at that instant sums days, hours and minutes; the time series sums minutes alone.
    Instant to = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    HttpResponse<String> status = http.send(HttpRequest.newBuilder(restarted.resolve(
        "/api/v1/slos/checkout-availability/status?at=" + to)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
    long statusTotal = Json.MAPPER.readTree(status.body()).at("/objectives/0/total").asLong();
    HttpResponse<String> series = http.send(HttpRequest.newBuilder(restarted.resolve(
            "/api/v1/slos/checkout-availability/timeseries?from=" + to.minus(Duration.ofHours(8)) + "&to=" + to
                + "&step=1m")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(series.statusCode()).as(series.body()).isEqualTo(200);
    long minutesTotal = 0;
    for (JsonNode point : Json.MAPPER.readTree(series.body()).at("/objectives/0/points")) {
      minutesTotal += point.get("total").asLong();
    }
    assertThat(statusTotal).as("events before %s were sent", to).isPositive();
    assertThat(statusTotal).as("the sums rebuilt from rollups equal the minutes").isEqualTo(minutesTotal);
  }

  /**
   * Pushed counters (OTLP) across a kill -9: the baselines and the minutes being assembled are in
   * the store, so the restarted server carries on from the last acknowledged sample. The sender
   * sends each sample until it is answered, as an OTLP exporter retries, so a sample whose answer
   * was lost is sent again and counts once either way. Every increase after the first sample must
   * count, exactly: without the marks, the restart would lose the pending minutes and take its
   * first sample for a new baseline.
   */
  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void pushedCounters_carryOnAcrossAKillDashNine_countingEveryIncreaseOnce() throws Exception {
    Process first = startServer();
    URI base = ServerProcess.awaitListening(first);
    HttpResponse<String> applied = post(base.resolve("/api/v1/slos"), "application/yaml",
        java.nio.file.Files.readString(Path.of("../examples/prometheus-push.yaml")));
    assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);

    long firstOk = 1_000, firstFailed = 10;
    long[] sent = {firstOk, firstFailed};
    AtomicBoolean killed = new AtomicBoolean();
    AtomicLong lostAnswers = new AtomicLong();
    java.util.concurrent.atomic.AtomicReference<URI> target = new java.util.concurrent.atomic.AtomicReference<>(base);
    AtomicBoolean stop = new AtomicBoolean();
    List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread sender = Thread.ofPlatform().name("otlp-sender").start(() -> {
      long ok = firstOk, failed = firstFailed;
      // Bounded: at most this many samples, each sent until answered or the test gives up.
      for (int i = 0; i < 2_000 && !stop.get(); i++) {
        long nanos = System.currentTimeMillis() * 1_000_000L;
        String body = otlp(nanos, ok, failed);
        while (!stop.get()) {
          try {
            HttpResponse<String> response = post(target.get().resolve("/v1/metrics"), "application/json", body);
            if (response.statusCode() == 200) break;
            unexpected.add(response.statusCode() + " " + response.body());
            return;
          } catch (IOException down) {
            lostAnswers.incrementAndGet();
            sleep(100);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        synchronized (sent) {
          sent[0] = ok;
          sent[1] = failed;
        }
        ok += 7;
        failed += ThreadLocalRandom.current().nextInt(2);
        sleep(killed.get() ? 20 : 10);
      }
    });

    Thread.sleep(ThreadLocalRandom.current().nextLong(1_500, 3_000));
    first.destroyForcibly(); // SIGKILL: no flush of the pending minutes
    assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
    killed.set(true);
    Process second = startServer();
    target.set(ServerProcess.awaitListening(second));
    Thread.sleep(2_000);
    stop.set(true);
    sender.join(15_000);
    assertThat(unexpected).isEmpty();
    assertThat(lostAnswers.get()).as("the sender saw the kill").isPositive();

    // A stop that writes what changed, the minute being assembled as marks; then a server that reads
    // them back and stores each minute once it is due (20 s after it ends, at a tick).
    second.destroy();
    assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Process third = startServer();
    URI reading = ServerProcess.awaitListening(third);
    long ok, failed;
    synchronized (sent) {
      ok = sent[0];
      failed = sent[1];
    }
    System.out.printf("ServerCrashIT: pushed up to ok=%d failed=%d; %d sends without an answer%n", ok, failed, lostAnswers.get());
    assertThat(ok).as("the sender got past the restart").isGreaterThan(firstOk + 7 * 100);
    JsonNode objective = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> status = http.send(HttpRequest.newBuilder(
          reading.resolve("/api/v1/slos/storefront-availability/status")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
      objective = Json.MAPPER.readTree(status.body()).at("/objectives/0");
      if (objective.get("good").asLong() >= ok - firstOk) break;
      Thread.sleep(1_000);
    }
    Thread.sleep(2_000); // a minute stored twice would show by now
    objective = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(
        reading.resolve("/api/v1/slos/storefront-availability/status")).build(), HttpResponse.BodyHandlers.ofString())
        .body()).at("/objectives/0");
    assertThat(objective.get("good").asLong()).isEqualTo(ok - firstOk);
    assertThat(objective.get("total").asLong()).isEqualTo(ok - firstOk + failed - firstFailed);
  }

  private static String otlp(long nanos, long ok, long failed) {
    return """
        {"resourceMetrics": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "storefront"}}]},
          "scopeMetrics": [{"metrics": [{"name": "http.requests.total", "sum": {"aggregationTemporality": 2,
            "isMonotonic": true, "dataPoints": [
              {"attributes": [{"key": "code", "value": {"stringValue": "200"}}], "timeUnixNano": "%d", "asInt": "%d"},
              {"attributes": [{"key": "code", "value": {"stringValue": "503"}}], "timeUnixNano": "%d", "asInt": "%d"}]}}]}]}]}
        """.formatted(nanos, ok, nanos, failed);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Returns the restarted server's total and port. */
  private long[] killDuringIngestion(java.util.function.Supplier<Instant> stamp) throws Exception {
    Process first = startServer();
    URI base = ServerProcess.awaitListening(first);
    HttpResponse<String> applied = post(base.resolve("/api/v1/slos"), "application/yaml",
        TestServer.resource("checkout.yaml"));
    assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);

    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong ackedBatches = new AtomicLong();
    AtomicLong unansweredBatches = new AtomicLong();
    List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      clients.add(Thread.ofPlatform().name("client-" + c).start(() -> {
        // Bounded: a client stops at the kill, or after this many batches if the kill came late.
        for (int i = 0; i < 5_000 && !stop.get(); i++) {
          try {
            HttpResponse<String> response = post(base.resolve("/api/v1/events"), "application/json", batch(stamp.get()));
            if (response.statusCode() == 200) {
              ackedBatches.incrementAndGet();
            } else {
              unexpected.add(response.statusCode() + " " + response.body());
            }
          } catch (IOException connectionLost) {
            unansweredBatches.incrementAndGet();
            return;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }));
    }

    Thread.sleep(ThreadLocalRandom.current().nextLong(300, 1_200));
    first.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush
    assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
    stop.set(true);
    for (Thread client : clients) client.join(10_000);

    assertThat(unexpected).isEmpty();
    assertThat(ackedBatches.get()).as("the kill came before any batch was answered").isPositive();

    Process second = startServer();
    URI restarted = ServerProcess.awaitListening(second);
    HttpResponse<String> status =
        http.send(HttpRequest.newBuilder(restarted.resolve("/api/v1/slos/checkout-availability/status")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
    JsonNode objective = Json.MAPPER.readTree(status.body()).at("/objectives/0");
    long total = objective.get("total").asLong();
    long good = objective.get("good").asLong();

    long acked = ackedBatches.get() * TOTAL_PER_BATCH;
    assertThat(total).as("every acknowledged event counts").isGreaterThanOrEqualTo(acked);
    long surplus = total - acked;
    System.out.printf("ServerCrashIT: %d batches acknowledged, %d unanswered, %d events counted after restart%n",
        ackedBatches.get(), unansweredBatches.get(), total);
    assertThat(surplus % TOTAL_PER_BATCH).as("unanswered batches landed whole or not at all").isZero();
    assertThat(surplus).as("no more than the unanswered batches landed")
        .isLessThanOrEqualTo(unansweredBatches.get() * TOTAL_PER_BATCH);
    assertThat(good * TOTAL_PER_EVENT).isEqualTo(total * GOOD_PER_EVENT);
    return new long[] {total, restarted.getPort()};
  }

  /** Stamped by this machine's clock, which the server shares. */
  private static String batch(Instant stamp) {
    String time = stamp.toString();
    StringBuilder json = new StringBuilder("{\"events\": [");
    for (int i = 0; i < EVENTS_PER_BATCH; i++) {
      if (i > 0) json.append(',');
      json.append("{\"sli\": \"checkout-requests\", \"time\": \"").append(time)
          .append("\", \"good\": ").append(GOOD_PER_EVENT).append(", \"total\": ").append(TOTAL_PER_EVENT).append('}');
    }
    return json.append("]}").toString();
  }

  private HttpResponse<String> post(URI uri, String contentType, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Process startServer() throws IOException {
    // A tick a second: pushed minutes are stored at the first tick after they come due.
    Process process = ServerProcess.start(dataDir, Map.of("GOVERNOR_TICK_INTERVAL", "1s"));
    processes.add(process);
    return process;
  }
}

package dev.governor.bench;

import dev.governor.server.GovernorServer;
import dev.governor.server.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingestion over HTTP on loopback: client threads POST batches of 1,000 events to
 * /api/v1/events of a server started in this process on its default durable SQLite store, for a
 * fixed time, and count the events the server answered 200 for. Traffic goes to 127.0.0.1 only and
 * stops by itself.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.governor.bench.HttpIngestBench [seconds] [clients]}.
 */
public final class HttpIngestBench {

  static final int SLIS = 100;
  static final int BATCH = 1000;

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    Path dir = Files.createTempDirectory("governor-http-bench");
    ServerConfig config = ServerConfig.load(Optional.empty(), Map.of(),
        Map.of("server.port", "0", "server.bind", "127.0.0.1", "storage.dataDir", dir.toString()));
    try (GovernorServer server = GovernorServer.start(config)) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI base = server.baseUri();
      HttpResponse<String> applied = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/slos"))
              .header("Content-Type", "application/yaml")
              .POST(HttpRequest.BodyPublishers.ofString(slos())).build(),
          HttpResponse.BodyHandlers.ofString());
      if (applied.statusCode() != 200) throw new IllegalStateException("apply failed: " + applied.body());

      // Bodies are made ahead, fresh timestamps every few seconds, so the client costs little.
      AtomicLong accepted = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      List<long[]> latencies = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      List<Thread> threads = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        long[] mine = new long[1_000_000];
        latencies.add(mine);
        int seed = c;
        threads.add(Thread.ofPlatform().start(() -> {
          SplittableRandom random = new SplittableRandom(seed);
          int n = 0;
          byte[] body = batch(random);
          long bodyMadeAt = System.nanoTime();
          while (System.nanoTime() < deadline) {
            if (System.nanoTime() - bodyMadeAt > 5_000_000_000L) {
              body = batch(random);
              bodyMadeAt = System.nanoTime();
            }
            long t0 = System.nanoTime();
            try {
              HttpResponse<Void> r = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/events"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                  HttpResponse.BodyHandlers.discarding());
              if (r.statusCode() == 200) accepted.addAndGet(BATCH); else failed.incrementAndGet();
            } catch (Exception e) {
              failed.incrementAndGet();
            }
            if (n < mine.length) mine[n++] = System.nanoTime() - t0;
          }
          mine[mine.length - 1] = n;
        }));
      }
      for (Thread t : threads) t.join();
      long[] all = latencies.stream()
          .flatMapToLong(l -> Arrays.stream(l, 0, (int) Math.min(l[l.length - 1], l.length - 1)))
          .sorted().toArray();
      System.out.printf("%d clients, %d s: %,d events accepted (%,.0f events/s), %d failed requests%n",
          clients, seconds, accepted.get(), accepted.get() / (double) seconds, failed.get());
      if (all.length > 0) {
        System.out.printf("batch latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
            all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, all[all.length - 1] / 1e6);
      }
    }
  }

  static String slos() {
    StringBuilder yaml = new StringBuilder("""
        apiVersion: openslo/v1
        kind: Service
        metadata:
          name: bench
        spec:
          description: load test
        """);
    for (int i = 0; i < SLIS; i++) {
      yaml.append("""
          ---
          apiVersion: openslo/v1
          kind: SLO
          metadata:
            name: bench-%1$d
          spec:
            service: bench
            indicator:
              metadata:
                name: %2$s
              spec:
                ratioMetric:
                  counter: false
                  good:
                    metricSource:
                      type: Governor
                      spec: {}
                  total:
                    metricSource:
                      type: Governor
                      spec: {}
            timeWindow:
              - duration: 28d
                isRolling: true
            budgetingMethod: Occurrences
            objectives:
              - displayName: Availability
                target: 0.999
          """.formatted(i, BenchSlos.sliName(i)));
    }
    return yaml.toString();
  }

  static byte[] batch(SplittableRandom random) {
    Instant now = Instant.now();
    StringBuilder json = new StringBuilder(BATCH * 90).append("{\"events\":[");
    for (int i = 0; i < BATCH; i++) {
      if (i > 0) json.append(',');
      json.append("{\"sli\":\"").append(BenchSlos.sliName(random.nextInt(SLIS)))
          .append("\",\"time\":\"").append(now.minusMillis(random.nextInt(2000)))
          .append("\",\"good\":").append(random.nextInt(1000) == 0 ? 0 : 1)
          .append(",\"total\":1}");
    }
    return json.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gate decisions over HTTP on loopback: a server started in this process on its default durable
 * SQLite store holds many SLOs over many services and many applied ErrorBudgetPolicies; client
 * threads ask the gate about random services for a fixed time and record each answer's latency.
 * A few seconds of the same load run first, unrecorded, so the JIT has compiled the path.
 *
 * <p>{@code preview} is {@code GET /api/v1/gates/{service}} (side-effect free); {@code check} is
 * {@code POST /api/v1/gates/{service}/check}, which also writes its audit entry durably.
 *
 * <p>Each client thread has its own keep-alive connection ({@link KeepAliveClient}); with
 * {@code jdk} as the seventh argument the clients share one {@code java.net.http.HttpClient}
 * instead, whose selector thread costs about as much CPU again as the decisions on two cores.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.governor.bench.GateBench [seconds] [clients] [slos]
 * [services] [policies] [preview|check] [socket|jdk]}, by default 30 s, 8 clients, 1,000 SLOs,
 * 100 services, 50 policies, preview, socket.
 */
public final class GateBench {

  static final Duration WARM_UP = Duration.ofSeconds(10);

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int slos = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int services = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    int policies = args.length > 4 ? Integer.parseInt(args[4]) : 50;
    boolean check = args.length > 5 && args[5].equals("check");
    boolean jdkClient = args.length > 6 && args[6].equals("jdk");
    Path dir = Files.createTempDirectory("governor-gate-bench");
    ServerConfig config = ServerConfig.load(Optional.empty(), Map.of(),
        Map.of("server.port", "0", "server.bind", "127.0.0.1", "storage.dataDir", dir.toString()));
    try (GovernorServer server = GovernorServer.start(config)) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI base = server.baseUri();
      send(http, base, "/api/v1/slos", "application/yaml", slos(slos, services));
      send(http, base, "/api/v1/policies", "application/yaml", policies(policies, slos, services));
      // Every tenth SLO spends its whole budget, so some decisions block and carry reasons.
      StringBuilder events = new StringBuilder("{\"events\":[");
      for (int i = 0; i < slos; i++) {
        if (i > 0) events.append(',');
        events.append("{\"sli\":\"").append(BenchSlos.sliName(i)).append("\",\"good\":")
            .append(i % 10 == 0 ? 900 : 1000).append(",\"total\":1000}");
      }
      send(http, base, "/api/v1/events", "application/json", events.append("]}").toString());

      run(jdkClient ? http : null, base, clients, WARM_UP, services, check, new AtomicLong());
      AtomicLong failed = new AtomicLong();
      long cpuBefore = cpuNanos();
      long[] all = run(jdkClient ? http : null, base, clients, Duration.ofSeconds(seconds), services, check, failed);
      long cpu = cpuNanos() - cpuBefore;
      System.out.printf("%s, %d clients (%s), %d s, %,d SLOs over %d services, %d policies: %,d decisions"
              + " (%,.0f/s), %d failed, process CPU %.1f s (%.0f µs a decision)%n",
          check ? "POST check (audited)" : "GET preview", clients,
          jdkClient ? "one java.net.http client" : "a keep-alive socket each", seconds, slos, services, policies, all.length,
          all.length / (double) seconds, failed.get(), cpu / 1e9, all.length == 0 ? 0 : cpu / 1e3 / all.length);
      if (all.length > 0) {
        System.out.printf("latency: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
            all[all.length / 2] / 1e6, all[(int) (all.length * 0.9)] / 1e6, all[(int) (all.length * 0.99)] / 1e6,
            all[all.length - 1] / 1e6);
      }
      System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).strip());
    }
  }

  /**
   * The sorted latencies, in nanoseconds, of every decision answered in {@code time}: through
   * {@code http} when given, else through a keep-alive socket per client.
   */
  static long[] run(HttpClient http, URI base, int clients, Duration time, int services, boolean check,
      AtomicLong failed) throws InterruptedException {
    List<long[]> latencies = new ArrayList<>();
    long deadline = System.nanoTime() + time.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      long[] mine = new long[2_000_000];
      latencies.add(mine);
      int seed = c;
      threads.add(Thread.ofPlatform().start(() -> {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 0;
        KeepAliveClient socket = null;
        while (System.nanoTime() < deadline) {
          String service = "svc-" + random.nextInt(services);
          if (http == null) {
            String path = check ? "/api/v1/gates/" + service + "/check" : "/api/v1/gates/" + service + "?environment=production";
            String body = check ? "{\"environment\":\"production\",\"version\":\"1." + n + "\",\"actor\":\"bench\"}" : null;
            long t0 = System.nanoTime();
            try {
              if (socket == null) socket = new KeepAliveClient(base);
              if (socket.send(path, body) != 200) failed.incrementAndGet();
            } catch (Exception e) {
              failed.incrementAndGet();
              closeQuietly(socket);
              socket = null;
            }
            if (n < mine.length - 1) mine[n++] = System.nanoTime() - t0;
            continue;
          }
          HttpRequest request = check
              ? HttpRequest.newBuilder(base.resolve("/api/v1/gates/" + service + "/check"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(
                      "{\"environment\":\"production\",\"version\":\"1." + n + "\",\"actor\":\"bench\"}")).build()
              : HttpRequest.newBuilder(base.resolve("/api/v1/gates/" + service + "?environment=production"))
                  .GET().build();
          long t0 = System.nanoTime();
          try {
            HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) failed.incrementAndGet();
          } catch (Exception e) {
            failed.incrementAndGet();
          }
          if (n < mine.length - 1) mine[n++] = System.nanoTime() - t0;
        }
        closeQuietly(socket);
        mine[mine.length - 1] = n;
      }));
    }
    for (Thread t : threads) t.join();
    return latencies.stream()
        .flatMapToLong(l -> Arrays.stream(l, 0, (int) l[l.length - 1]))
        .sorted().toArray();
  }

  static void closeQuietly(KeepAliveClient socket) {
    if (socket == null) return;
    try {
      socket.close();
    } catch (java.io.IOException ignored) {
      // the run is over or the connection already broke; a new one replaces it
    }
  }

  /** This process's CPU time, user and system, from /proc/self/stat (Linux, 100 ticks a second). */
  static long cpuNanos() throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
  }

  static void send(HttpClient http, URI base, String path, String type, String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + r.statusCode() + ": "
          + r.body().substring(0, Math.min(500, r.body().length())));
    }
  }

  /** {@code count} SLOs, the i-th of service {@code svc-(i mod services)}. */
  static String slos(int count, int services) {
    StringBuilder yaml = new StringBuilder();
    for (int s = 0; s < services; s++) {
      yaml.append("""
          apiVersion: openslo/v1
          kind: Service
          metadata:
            name: svc-%d
          spec:
            description: load test
          ---
          """.formatted(s));
    }
    for (int i = 0; i < count; i++) {
      if (i > 0) yaml.append("---\n");
      yaml.append("""
          apiVersion: openslo/v1
          kind: SLO
          metadata:
            name: bench-%1$d
          spec:
            service: svc-%3$d
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
          """.formatted(i, BenchSlos.sliName(i), i % services));
    }
    return yaml.toString();
  }

  /**
   * {@code count} policies: four in five for a service (svc-0, svc-1 ...), the rest for one SLO of
   * another service, each with three rules, a freeze window and a production-only scope.
   */
  static String policies(int count, int slos, int services) {
    StringBuilder yaml = new StringBuilder();
    int forServices = count * 4 / 5;
    for (int p = 0; p < count; p++) {
      if (p > 0) yaml.append("---\n");
      String scope = p < forServices ? "service: svc-" + p
          : "slo: bench-" + ((services - 1 - (p - forServices)) % slos);
      yaml.append("""
          apiVersion: governor.dev/v1
          kind: ErrorBudgetPolicy
          metadata:
            name: policy-%d
          spec:
            %s
            environments: [production, staging]
            rules:
              - name: budget-exhausted
                whenBudgetRemainingBelow: 0%%
                action: block
              - name: budget-low
                whenBudgetRemainingBelow: 25%%
                action: requireApproval
              - name: budget-spending
                whenBudgetRemainingBelow: 50%%
                action: warn
            freezes:
              - name: year-end
                from: 2030-12-20T00:00
                to: 2031-01-04T00:00
                timeZone: Europe/Berlin
            allowRollbacks: true
            allowHotfixes: true
          """.formatted(p, scope));
    }
    return yaml.toString();
  }
}

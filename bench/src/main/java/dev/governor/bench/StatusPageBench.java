package dev.governor.bench;

import dev.governor.probe.ProbeOutcome;
import dev.governor.probe.ProbeResult;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The public status page with 50 components, each over a probe with 90 days of hourly results
 * (108,000 stored runs): how long one rebuild of the page takes, and how long GET /status takes
 * from a client on 127.0.0.1, one client at a time and eight at once, with the CPU seconds this
 * process spent per request. A server started in this process (real clock, SQLite in a temporary
 * directory, probes not run: their history is written directly). Nothing leaves the machine.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.governor.bench.StatusPageBench [components] [requests]}
 * (defaults 50 and 2000).
 */
public final class StatusPageBench {

  public static void main(String[] args) throws Exception {
    int components = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    Path dir = Files.createTempDirectory("governor-status-bench");
    ServerConfig config = ServerConfig.load(Optional.empty(), Map.of(), Map.of("server.port", "0",
        "server.bind", "127.0.0.1", "storage.dataDir", dir.toString(), "probes.enabled", "false"));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    // The history is written before the server starts, into the same SQLite file, as the probes'
    // pipeline would have written it over 90 days.
    StringBuilder page = new StringBuilder("""
        apiVersion: governor.dev/v1
        kind: StatusPage
        metadata: {name: public}
        spec:
          title: Bench status
          components:
        """);
    Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
    try (dev.governor.storage.jdbc.Database db = dev.governor.storage.jdbc.Database.sqlite(dir)) {
      List<dev.governor.probe.StoredProbe> stored = new ArrayList<>();
      for (int i = 0; i < components; i++) {
        stored.add(new dev.governor.probe.StoredProbe("p" + i, """
            apiVersion: governor.dev/v1
            kind: Probe
            metadata: {name: p%d}
            spec:
              tcp: {host: 127.0.0.1, port: 9}
            """.formatted(i), now));
        page.append("    - {key: c%d, name: Component %d, probes: [p%d], service: s%d}\n".formatted(i, i, i, i));
        List<ProbeResult> runs = new ArrayList<>();
        for (int h = 90 * 24; h > 0; h--) {
          ProbeOutcome outcome = (h * 7 + i) % 97 == 0 ? ProbeOutcome.DOWN : ProbeOutcome.UP;
          runs.add(new ProbeResult("p" + i, now.minus(Duration.ofHours(h)), Duration.ofMillis(20), outcome, ""));
        }
        db.probeResults().record(runs);
      }
      db.probes().apply(stored);
    }
    try (GovernorServer server = GovernorServer.start(config)) {
      URI base = server.baseUri();
      send(http, base.resolve("/api/v1/status/page"), page.toString());
      List<Long> builds = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        long t = System.nanoTime();
        server.statusPage().refresh();
        builds.add(System.nanoTime() - t);
      }
      Collections.sort(builds);
      // As a browser asks: gzip accepted, as every browser does.
      HttpRequest get = HttpRequest.newBuilder(base.resolve("/status")).header("Accept-Encoding", "gzip").GET().build();
      int gzipped = http.send(get, HttpResponse.BodyHandlers.ofByteArray()).body().length;
      int bytes = http.send(HttpRequest.newBuilder(base.resolve("/status")).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray()).body().length;
      for (int i = 0; i < 500; i++) http.send(get, HttpResponse.BodyHandlers.discarding()); // warm-up

      double cpu0 = ProbeSchedulerBench.cpuSeconds();
      List<Long> one = timed(http, get, requests);
      double cpuOne = ProbeSchedulerBench.cpuSeconds() - cpu0;
      ExecutorService clients = Executors.newFixedThreadPool(8);
      List<Future<List<Long>>> futures = new ArrayList<>();
      double cpu1 = ProbeSchedulerBench.cpuSeconds();
      for (int c = 0; c < 8; c++) futures.add(clients.submit(() -> timed(http, get, requests / 8)));
      List<Long> eight = new ArrayList<>();
      for (Future<List<Long>> f : futures) eight.addAll(f.get());
      double cpuEight = ProbeSchedulerBench.cpuSeconds() - cpu1;
      clients.shutdown();
      Collections.sort(one);
      Collections.sort(eight);
      System.out.printf(Locale.ROOT, "%d components, 90 days of hourly runs each; page %d bytes, %d gzipped%n", components,
          bytes, gzipped);
      System.out.printf(Locale.ROOT, "rebuild: median %.1f ms, max %.1f ms (10 rebuilds)%n", builds.get(5) / 1e6,
          builds.getLast() / 1e6);
      System.out.printf(Locale.ROOT, "GET /status, 1 client, %d requests: p50 %.2f ms, p99 %.2f ms, max %.2f ms; %.3f ms CPU a request%n",
          one.size(), one.get(one.size() / 2) / 1e6, one.get(one.size() * 99 / 100) / 1e6, one.getLast() / 1e6,
          cpuOne * 1000 / one.size());
      System.out.printf(Locale.ROOT, "GET /status, 8 clients, %d requests: p50 %.2f ms, p99 %.2f ms, max %.2f ms; %.3f ms CPU a request%n",
          eight.size(), eight.get(eight.size() / 2) / 1e6, eight.get(eight.size() * 99 / 100) / 1e6, eight.getLast() / 1e6,
          cpuEight * 1000 / eight.size());
      System.out.println("load average " + Files.readString(Path.of("/proc/loadavg")).strip());
    }
  }

  private static List<Long> timed(HttpClient http, HttpRequest get, int n) throws Exception {
    List<Long> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      HttpResponse<Void> r = http.send(get, HttpResponse.BodyHandlers.discarding());
      out.add(System.nanoTime() - t);
      if (r.statusCode() != 200) throw new IllegalStateException("GET /status answered " + r.statusCode());
    }
    return out;
  }

  private static void send(HttpClient http, URI uri, String yaml) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/yaml")
        .POST(HttpRequest.BodyPublishers.ofString(yaml)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
  }
}

package dev.governor.bench;

import dev.governor.server.GovernorServer;
import dev.governor.server.config.ServerConfig;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.xerial.snappy.Snappy;

/**
 * Remote-write intake on loopback, Governor beside Prometheus 2.42's own receiver: the same
 * snappy-compressed {@code WriteRequest}s of 1,000 samples, sent by K client threads for T
 * seconds (after a few seconds of warm-up) first to a Governor server in a child JVM, then to
 * {@code prometheus --web.enable-remote-write-receiver}, each alone on the machine. It prints the
 * samples per second each accepted and the CPU seconds each server process spent per million
 * samples ({@code utime + stime} of {@code /proc/PID/stat}), which is the fairer number while the
 * clients share the cores. Traffic goes to 127.0.0.1 only and stops by itself.
 *
 * <p>The load is what a Prometheus sends: every client owns its shard of series (as remote-write
 * shards do), each request holds one sample of 1,000 distinct series with a fresh timestamp, and
 * a series comes back every {@code seriesPerClient / 1000} requests with a larger counter value.
 * Four series in five are {@code http_requests_total} of one of {@code slis} push-fed SLIs (one
 * with code 200 and one with code 500 per SLI and instance); the fifth is a metric no SLI selects.
 * Each SLI's selectors are {@code http_requests_total{job="bench", sli="sN"}} (total) and the same
 * with {@code code!~"5.."} (good).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.governor.bench.RemoteWriteBench [seconds] [clients]
 * [slis] [seriesPerClient] [governor,prometheus]}. Extra JVM options for the Governor child (a JFR
 * recording, say) go in the environment variable {@code GOVERNOR_BENCH_JVM_OPTS}.
 */
public final class RemoteWriteBench {

  static final int BATCH = 1000;
  static final Duration WARM_UP = Duration.ofSeconds(5);

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("serve")) {
      serve(Path.of(args[1]));
      return;
    }
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int slis = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    int seriesPerClient = args.length > 3 ? Integer.parseInt(args[3]) : 5000;
    List<String> targets = List.of((args.length > 4 ? args[4] : "governor,prometheus").split(","));
    if (seconds < 1 || seconds > 60) throw new IllegalArgumentException("seconds must be 1 to 60, got " + seconds);
    if (seriesPerClient % BATCH != 0) {
      throw new IllegalArgumentException("seriesPerClient must be a multiple of " + BATCH + ", got " + seriesPerClient);
    }
    System.out.printf("%d clients x %d s (after %d s warm-up), %d SLIs, %,d series per client, batches of %,d%n",
        clients, seconds, WARM_UP.toSeconds(), slis, seriesPerClient, BATCH);
    System.out.println("load average before: " + loadAverage());
    for (String target : targets) {
      Result r = switch (target) {
        case "governor" -> governor(seconds, clients, slis, seriesPerClient);
        case "prometheus" -> prometheus(seconds, clients, slis, seriesPerClient);
        default -> throw new IllegalArgumentException("unknown target " + target + "; give governor and/or prometheus");
      };
      System.out.printf("%-10s %,12.0f samples/s  %,d failed requests  server CPU %.2f s = %.3f CPU-s per million"
              + " samples  client CPU %.2f s  load average after: %s%n",
          target, r.samples / (double) seconds, r.failed, r.serverCpu, r.serverCpu / (r.samples / 1e6),
          r.clientCpu, loadAverage());
    }
  }

  record Result(long samples, long failed, double serverCpu, double clientCpu) {}

  /** The Governor server of the child JVM: prints its address, runs until its stdin closes. */
  static void serve(Path dir) throws IOException {
    ServerConfig config = ServerConfig.load(Optional.empty(), Map.of(),
        Map.of("server.port", "0", "server.bind", "127.0.0.1", "storage.dataDir", dir.toString()));
    try (GovernorServer server = GovernorServer.start(config)) {
      System.out.println("listening " + server.baseUri());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to close our stdin
      }
    }
  }

  static Result governor(int seconds, int clients, int slis, int seriesPerClient) throws Exception {
    Path dir = Files.createTempDirectory("governor-rw-bench");
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "--enable-native-access=ALL-UNNAMED"));
    String opts = System.getenv("GOVERNOR_BENCH_JVM_OPTS");
    if (opts != null && !opts.isBlank()) command.addAll(Arrays.asList(opts.trim().split("\\s+")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), RemoteWriteBench.class.getName(),
        "serve", dir.toString()));
    Process child = new ProcessBuilder(command).redirectError(dir.resolve("server.log").toFile()).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      URI base = null;
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("listening ")) {
          base = URI.create(line.substring("listening ".length()));
          break;
        }
      }
      if (base == null) throw new IllegalStateException("the Governor child did not start; see " + dir.resolve("server.log"));
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<String> applied = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/slos"))
          .header("Content-Type", "application/yaml")
          .POST(HttpRequest.BodyPublishers.ofString(slos(slis))).build(), HttpResponse.BodyHandlers.ofString());
      if (applied.statusCode() != 200) throw new IllegalStateException("apply failed: " + applied.body());
      return load(base.resolve("/api/v1/write"), child.pid(), seconds, clients, slis, seriesPerClient);
    } finally {
      child.getOutputStream().close();
      if (!child.waitFor(30, TimeUnit.SECONDS)) child.destroyForcibly();
    }
  }

  static Result prometheus(int seconds, int clients, int slis, int seriesPerClient) throws Exception {
    Path dir = Files.createTempDirectory("prometheus-rw-bench");
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1m\n");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process child = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port, "--web.enable-remote-write-receiver", "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    try {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI base = URI.create("http://127.0.0.1:" + port);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (true) {
        try {
          if (http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
              HttpResponse.BodyHandlers.discarding()).statusCode() == 200) break;
        } catch (IOException notYet) {
          // still starting
        }
        if (System.nanoTime() > until || !child.isAlive()) {
          throw new IllegalStateException("Prometheus did not get ready; see " + dir.resolve("prometheus.log"));
        }
        Thread.sleep(100);
      }
      return load(base.resolve("/api/v1/write"), child.pid(), seconds, clients, slis, seriesPerClient);
    } finally {
      child.destroy();
      if (!child.waitFor(30, TimeUnit.SECONDS)) child.destroyForcibly();
    }
  }

  /** Warms up, then sends for {@code seconds}; counts the samples answered 2xx and the server's CPU. */
  static Result load(URI write, long serverPid, int seconds, int clients, int slis, int seriesPerClient)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    AtomicLong accepted = new AtomicLong(), failed = new AtomicLong();
    long start = System.nanoTime();
    long measureFrom = start + WARM_UP.toNanos();
    long deadline = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
    double[] cpuAtStart = new double[2];
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Shard shard = new Shard(c, slis, seriesPerClient);
      threads.add(Thread.ofPlatform().start(() -> {
        boolean measuring = false;
        while (true) {
          long now = System.nanoTime();
          if (now >= deadline) break;
          if (!measuring && now >= measureFrom) measuring = true;
          byte[] body = shard.next();
          try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(write)
                .header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "snappy")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (!measuring) continue;
            if (r.statusCode() / 100 == 2) accepted.addAndGet(BATCH);
            else if (failed.incrementAndGet() == 1) System.out.println("first failure: " + r.statusCode() + " " + r.body());
          } catch (Exception e) {
            if (measuring) failed.incrementAndGet();
          }
        }
      }));
    }
    Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(measureFrom - System.nanoTime())));
    double serverFrom = cpuSeconds(serverPid), clientFrom = cpuSeconds(ProcessHandle.current().pid());
    for (Thread t : threads) t.join();
    double serverCpu = cpuSeconds(serverPid) - serverFrom;
    double clientCpu = cpuSeconds(ProcessHandle.current().pid()) - clientFrom;
    return new Result(accepted.get(), failed.get(), serverCpu, clientCpu);
  }

  /**
   * One client's series and their prepared {@code WriteRequest}s: the bodies are encoded once,
   * and each send only patches the timestamps and values in place and compresses.
   */
  static final class Shard {
    final byte[][] raw;
    final int[][] valueAt, timeAt;
    final double[][] values;
    long lastMillis;
    int next;

    Shard(int client, int slis, int seriesPerClient) {
      int batches = seriesPerClient / BATCH;
      raw = new byte[batches][];
      valueAt = new int[batches][BATCH];
      timeAt = new int[batches][BATCH];
      values = new double[batches][BATCH];
      for (int b = 0; b < batches; b++) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < BATCH; i++) {
          int j = b * BATCH + i;
          int m = j / 5 * 4 + j % 5; // the how-manieth http_requests_total series
          String instance = "host-" + client + "-" + (m / (2 * slis)) + ":9090";
          String[][] labels = j % 5 == 4
              ? new String[][] {{"__name__", "go_memstats_alloc_bytes_total"}, {"instance", instance}, {"job", "bench"},
                  {"pool", "p" + j}}
              : new String[][] {{"__name__", "http_requests_total"}, {"code", (m / slis) % 2 == 0 ? "200" : "500"},
                  {"handler", "/api/v1/items"}, {"instance", instance}, {"job", "bench"}, {"method", "GET"},
                  {"sli", "s" + (m % slis)}};
          ByteArrayOutputStream series = new ByteArrayOutputStream();
          for (String[] l : labels) {
            ByteArrayOutputStream label = new ByteArrayOutputStream();
            field(label, 1, l[0].getBytes(StandardCharsets.UTF_8));
            field(label, 2, l[1].getBytes(StandardCharsets.UTF_8));
            field(series, 1, label.toByteArray());
          }
          // Sample { double value = 1; int64 timestamp = 2; }: a 6-byte varint holds any millisecond
          // timestamp until 2109, so the timestamp can be patched in place.
          byte[] sample = new byte[1 + 8 + 1 + 6];
          sample[0] = (1 << 3) | 1;
          sample[9] = (2 << 3);
          int seriesHead = series.size();
          series.write(2 << 3 | 2);
          series.write(sample.length);
          series.writeBytes(sample);
          byte[] s = series.toByteArray();
          int before = body.size();
          body.write(1 << 3 | 2);
          varint(body, s.length);
          int offset = body.size() - before;
          body.writeBytes(s);
          valueAt[b][i] = before + offset + seriesHead + 2 + 1;
          timeAt[b][i] = valueAt[b][i] + 8 + 1;
        }
        raw[b] = body.toByteArray();
      }
    }

    /** The next batch with a fresh timestamp (later than any sent before) and grown counters. */
    byte[] next() {
      int b = next;
      next = (next + 1) % raw.length;
      long millis = Math.max(System.currentTimeMillis(), lastMillis + 1);
      lastMillis = millis;
      byte[] body = raw[b];
      for (int i = 0; i < BATCH; i++) {
        values[b][i] += i % 7 == 0 ? 3 : 5;
        long bits = Double.doubleToRawLongBits(values[b][i]);
        int at = valueAt[b][i];
        for (int k = 0; k < 8; k++) body[at + k] = (byte) (bits >>> (8 * k));
        at = timeAt[b][i];
        long t = millis;
        for (int k = 0; k < 6; k++) {
          body[at + k] = (byte) ((t & 0x7F) | (k < 5 ? 0x80 : 0));
          t >>>= 7;
        }
      }
      try {
        return Snappy.compress(body);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] bytes) {
      out.write(number << 3 | 2);
      varint(out, bytes.length);
      out.writeBytes(bytes);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }

  static String slos(int slis) {
    StringBuilder yaml = new StringBuilder("""
        apiVersion: openslo/v1
        kind: Service
        metadata:
          name: bench
        spec:
          description: remote-write load test
        """);
    for (int i = 0; i < slis; i++) {
      yaml.append("""
          ---
          apiVersion: openslo/v1
          kind: SLO
          metadata:
            name: rw-%1$d
          spec:
            service: bench
            indicator:
              metadata:
                name: rw-%1$d-ok
              spec:
                ratioMetric:
                  counter: true
                  good:
                    metricSource:
                      type: Prometheus
                      spec:
                        query: 'http_requests_total{job="bench", sli="s%1$d", code!~"5.."}'
                  total:
                    metricSource:
                      type: Prometheus
                      spec:
                        query: 'http_requests_total{job="bench", sli="s%1$d"}'
            timeWindow:
              - duration: 28d
                isRolling: true
            budgetingMethod: Occurrences
            objectives:
              - displayName: Availability
                target: 0.999
          """.formatted(i));
    }
    return yaml.toString();
  }

  /** utime + stime of a process, in seconds. */
  static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // After the command: state is field 3, so utime (14) and stime (15) are at 11 and 12.
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) clockTicks();
  }

  private static long ticks;

  private static synchronized long clockTicks() throws IOException {
    if (ticks == 0) {
      try {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
        ticks = Long.parseLong(new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
      } catch (IOException | NumberFormatException e) {
        ticks = 100; // Linux's USER_HZ almost everywhere
      }
    }
    return ticks;
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}

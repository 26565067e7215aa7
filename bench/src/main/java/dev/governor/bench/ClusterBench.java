package dev.governor.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replicas of Governor on one PostgreSQL, each a process of its own started from the runnable jar,
 * as an operator runs them. Two measurements:
 *
 * <ul>
 *   <li>{@code failover TRIALS}: two replicas; kill -9 the leader and time, from the kill, until
 *       the other one answers {@code /readyz} as the leader with its sums loaded: the first moment
 *       it can judge an alert or send a page. A fresh schema each trial.
 *   <li>{@code ingest SECONDS REPLICAS CLIENTS}: batches of 1,000 events posted round the replicas
 *       (a follower forwards each to the leader); events/s acknowledged, and each process's CPU
 *       seconds from /proc/PID/stat with the load average, since on a shared two-core machine wall
 *       time says little.
 * </ul>
 *
 * <p>Usage: {@code GOVERNOR_BENCH_POSTGRES_URL=jdbc:postgresql://... java -cp benchmarks.jar
 * dev.governor.bench.ClusterBench JAR failover 20} (or {@code ... JAR ingest 30 3 4}). Traffic goes to
 * 127.0.0.1 only and stops by itself.
 */
public final class ClusterBench {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  public static void main(String[] args) throws Exception {
    String url = System.getenv("GOVERNOR_BENCH_POSTGRES_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("set GOVERNOR_BENCH_POSTGRES_URL to a jdbc:postgresql:// URL with user"
          + " and password; `eval \"$(bash .ci/postgres.sh)\"` starts one (then use $GOVERNOR_TEST_POSTGRES_URL)");
    }
    Path jar = Path.of(args[0]);
    switch (args[1]) {
      case "failover" -> failover(url, jar, Integer.parseInt(args[2]));
      case "ingest" -> ingest(url, jar, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      default -> throw new IllegalArgumentException("failover TRIALS, or ingest SECONDS REPLICAS CLIENTS");
    }
  }

  private static void failover(String url, Path jar, int trials) throws Exception {
    List<Long> millis = new ArrayList<>();
    for (int trial = 1; trial <= trials; trial++) {
      String schema = freshSchema(url);
      Replica a = Replica.start(jar, url, schema, "a");
      awaitRole(a, "leader", Duration.ofSeconds(60));
      Replica b = Replica.start(jar, url, schema, "b");
      awaitRole(b, "follower", Duration.ofSeconds(60));
      // Somewhere in the leader's renewal cycle, as a real crash would land.
      Thread.sleep(1_000 + new SplittableRandom().nextInt(1_000));
      long killed = System.nanoTime();
      a.kill();
      awaitRole(b, "leader", Duration.ofSeconds(60));
      long took = (System.nanoTime() - killed) / 1_000_000;
      millis.add(took);
      System.out.printf("trial %2d: the follower led and was ready %,d ms after the kill%n", trial, took);
      b.kill();
      dropSchema(url, schema);
    }
    long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf("failover over %d trials: median %,d ms, min %,d ms, max %,d ms%n", sorted.length,
        sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
  }

  private static void ingest(String url, Path jar, int seconds, int replicaCount, int clients) throws Exception {
    String schema = freshSchema(url);
    List<Replica> replicas = new ArrayList<>();
    try {
      for (int i = 0; i < replicaCount; i++) {
        Replica r = Replica.start(jar, url, schema, "r" + (i + 1));
        awaitRole(r, i == 0 ? "leader" : "follower", Duration.ofSeconds(60));
        replicas.add(r);
      }
      HttpResponse<String> applied = HTTP.send(HttpRequest.newBuilder(replicas.getLast().uri("/api/v1/slos"))
          .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(HttpIngestBench.slos()))
          .build(), HttpResponse.BodyHandlers.ofString());
      if (applied.statusCode() != 200) throw new IllegalStateException("apply failed: " + applied.body());
      // A warm-up, so that the JIT has seen the path through a follower too.
      run(replicas, clients, 10);
      long[] cpuBefore = replicas.stream().mapToLong(Replica::cpuTicks).toArray();
      long postgresBefore = postgresTicks();
      long clientBefore = clientNanos();
      double[] load = loadAverage();
      long[] result = run(replicas, clients, seconds);
      long[] cpuAfter = replicas.stream().mapToLong(Replica::cpuTicks).toArray();
      double postgres = (postgresTicks() - postgresBefore) / 100.0;
      double client = (clientNanos() - clientBefore) / 1e9;
      System.out.printf("%d replica(s), %d clients, %d s: %,d events acknowledged (%,.0f events/s), %d failed requests;"
          + " load average before %.2f%n", replicaCount, clients, seconds, result[0], result[0] / (double) seconds,
          result[1], load[0]);
      double total = 0;
      for (int i = 0; i < replicas.size(); i++) {
        double cpu = (cpuAfter[i] - cpuBefore[i]) / 100.0;
        total += cpu;
        System.out.printf("  %s (%s): %.1f CPU-s%n", replicas.get(i).name, i == 0 ? "leader" : "follower", cpu);
      }
      System.out.printf("  all replicas: %.1f CPU-s, %,.0f events per CPU-s; PostgreSQL %.1f CPU-s; this client %.1f"
          + " CPU-s; of %d CPU-s the machine had%n", total, result[0] / total, postgres, client,
          seconds * Runtime.getRuntime().availableProcessors());
    } finally {
      for (Replica r : replicas) r.kill();
      dropSchema(url, schema);
    }
  }

  /** Returns {acknowledged events, failed requests}. */
  private static long[] run(List<Replica> replicas, int clients, int seconds) throws InterruptedException {
    AtomicLong accepted = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int seed = c;
      threads.add(Thread.ofPlatform().start(() -> {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] body = HttpIngestBench.batch(random);
        long madeAt = System.nanoTime();
        int next = seed;
        while (System.nanoTime() < deadline) {
          if (System.nanoTime() - madeAt > 5_000_000_000L) {
            body = HttpIngestBench.batch(random);
            madeAt = System.nanoTime();
          }
          Replica r = replicas.get(next++ % replicas.size());
          try {
            HttpResponse<Void> sent = HTTP.send(HttpRequest.newBuilder(r.uri("/api/v1/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.discarding());
            if (sent.statusCode() == 200) accepted.addAndGet(HttpIngestBench.BATCH);
            else failed.incrementAndGet();
          } catch (IOException | InterruptedException e) {
            failed.incrementAndGet();
          }
        }
      }));
    }
    for (Thread t : threads) t.join();
    return new long[] {accepted.get(), failed.get()};
  }

  private static void awaitRole(Replica r, String role, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(r.uri("/readyz")).timeout(Duration.ofSeconds(1))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200 && ready.body().contains("\"role\":\"" + role + "\"")) return;
      } catch (IOException e) {
        // switching from its front to the leader's server, or not up yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException(r.name + " was not ready as " + role + " within " + within);
  }

  /** CPU ticks (1/100 s) of every process named postgres on this machine: the server and its backends. */
  private static long postgresTicks() throws IOException {
    long ticks = 0;
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        if (!p.getFileName().toString().matches("\\d+")) continue;
        try {
          String stat = Files.readString(p.resolve("stat"));
          if (!stat.contains("(postgres)")) continue;
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException gone) {
          // the process ended meanwhile
        }
      }
    }
    return ticks;
  }

  private static long clientNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double[] loadAverage() throws IOException {
    String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
    return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
  }

  private static String freshSchema(String url) throws SQLException {
    String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return schema;
  }

  private static void dropSchema(String url, String schema) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  /** One replica: {@code java -jar governor.jar serve} on a port of its own, its output in a file. */
  private record Replica(String name, int port, Process process) {

    static Replica start(Path jar, String url, String schema, String name) throws IOException {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      String java = ProcessHandle.current().info().command().orElse("java");
      Path log = Files.createTempFile("governor-cluster-bench-" + name + "-", ".log");
      Process process = new ProcessBuilder(java, "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
          "-jar", jar.toString(), "serve",
          "--db", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
          "--port", Integer.toString(port), "--replica-name", name)
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new Replica(name, port, process);
    }

    URI uri(String path) {
      return URI.create("http://127.0.0.1:" + port + path);
    }

    long cpuTicks() {
      try {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime, in ticks of 1/100 s
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private ClusterBench() {}
}

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
 *   <li>{@code kafka BOOTSTRAP EVENTS}: a topic of 4 partitions filled first with EVENTS events,
 *       {@value #EVENTS_PER_RECORD} to a record keyed by SLI, then one replica started with the Kafka
 *       intake on it; events/s from its first stored event to its last, that is from the topic into
 *       durable buckets, with the replica's and PostgreSQL's CPU seconds. Needs a broker:
 *       {@code dev.governor.server.KafkaBroker} in the server's tests starts one (BENCHMARKS.md).
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
      case "kafka" -> kafka(url, jar, args[2], Long.parseLong(args[3]));
      default -> throw new IllegalArgumentException("failover TRIALS, ingest SECONDS REPLICAS CLIENTS, or kafka BOOTSTRAP EVENTS");
    }
  }

  private static void failover(String url, Path jar, int trials) throws Exception {
    List<Long> millis = new ArrayList<>();
    for (int trial = 1; trial <= trials; trial++) {
      String schema = freshSchema(url);
      Replica a = Replica.start(jar, url, schema, "a", java.util.Map.of());
      awaitRole(a, "leader", Duration.ofSeconds(60));
      Replica b = Replica.start(jar, url, schema, "b", java.util.Map.of());
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
        Replica r = Replica.start(jar, url, schema, "r" + (i + 1), java.util.Map.of());
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

  static final int EVENTS_PER_RECORD = 10;

  private static void kafka(String url, Path jar, String bootstrap, long events) throws Exception {
    String schema = freshSchema(url);
    String topic = "bench-" + schema;
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
        java.util.Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 4, (short) 1))).all()
          .get(60, TimeUnit.SECONDS);
    }
    // The SLOs first, through a replica without the intake: records for SLIs it does not know yet
    // would go to the dead letters.
    Replica setup = Replica.start(jar, url, schema, "setup", java.util.Map.of());
    awaitRole(setup, "leader", Duration.ofSeconds(60));
    HttpResponse<String> applied = HTTP.send(HttpRequest.newBuilder(setup.uri("/api/v1/slos"))
        .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(HttpIngestBench.slos()))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (applied.statusCode() != 200) throw new IllegalStateException("apply failed: " + applied.body());
    setup.process.destroy();
    setup.process.waitFor(60, TimeUnit.SECONDS);

    long producing = System.nanoTime();
    try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(java.util.Map.of(
        "bootstrap.servers", bootstrap, "acks", "all", "linger.ms", 20, "batch.size", 256 * 1024,
        "compression.type", "lz4",
        "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class,
        "value.serializer", org.apache.kafka.common.serialization.StringSerializer.class))) {
      SplittableRandom random = new SplittableRandom(1);
      for (long sent = 0; sent < events; sent += EVENTS_PER_RECORD) {
        String sli = BenchSlos.sliName(random.nextInt(HttpIngestBench.SLIS));
        StringBuilder json = new StringBuilder("{\"events\":[");
        for (int e = 0; e < EVENTS_PER_RECORD; e++) {
          json.append(e == 0 ? "" : ",").append("{\"sli\":\"").append(sli).append("\",\"good\":")
              .append(random.nextInt(1000) == 0 ? 0 : 1).append(",\"total\":1}");
        }
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, sli, json.append("]}").toString()));
      }
      producer.flush();
    }
    System.out.printf("produced %,d events in %,d records in %.1f s%n", events, events / EVENTS_PER_RECORD,
        (System.nanoTime() - producing) / 1e9);

    Replica r = Replica.start(jar, url, schema, "consumer", java.util.Map.of(
        "GOVERNOR_KAFKA_BOOTSTRAP_SERVERS", bootstrap, "GOVERNOR_KAFKA_TOPIC", topic));
    try {
      long cpuBefore = r.cpuTicks();
      long postgresBefore = postgresTicks();
      double[] load = loadAverage();
      long first = 0, firstAt = 0, last = 0, lastAt = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (last < events && System.nanoTime() < deadline) {
        long now = System.nanoTime();
        long stored = kafkaEvents(r);
        if (stored > 0 && firstAt == 0) {
          first = stored;
          firstAt = now;
        }
        if (stored > last) {
          last = stored;
          lastAt = now;
        }
        Thread.sleep(50);
      }
      double cpu = (r.cpuTicks() - cpuBefore) / 100.0;
      double postgres = (postgresTicks() - postgresBefore) / 100.0;
      double seconds = (lastAt - firstAt) / 1e9;
      System.out.printf("kafka intake: %,d events stored, %,d of them in %.1f s from the first batch stored to the last:"
          + " %,.0f events/s; load average before %.2f%n", last, last - first, seconds, (last - first) / seconds, load[0]);
      System.out.printf("  replica (start, load and intake): %.1f CPU-s; PostgreSQL %.1f CPU-s%n", cpu, postgres);
    } finally {
      r.kill();
      dropSchema(url, schema);
    }
  }

  /** governor_kafka_events_total on {@code r}'s /metrics; 0 while it does not answer yet. */
  private static long kafkaEvents(Replica r) throws InterruptedException {
    try {
      HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(r.uri("/metrics")).timeout(Duration.ofSeconds(2))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      for (String line : metrics.body().split("\n")) {
        if (line.startsWith("governor_kafka_events_total ")) return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
      }
    } catch (IOException e) {
      // starting
    }
    return 0;
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

    static Replica start(Path jar, String url, String schema, String name, java.util.Map<String, String> env)
        throws IOException {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      String java = ProcessHandle.current().info().command().orElse("java");
      Path log = Files.createTempFile("governor-cluster-bench-" + name + "-", ".log");
      ProcessBuilder builder = new ProcessBuilder(java, "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
          "-jar", jar.toString(), "serve",
          "--db", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
          "--port", Integer.toString(port), "--replica-name", name)
          .redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
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

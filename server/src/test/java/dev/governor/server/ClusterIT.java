package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.governor.server.notify.WebhookReceiver;
import dev.governor.storage.jdbc.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Three Governor replicas, each a JVM of its own, on one real PostgreSQL: the cluster
 * tests. A webhook receiver on 127.0.0.1 records every page with the term that sent it.
 *
 * <p>Each test gets a database of its own on the test PostgreSQL ({@link TestPostgres}), so the
 * lease and the roll start empty.
 */
class ClusterIT {

  private static final Pattern DATABASE = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;
  private String adminUrl;
  private String database;
  private String clusterUrl;
  private final List<Replica> replicas = new ArrayList<>();

  @BeforeEach
  void createDatabase() throws SQLException {
    adminUrl = TestPostgres.url();
    Matcher m = DATABASE.matcher(adminUrl);
    assertThat(m.matches()).as(adminUrl).isTrue();
    database = "cluster_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("CREATE DATABASE " + database);
    clusterUrl = m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
  }

  @AfterEach
  void stop() throws SQLException, IOException {
    for (Replica r : replicas) r.kill();
    // What each replica logged, in the test's report: a failure here is a story across processes.
    for (Replica r : replicas) {
      for (String file : List.of("server.log", "stdout.log")) {
        Path log = dir.resolve(r.name).resolve(file);
        if (!Files.exists(log)) continue;
        List<String> lines = Files.readAllLines(log);
        System.out.println("---- " + r.name + " " + file + " (last 60 lines of " + lines.size() + ")");
        lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.out::println);
      }
    }
    execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
  }

  @Test
  void killingTheLeader_justBeforeItsPageIsDue_pagesOncePerStep_fromTheNextLeader_andTheTimelineSaysSo()
      throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver().start()) {
      startThree();
      applyCheckoutAndOnCall(receiver);
      burnThroughEveryReplica();
      assertEveryReplicaReportsTheSameStatus();

      await().atMost(Duration.ofSeconds(30)).until(() -> openIncidents(replicas.get(1)) == 1);
      Replica leader = leader();
      long oldTerm = term(replicas.get(0));
      // The group wait is 10 s: the page is due in about 9 s. Kill the leader well before.
      Thread.sleep(3_000);
      assertThat(receiver.received()).as("no page before the group wait ends").isEmpty();
      Instant killed = Instant.now();
      leader.kill();

      List<Replica> alive = replicas.stream().filter(r -> r != leader).toList();
      await().atMost(Duration.ofSeconds(30)).until(() -> keys(receiver).contains(LEVEL_1));
      Instant paged = receiver.received().stream().filter(r -> r.idempotencyKey().equals(LEVEL_1)).findFirst()
          .orElseThrow().at();
      assertThat(Duration.between(killed, paged)).as("the first page after the kill").isLessThan(Duration.ofSeconds(30));
      await().atMost(Duration.ofSeconds(100)).until(() -> keys(receiver).contains(LEVEL_2));
      // Time for a doubled page to show up, if there were one.
      Thread.sleep(3_000);

      assertOncePerKey(receiver, LEVEL_1, LEVEL_2);
      assertThat(receiver.received()).allSatisfy(r -> assertThat(Long.parseLong(r.term())).isGreaterThan(oldTerm));
      JsonNode incident = get(alive.get(0), "/api/v1/incidents/1").json();
      List<String> timeline = StreamSupport.stream(incident.path("timeline").spliterator(), false)
          .map(e -> e.path("text").asString()).toList();
      assertThat(timeline).anySatisfy(t -> assertThat(t).contains("took over as the leader (term " + (oldTerm + 1) + ")",
          "from " + leader.name));
      assertThat(timeline).contains("paged dave via webhook (level 1, round 1)", "paged carol via webhook (level 2, round 1)");
    }
  }

  @Test
  void aLeaderPausedPastItsLease_sendsNothingOnceItWakes_andServesAsAFollower() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver().start()) {
      startThree();
      applyCheckoutAndOnCall(receiver);
      burnThroughEveryReplica();
      await().atMost(Duration.ofSeconds(30)).until(() -> openIncidents(replicas.get(1)) == 1);
      Replica leader = leader();
      long oldTerm = term(replicas.get(0));
      Thread.sleep(3_000);
      assertThat(receiver.received()).isEmpty();

      leader.signal("STOP");
      List<Replica> others = replicas.stream().filter(r -> r != leader).toList();
      await().atMost(Duration.ofSeconds(30)).until(() -> keys(receiver).contains(LEVEL_1));
      long newTerm = term(others.get(0));
      assertThat(newTerm).isGreaterThan(oldTerm);
      // The old leader wakes past its lease, with its page due long ago and its sender, tick and
      // escalation threads all running at once.
      leader.signal("CONT");
      await().atMost(Duration.ofSeconds(30)).until(() -> "follower".equals(role(leader)));
      // The level-2 step a minute on is the killed-leader test's; this one is about the waking.
      Thread.sleep(3_000);

      assertOncePerKey(receiver, LEVEL_1);
      assertThat(receiver.received()).as("pages from the paused leader's term")
          .noneMatch(r -> Long.parseLong(r.term()) <= oldTerm);
      assertThat(get(leader, "/api/v1/cluster").json().path("leader").path("term").asLong()).isEqualTo(newTerm);
    }
  }

  @Test
  void aRollingRestart_underSteadyIngestion_losesNoAcknowledgedEvent() throws Exception {
    startThree();
    assertThat(post(replicas.get(2), "/api/v1/slos", "application/yaml", TestServer.resource("checkout.yaml")).status())
        .isEqualTo(200);
    Load load = new Load(replicas);
    Thread sender = Thread.ofPlatform().start(load);
    for (Replica r : List.copyOf(replicas)) {
      Thread.sleep(2_000);
      r.stopGracefully();
      r.start();
      awaitReady(r);
    }
    Thread.sleep(2_000);
    load.stop = true;
    sender.join();

    long stored = storedTotal();
    assertThat(load.acknowledged).as("batches acknowledged").isGreaterThan(20);
    assertThat(stored).as("events stored against events acknowledged (%d batches unanswered)", load.unanswered)
        .isBetween(load.acknowledged * Load.PER_BATCH, (load.acknowledged + load.unanswered) * Load.PER_BATCH);
    assertThat(stored % Load.PER_BATCH).isZero();
    assertEveryReplicaReportsTheSameStatus();
  }

  @Test
  void postgresGoingAwayDuringIngestion_answers503WithRetryAfter_losesNothingAcknowledged_andRecoversByItself()
      throws Exception {
    Matcher m = Pattern.compile("jdbc:postgresql://([^/:?]+):(\\d+)(/.*)").matcher(clusterUrl);
    assertThat(m.matches()).isTrue();
    String direct = clusterUrl;
    try (DatabaseProxy database = new DatabaseProxy(
        new java.net.InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))))) {
      clusterUrl = "jdbc:postgresql://127.0.0.1:" + database.port() + m.group(3);
      startThree();
      assertThat(post(replicas.get(1), "/api/v1/slos", "application/yaml", TestServer.resource("checkout.yaml")).status())
          .isEqualTo(200);
      Load load = new Load(replicas);
      Thread sender = Thread.ofPlatform().start(load);
      Thread.sleep(2_000);
      long before = load.acknowledged;

      // As a restart looks to a client of the database: every connection broken, new ones refused,
      // for longer than the leader's lease.
      database.die();
      Thread.sleep(8_000);
      long refused = load.refusedWithRetryAfter;
      database.revive();
      for (Replica r : replicas) awaitReady(r);
      long after = load.acknowledged;
      Thread.sleep(3_000);
      load.stop = true;
      sender.join();

      assertThat(before).as("batches acknowledged before the outage").isPositive();
      assertThat(refused).as("503s with Retry-After while the database was away").isPositive();
      assertThat(load.acknowledged).as("batches acknowledged once it was back").isGreaterThan(after);
      assertThat(load.refusedWithoutRetryAfter).as("503s without Retry-After").isZero();
      clusterUrl = direct;
      long stored = storedTotal();
      assertThat(stored).as("events stored against events acknowledged (%d batches unanswered)", load.unanswered)
          .isBetween(load.acknowledged * Load.PER_BATCH, (load.acknowledged + load.unanswered) * Load.PER_BATCH);
      assertThat(replicas.stream().filter(r -> "leader".equals(role(r))).count()).as("leaders").isEqualTo(1);
      assertEveryReplicaReportsTheSameStatus();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The Kafka intake across a kill -9 of the consuming leader and a rebalance (the topic grows from
   * 4 to 6 partitions mid-stream): 1,000,000 events in 100,000 records, plus 100 records that are
   * not events, end up in the store exactly once, and the 100 in the dead-letter topic.
   */
  @Test
  void aMillionEventsFromKafka_throughAKillOfTheConsumingLeaderAndARebalance_countExactlyOnce() throws Exception {
    try (KafkaBroker kafka = KafkaBroker.start(Files.createDirectories(dir.resolve("kafka")))) {
      kafka.createTopic("events", 4);
      Map<String, String> env = Map.of("GOVERNOR_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
          "GOVERNOR_KAFKA_TOPIC", "events",
          // The consumer learns of new partitions when it refreshes its metadata: every 5 min unless told.
          "GOVERNOR_KAFKA_PROPERTIES", "metadata.max.age.ms=1000");
      for (int i = 1; i <= 2; i++) {
        Replica r = new Replica("replica-" + i, WebhookReceiver.freePort(), env);
        replicas.add(r);
        r.start();
        awaitReady(r);
      }
      assertThat(post(replicas.get(1), "/api/v1/slos", "application/yaml", TestServer.resource("checkout.yaml")).status())
          .isEqualTo(200);
      Replica first = leader();

      KafkaEvents events = new KafkaEvents(kafka.bootstrapServers());
      Thread producer = Thread.ofPlatform().name("kafka-producer").start(events);
      await().atMost(Duration.ofSeconds(90)).until(() -> storedTotal() >= 250_000);
      first.kill(); // SIGKILL mid-stream: the next leader takes its place in the consumer group
      // As if Kafka had lost every commit: only the offsets stored with the counts may say where
      // the next leader starts. Trusting Kafka's would count everything before the kill again.
      kafka.rewindCommittedOffsets("governor", "governor-leader", "events");
      await().atMost(Duration.ofSeconds(90)).until(() -> events.produced.get() >= 70 * KafkaEvents.RECORDS / 100);
      kafka.growTopic("events", 6); // every consumer of the topic is assigned anew
      events.partitions = 6;
      first.start();
      producer.join(120_000);
      assertThat(events.failure).as("the producer's failure").isNull();

      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
          .until(this::storedTotal, total -> total >= KafkaEvents.EVENTS);
      Thread.sleep(3_000); // long enough for a double count to show
      assertThat(storedTotal()).isEqualTo(KafkaEvents.EVENTS);
      assertThat(stored("good")).isEqualTo(KafkaEvents.EVENTS * 9 / 10);
      awaitReady(first);
      assertEveryReplicaReportsTheSameStatus();
      assertThat(events.deadLetters()).as("records that are not events, each in the dead-letter topic")
          .hasSize(KafkaEvents.NOT_EVENTS);
      assertThat(get(leader(), "/metrics").body()).contains("governor_kafka_partitions 6.0");
      for (Replica r : replicas) r.kill(); // before the broker stops, so that their logs end with the test
    }
  }

  /**
   * Produces {@link #EVENTS} events for checkout-requests, {@link #PER_RECORD} to a record, keyed by
   * their SLI and spread round the partitions, with {@link #NOT_EVENTS} records among them that
   * are not events: half not JSON, half naming an SLI nobody defined.
   */
  private static final class KafkaEvents implements Runnable {
    static final long EVENTS = 1_000_000;
    static final int PER_RECORD = 10;
    static final int RECORDS = (int) (EVENTS / PER_RECORD);
    static final int NOT_EVENTS = 100;
    final String bootstrapServers;
    final java.util.concurrent.atomic.AtomicInteger produced = new java.util.concurrent.atomic.AtomicInteger();
    volatile int partitions = 4;
    volatile Exception failure;

    KafkaEvents(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
    }

    @Override
    public void run() {
      Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers, "acks", "all", "linger.ms", 5,
          "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class,
          "value.serializer", org.apache.kafka.common.serialization.StringSerializer.class);
      StringBuilder events = new StringBuilder("{\"events\": [");
      for (int e = 0; e < PER_RECORD; e++) {
        // One event in ten is bad: 9 good of every 10.
        events.append(e == 0 ? "" : ", ").append("{\"sli\": \"checkout-requests\", \"good\": ")
            .append(e == 0 ? 0 : 1).append(", \"total\": 1}");
      }
      String batch = events.append("]}").toString();
      int notEveryAfter = RECORDS / NOT_EVENTS;
      try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(config)) {
        for (int i = 0; i < RECORDS; i++) {
          int partition = i % partitions;
          producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("events", partition, "checkout-requests", batch));
          if (i % notEveryAfter == 0) {
            String notEvents = (i / notEveryAfter) % 2 == 0 ? "checkout-requests: 1 good"
                : "{\"events\": [{\"sli\": \"nobody-defined-this\", \"good\": 1, \"total\": 1}]}";
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("events", partition, "checkout-requests", notEvents));
          }
          produced.incrementAndGet();
          // About 40,000 events a second: the stream lasts long enough for a kill and a rebalance.
          if (i % 400 == 399) Thread.sleep(100);
        }
        producer.flush();
      } catch (Exception e) {
        failure = e;
      }
    }

    /** Where each dead letter came from: the source partition and offset, as the intake's headers say. */
    java.util.Set<String> deadLetters() {
      Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers,
          "key.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class,
          "value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
      java.util.Set<String> sources = new java.util.HashSet<>();
      try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(config)) {
        List<org.apache.kafka.common.TopicPartition> parts = consumer.partitionsFor("events-dead-letter").stream()
            .map(info -> new org.apache.kafka.common.TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
          for (var record : consumer.poll(Duration.ofMillis(500))) {
            assertThat(record.headers().lastHeader("governor-error")).isNotNull();
            sources.add(new String(record.headers().lastHeader("governor-partition").value()) + "/"
                + new String(record.headers().lastHeader("governor-offset").value()));
          }
          if (sources.size() >= NOT_EVENTS) break;
        }
      }
      return sources;
    }
  }

  private static final String LEVEL_1 = "incident-1/round-1/level-1/dave/webhook";
  private static final String LEVEL_2 = "incident-1/round-1/level-2/carol/webhook";

  private void startThree() throws Exception {
    for (int i = 1; i <= 3; i++) {
      Replica r = new Replica("replica-" + i, WebhookReceiver.freePort());
      replicas.add(r);
      r.start();
      // One after the other: the first takes the lease, so the test knows who leads.
      awaitReady(r);
    }
    assertThat(role(replicas.get(0))).isEqualTo("leader");
  }

  private void applyCheckoutAndOnCall(WebhookReceiver receiver) throws Exception {
    assertThat(post(replicas.get(1), "/api/v1/slos", "application/yaml", TestServer.resource("checkout.yaml")).status())
        .isEqualTo(200);
    String oncall = """
        apiVersion: governor.dev/v1
        kind: User
        metadata: {name: dave}
        spec:
          contacts:
            - webhook: %s
        ---
        apiVersion: governor.dev/v1
        kind: User
        metadata: {name: carol}
        spec:
          contacts:
            - webhook: %s
        ---
        apiVersion: governor.dev/v1
        kind: EscalationPolicy
        metadata: {name: shop-team}
        spec:
          services: [checkout]
          levels:
            - after: 0m
              notify:
                - user: dave
            - after: 1m
              notify:
                - user: carol
        """.formatted(receiver.url("/dave"), receiver.url("/carol"));
    Response applied = post(replicas.get(2), "/api/v1/oncall?file=team.yaml", "application/yaml", oncall);
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
  }

  /** Half of every batch fails, through every replica at once: a burn of 500x the budget's rate. */
  private void burnThroughEveryReplica() throws Exception {
    List<Thread> senders = new ArrayList<>();
    for (Replica r : replicas) {
      senders.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < 5; i++) {
          Response sent = post(r, "/api/v1/events", "application/json", """
              {"events": [{"sli": "checkout-requests", "time": "%s", "good": 50, "total": 100}]}"""
              .formatted(Instant.now().minusSeconds(5)));
          assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        }
      }));
    }
    for (Thread t : senders) t.join();
  }

  private void assertEveryReplicaReportsTheSameStatus() {
    await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
      List<String> statuses = new ArrayList<>();
      for (Replica r : replicas) {
        JsonNode status = get(r, "/api/v1/slos/checkout-availability/status").json();
        statuses.add(status.path("objectives").toString());
      }
      assertThat(statuses).allMatch(s -> s.equals(statuses.getFirst()));
      assertThat(statuses.getFirst()).contains("\"total\"");
    });
  }

  /** Each of {@code steps} paged once, and nothing paged twice. */
  private static void assertOncePerKey(WebhookReceiver receiver, String... steps) {
    Map<String, Long> perKey = receiver.received().stream()
        .collect(Collectors.groupingBy(WebhookReceiver.Received::idempotencyKey, Collectors.counting()));
    for (String step : steps) assertThat(perKey).as("pages per idempotency key").containsEntry(step, 1L);
    assertThat(perKey).allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1L));
  }

  private static List<String> keys(WebhookReceiver receiver) {
    return receiver.received().stream().map(WebhookReceiver.Received::idempotencyKey).toList();
  }

  private Replica leader() {
    String name = get(replicas.get(0), "/api/v1/cluster").json().path("leader").path("replica").asString();
    return replicas.stream().filter(r -> r.name.equals(name)).findFirst().orElseThrow(() ->
        new AssertionError("no replica named " + name));
  }

  private static long term(Replica r) {
    return get(r, "/readyz").json().path("cluster").path("leader").path("term").asLong();
  }

  private static String role(Replica r) {
    try {
      return get(r, "/readyz").json().path("cluster").path("role").asString();
    } catch (RuntimeException e) {
      return "unreachable";
    }
  }

  private static int openIncidents(Replica r) {
    Response open = get(r, "/api/v1/incidents?state=open");
    return open.status() == 200 ? open.json().path("incidents").size() : -1;
  }

  private static void awaitReady(Replica r) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
      try {
        return get(r, "/readyz").status() == 200;
      } catch (RuntimeException e) {
        return false;
      }
    });
  }

  private long storedTotal() throws SQLException {
    return stored("total");
  }

  /** The sum of a column of every minute bucket, read from the database, not through a replica. */
  private long stored(String column) throws SQLException {
    try (Connection c = DriverManager.getConnection(clusterUrl);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(" + column + "), 0) FROM bucket")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** A replica: a JVM of its own on a port fixed for its life, so a restart comes back where it was. */
  private final class Replica {
    final String name;
    final int port;
    final Map<String, String> env;
    Process process;

    Replica(String name, int port) {
      this(name, port, Map.of());
    }

    Replica(String name, int port, Map<String, String> env) {
      this.name = name;
      this.port = port;
      this.env = env;
    }

    void start() throws Exception {
      Path data = Files.createDirectories(dir.resolve(name));
      Map<String, String> environment = new java.util.HashMap<>(Map.of(
          "GOVERNOR_TICK_INTERVAL", "1s",
          "GOVERNOR_INCIDENT_GROUP_WAIT", "10s",
          "GOVERNOR_NOTIFICATIONS_INITIAL_BACKOFF", "1s",
          // The cluster's story is in the replicas' logs: who took over when, and why.
          "JAVA_TOOL_OPTIONS", "-Dorg.slf4j.simpleLogger.log.dev.governor.server.cluster=info"
              + " -Dorg.slf4j.simpleLogger.log.dev.governor.server.kafka=info"));
      environment.putAll(env);
      process = ServerProcess.start(data, environment,
          List.of("--jdbc-url", clusterUrl, "--port", Integer.toString(port), "--replica-name", name));
      ServerProcess.awaitListening(process, data.resolve("stdout.log"));
    }

    URI uri(String path) {
      return URI.create("http://127.0.0.1:" + port + path);
    }

    void kill() {
      if (process == null) return;
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void stopGracefully() throws InterruptedException {
      process.destroy();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(name + " stops on SIGTERM").isTrue();
    }

    void signal(String signal) throws Exception {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
      assertThat(kill.waitFor()).isZero();
    }
  }

  /**
   * Batches of {@link #PER_BATCH} events sent round the replicas as fast as they are answered; a
   * 503 (no leader right now) or a refused connection (a replica restarting) is tried again at the
   * next replica, as a client behind a load balancer would be.
   */
  private static final class Load implements Runnable {
    static final long PER_BATCH = 10;
    final List<Replica> replicas;
    volatile boolean stop;
    volatile long acknowledged;
    volatile long unanswered;
    volatile long refusedWithRetryAfter;
    volatile long refusedWithoutRetryAfter;

    Load(List<Replica> replicas) {
      this.replicas = replicas;
    }

    @Override
    public void run() {
      int next = 0;
      while (!stop) {
        Replica r = replicas.get(next++ % replicas.size());
        String body = """
            {"events": [{"sli": "checkout-requests", "time": "%s", "good": 10, "total": 10}]}"""
            .formatted(Instant.now().minusSeconds(1));
        try {
          HttpResponse<String> sent = HTTP.send(HttpRequest.newBuilder(r.uri("/api/v1/events"))
              .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
          if (sent.statusCode() == 200) {
            acknowledged++;
          } else if (sent.statusCode() == 502) {
            unanswered++; // the leader's answer to a forwarded batch was lost: it may have landed
            pause();
          } else if (sent.statusCode() == 503) {
            // Nothing written: between leaders, the leader stopping, the database away.
            if (sent.headers().firstValue("Retry-After").isPresent()) refusedWithRetryAfter++;
            else refusedWithoutRetryAfter++;
            pause();
          } else {
            throw new AssertionError(sent.statusCode() + " " + sent.body());
          }
        } catch (java.net.ConnectException e) {
          pause(); // nothing listens: the request never left, nothing can have landed
        } catch (IOException e) {
          unanswered++; // sent, and the answer lost: it may or may not have landed, whole
          pause();
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private static void pause() {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  record Response(int status, String body) {
    JsonNode json() {
      return dev.governor.server.http.Json.MAPPER.readTree(body);
    }
  }

  private static Response get(Replica r, String path) {
    return send(HttpRequest.newBuilder(r.uri(path)).timeout(Duration.ofSeconds(10)).GET().build());
  }

  private static Response post(Replica r, String path, String type, String body) {
    return send(HttpRequest.newBuilder(r.uri(path)).timeout(Duration.ofSeconds(10)).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

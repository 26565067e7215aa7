package dev.governor.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker in KRaft mode (broker and controller in one process), run as a child
 * JVM from the {@code kafka_2.13} jars on the test classpath: its storage formatted by Kafka's own
 * {@code StorageTool}, then {@code kafka.Kafka} started, listening on 127.0.0.1 only.
 */
final class KafkaBroker implements AutoCloseable {

  private final Process process;
  private final String bootstrapServers;
  private final Path log;

  private KafkaBroker(Process process, String bootstrapServers, Path log) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
    this.log = log;
  }

  static KafkaBroker start(Path dir) throws IOException, InterruptedException {
    int port = freePort(), controllerPort = freePort();
    Path logDirs = Files.createDirectories(dir.resolve("data"));
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", logDirs.toString());
    p.setProperty("num.partitions", "4");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "4");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("auto.create.topics.enable", "true");
    Path config = dir.resolve("server.properties");
    try (var out = Files.newBufferedWriter(config)) {
      p.store(out, "a broker for Governor's tests");
    }
    Path log = dir.resolve("kafka.log");
    Process format = java(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
        config.toString()), log).start();
    if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
      format.destroyForcibly();
      throw new IOException("formatting the Kafka broker's storage failed:\n" + Files.readString(log));
    }
    Process broker = java(List.of("kafka.Kafka", config.toString()), log).start();
    KafkaBroker started = new KafkaBroker(broker, "127.0.0.1:" + port, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!listening(port)) {
      if (!broker.isAlive() || System.nanoTime() > deadline) {
        broker.destroyForcibly();
        throw new IOException("the Kafka broker did not start:\n" + tail(log));
      }
      Thread.sleep(200);
    }
    return started;
  }

  private static ProcessBuilder java(List<String> mainAndArguments, Path log) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
"-Xms256m", "-Xmx768m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
    command.addAll(mainAndArguments);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  Process process() {
    return process;
  }

  void createTopic(String name, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
    }
  }

  /** More partitions for {@code name}: every consumer of it is assigned anew, a rebalance. */
  void growTopic(String name, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin.createPartitions(Map.of(name, org.apache.kafka.clients.admin.NewPartitions.increaseTo(partitions)))
          .all().get(60, TimeUnit.SECONDS);
    }
  }

  /**
   * Sets the offsets {@code group} committed to Kafka back to 0 on every partition of {@code topic},
   * as if its commits had been lost, after removing its static member {@code instanceId} (a group
   * with members refuses new offsets).
   */
  void rewindCommittedOffsets(String group, String instanceId, String topic) throws Exception {
    try (Admin admin = admin()) {
      admin.removeMembersFromConsumerGroup(group, new org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions(
          List.of(new org.apache.kafka.clients.admin.MemberToRemove(instanceId)))).all().get(60, TimeUnit.SECONDS);
      Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> start = new java.util.HashMap<>();
      for (var partition : admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic).partitions()) {
        start.put(new org.apache.kafka.common.TopicPartition(topic, partition.partition()),
            new org.apache.kafka.clients.consumer.OffsetAndMetadata(0));
      }
      admin.alterConsumerGroupOffsets(group, start).all().get(60, TimeUnit.SECONDS);
    }
  }

  Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000));
  }

  String log() throws IOException {
    return tail(log);
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) return "(no log)";
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A broker for a benchmark by hand (BENCHMARKS.md, "Kafka intake"): started in the folder given,
   * its address printed, stopped by Enter or the end of input.
   */
  public static void main(String[] args) throws Exception {
    try (KafkaBroker broker = start(Files.createDirectories(Path.of(args.length > 0 ? args[0] : "kafka-bench")))) {
      System.out.println("Kafka listening at " + broker.bootstrapServers() + " (pid " + broker.process().pid()
          + "); Enter stops it");
      System.in.read();
    }
  }
}

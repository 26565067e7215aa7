package dev.governor.server.kafka;

import dev.governor.server.Feature;
import dev.governor.server.Wiring;
import dev.governor.server.config.ServerConfig;
import io.javalin.config.JavalinConfig;

/**
 * The Kafka intake ({@code ingest.kafka.*}): no routes, a consumer that runs while the server does
 * (on a cluster, while this replica leads), and its counts in {@code /metrics}.
 */
public final class KafkaFeature implements Feature {

  private final KafkaIntake intake;

  public KafkaFeature(Wiring wiring, ServerConfig.Kafka settings) {
    String replica = wiring.config().cluster().replicaName().isEmpty() ? "standalone" : wiring.config().cluster().replicaName();
    this.intake = new KafkaIntake(settings, wiring.evaluator(), replica);
    wiring.metrics().kafkaIntake(intake::stats);
  }

  @Override
  public void install(JavalinConfig cfg) {}

  @Override
  public void start(Running running) {
    intake.start();
  }

  @Override
  public void close() {
    intake.close();
  }
}

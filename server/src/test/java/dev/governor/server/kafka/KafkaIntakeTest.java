package dev.governor.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.server.config.ServerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaIntakeTest {

  private final ServerConfig.Kafka settings = new ServerConfig.Kafka("127.0.0.1:9092", "events", "governor",
      "events-dead-letter", Map.of("security.protocol", "SSL", "auto.offset.reset", "latest", "max.poll.records", "50",
          "acks", "1", "linger.ms", "5"));

  @Test
  void theConsumer_getsTheSettingsItKnows_andWhatCountingOnceNeeds() {
    Map<String, Object> consumer = KafkaIntake.consumerProperties(settings, "a");

    assertThat(consumer).containsEntry("security.protocol", "SSL").containsEntry("auto.offset.reset", "latest")
        .containsEntry("max.poll.records", "50").doesNotContainKeys("acks", "linger.ms");
    assertThat(consumer).containsEntry("enable.auto.commit", false).containsEntry("isolation.level", "read_committed")
        .containsEntry("group.id", "governor").containsEntry("group.instance.id", "governor-leader")
        .containsEntry("bootstrap.servers", "127.0.0.1:9092");
  }

  @Test
  void theDeadLetterProducer_getsTheSettingsItKnows_andWaitsForEveryReplica() {
    Map<String, Object> producer = KafkaIntake.producerProperties(settings, "a");

    assertThat(producer).containsEntry("security.protocol", "SSL").containsEntry("linger.ms", "5")
        .doesNotContainKeys("auto.offset.reset", "max.poll.records");
    assertThat(producer).as("acks=all whatever the settings say").containsEntry("acks", "all");
  }

  @Test
  void withoutSettings_aPartitionWithoutAStoredOffsetStartsAtTheEarliestRecord() {
    ServerConfig.Kafka plain = new ServerConfig.Kafka("127.0.0.1:9092", "events", "governor", "dl", Map.of());
    assertThat(KafkaIntake.consumerProperties(plain, "a")).containsEntry("auto.offset.reset", "earliest")
        .containsEntry("max.poll.records", 2_000);
  }
}

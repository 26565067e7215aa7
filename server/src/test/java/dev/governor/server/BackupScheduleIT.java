package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** backup.schedule, backup.keep and backup.drillSchedule on a real server, in real time (10 s periods). */
class BackupScheduleIT {

  @TempDir Path dataDir;

  @Test
  void the_server_takes_backups_keeps_the_newest_and_drills_them_on_schedule() throws Exception {
    try (TestServer api = new TestServer(dataDir, Map.of(
        "backup.schedule", "10s", "backup.keep", "1", "backup.drillSchedule", "10s"))) {
      BackupApiTest.fill(api);
      Path backups = dataDir.resolve("backups");

      // The first backup after 10 s, the second after 20 s, which deletes the first.
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> count(backups) == 1);
      String first = api.get("/api/v1/backups").json().at("/backups/0/name").asString();
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
        JsonNode listed = api.get("/api/v1/backups").json().path("backups");
        return listed.size() == 1 && !listed.at("/0/name").asString().equals(first) && count(backups) == 1
            && api.get("/api/v1/dr/drills").json().path("drills").size() >= 2;
      });

      JsonNode drill = api.get("/api/v1/dr/drills").json().at("/drills/0");
      assertThat(drill.path("passed").asBoolean()).as(drill.toString()).isTrue();
      assertThat(Files.readAllLines(backups.resolve("drills.jsonl"))).hasSizeGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void after_a_restart_the_next_backup_is_due_a_period_after_the_last_one_not_after_the_start() throws Exception {
    try (TestServer api = new TestServer(dataDir, Map.of())) {
      assertThat(api.post("/api/v1/backups", "application/json", "").status()).isEqualTo(201);
    }
    Path backups = dataDir.resolve("backups");
    assertThat(count(backups)).isEqualTo(1);

    // Restarted 58 s after that backup with a 1-minute schedule: the next is due in about 2 s, not 60.
    long started = System.nanoTime();
    try (TestServer api = new TestServer(dataDir, Map.of("backup.schedule", "1m"), TestServer.NOW.plusSeconds(58))) {
      Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> count(backups) == 2);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
  }

  private static long count(Path backups) throws Exception {
    if (!Files.isDirectory(backups)) return 0;
    try (Stream<Path> files = Files.list(backups)) {
      return files.filter(p -> p.getFileName().toString().matches("governor-backup-.*\\.zip")).count();
    }
  }
}

package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.server.GovernorServer;
import dev.governor.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code governor oncall apply} and {@code governor oncall now} against the real server (in this
 * JVM, random port, temporary SQLite, a token), with the demo team of examples/oncall. The clock
 * stands at Monday 2 March 2026, 11:00 in Berlin: alice's week.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnCallCommandsIT {

  static final String TOKEN = "it-token";
  static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

  GovernorServer server;
  Path examples;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    examples = Repository.root().resolve("examples/oncall");
    server = GovernorServer.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of(
        "server.bind", "127.0.0.1",
        "server.port", "0",
        "storage.dataDir", dataDir.toString(),
        "storage.jdbcUrl", "",
        "auth.tokens", TOKEN)), () -> NOW);
    Cli.Run applied = cli("oncall", "apply", "--token", TOKEN, "-f", examples.toString());
    assertThat(applied.exit()).as(applied.toString()).isZero();
    assertThat(applied.out()).contains("01-users.yaml: User alice created")
        .contains("02-primary-schedule.yaml: Schedule primary created")
        .contains("03-escalation-policy.yaml: EscalationPolicy shop-team created");
  }

  @AfterAll
  void stop() {
    server.close();
  }

  Cli.Run cli(String... args) {
    return Cli.run(Map.of("GOVERNOR_SERVER", server.baseUri().toString()), "", args);
  }

  /** A read: once sign-in is on, reads need a token too. */
  Cli.Run reader(String... args) {
    return Cli.run(Map.of("GOVERNOR_SERVER", server.baseUri().toString(), "GOVERNOR_TOKEN", TOKEN), "", args);
  }

  @Test
  void now_showsWhoIsOnCallInEverySchedule_andUntilWhen() {
    Cli.Run run = reader("oncall", "now");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).contains("SCHEDULE  ON CALL")
        .containsPattern("primary +alice \\(Alice Andersen\\) +2026-03-03T08:00:00Z +layer weekly")
        .contains("at 2026-03-02T10:00:00Z");
  }

  @Test
  void now_atATime_inOneSchedule_asJson() {
    Cli.Run run = reader("oncall", "now", "--schedule", "primary", "--at", "2026-03-03T10:00:00+01:00", "-o", "json");

    assertThat(run.exit()).as(run.toString()).isZero();
    JsonNode json = ApiClient.JSON.readTree(run.out());
    assertThat(json.path("user").asString()).isEqualTo("carol");
    assertThat(json.path("at").asString()).isEqualTo("2026-03-03T09:00:00Z");
  }

  @Test
  void now_whenNobodyIsOnCall_exits1_andForAnUnknownSchedule_too() {
    Cli.Run gap = reader("oncall", "now", "--schedule", "primary", "--at", "2025-12-01T00:00:00Z");
    Cli.Run unknown = reader("oncall", "now", "--schedule", "secondary");

    assertThat(gap.exit()).as(gap.toString()).isEqualTo(1);
    assertThat(gap.out()).containsPattern("primary +nobody");
    assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(1);
    assertThat(unknown.err()).contains("there is no schedule named 'secondary'");
  }

  @Test
  void now_withABadTime_isAUsageError_exits2() {
    Cli.Run run = reader("oncall", "now", "--at", "tomorrow");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--at must be an RFC 3339 time");
  }

  @Test
  void apply_again_isUnchanged_andARefusedFile_exits1_withItsProblemsByFileAndLine(@TempDir Path dir) throws Exception {
    Cli.Run again = cli("oncall", "apply", "--token", TOKEN, "-f", examples.resolve("02-primary-schedule.yaml").toString());
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.out()).contains("Schedule primary unchanged");

    Path bad = Files.writeString(dir.resolve("bad.yaml"), """
        apiVersion: governor.dev/v1
        kind: Schedule
        metadata: {name: nights}
        spec:
          timeZone: Europe/Berlin
          layers:
            - {name: nights, users: [alice, zoe], start: 2026-03-02T22:00, turn: 1d}
        """);
    Cli.Run refused = cli("oncall", "apply", "--token", TOKEN, "-f", bad.toString());

    assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err()).contains(bad + ":7: spec.layers[0].users[1]: no User named 'zoe'");
    assertThat(reader("oncall", "now", "--schedule", "nights").exit()).isEqualTo(1);
  }

  @Test
  void apply_withoutTheToken_isRefused_exits1() {
    Cli.Run run = cli("oncall", "apply", "-f", examples.resolve("01-users.yaml").toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("HTTP 401").contains("--token");
  }

  @Test
  void apply_ofAServerThatIsNotThere_exits2() {
    Cli.Run run = Cli.run(Map.of("GOVERNOR_SERVER", "http://127.0.0.1:1"), "", "oncall", "apply", "-f",
        examples.resolve("01-users.yaml").toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("cannot reach Governor");
  }
}

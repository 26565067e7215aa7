package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.server.GovernorServer;
import dev.governor.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands against the real server: started in this JVM on a random port with a temporary
 * SQLite directory and a token, so the exit codes are checked against real answers, not canned ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliAgainstServerIT {

  static final String TOKEN = "it-token";

  GovernorServer server;
  Path examples;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    server = GovernorServer.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of(
        "server.bind", "127.0.0.1",
        "server.port", "0",
        "storage.dataDir", dataDir.toString(),
        "storage.jdbcUrl", "",
        "auth.tokens", TOKEN)));
    examples = Repository.root().resolve("examples");
    Cli.Run applied = cli("slo", "apply", examples.resolve("checkout.yaml").toString(), "--token", TOKEN);
    assertThat(applied.exit()).as(applied.toString()).isZero();
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
  void apply_withoutTheToken_isRefused_exits1() {
    Cli.Run run = cli("slo", "apply", examples.resolve("checkout.yaml").toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("GOVERNOR_TOKEN");
  }

  @Test
  void apply_anInvalidDocument_exits1_andNamesFileAndLine(@TempDir Path dir) throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), """
        apiVersion: openslo/v1
        kind: Service
        metadata:
          name: Not_Valid
        spec: {}
        """);

    Cli.Run run = cli("slo", "apply", bad.toString(), "--token", TOKEN);

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains(bad + ":4: metadata.name: ");
  }

  @Test
  void apply_again_reportsEveryResourceUnchanged() {
    Cli.Run run = cli("slo", "apply", examples.resolve("checkout.yaml").toString(), "--token", TOKEN, "--dry-run");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).contains("SLO checkout-availability unchanged (dry run)");
  }

  @Test
  void eventsThenStatus_showTheAttainmentInTheTable() {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Cli.Run sent = cli("events", "send", "--sli", "checkout-availability", "--bad", "1", "--total", "1000",
        "--time", now, "--token", TOKEN);
    assertThat(sent.exit()).as(sent.toString()).isZero();

    Cli.Run run = reader("slo", "status", "checkout-availability");

    assertThat(run.exit()).as(run.toString()).isZero();
    String[] lines = run.out().split("\n");
    assertThat(lines[0]).startsWith("SLO").contains("ATTAINMENT").contains("BUDGET LEFT").contains("BURN 1h");
    assertThat(lines[1]).startsWith("checkout-availability").contains("99.9%");
  }

  @Test
  void status_asJson_isTheServersStatusDocument() {
    Cli.Run run = reader("slo", "status", "--output", "json");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(ApiClient.JSON.readTree(run.out()).path("slos").get(0).path("slo").asString())
        .isEqualTo("checkout-availability");
  }

  @Test
  void status_ofAnUnknownSlo_exits1() {
    assertThat(reader("slo", "status", "no-such-slo").exit()).isEqualTo(1);
  }

  @Test
  void anEventForAnUnknownSli_isRejected_exits1() {
    Cli.Run run = cli("events", "send", "--sli", "no-such-sli", "--good", "1", "--total", "1", "--token", TOKEN);

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("events[0].sli");
  }

  @Test
  void listAndAlerts_exit0() {
    Cli.Run list = reader("slo", "list");
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.out()).contains("checkout-availability").contains("28d");

    Cli.Run alerts = reader("alerts", "--output", "json");
    assertThat(alerts.exit()).as(alerts.toString()).isZero();
    assertThat(ApiClient.JSON.readTree(alerts.out()).path("alerts").isArray()).isTrue();
  }

  @Test
  void delete_removesTheSlo_andASecondDeleteExits1(@TempDir Path dir) throws Exception {
    String spec = Files.readString(examples.resolve("checkout.yaml"))
        .replace("name: checkout-availability", "name: checkout-availability-copy");
    Path copy = Files.writeString(dir.resolve("copy.yaml"), spec);
    assertThat(cli("slo", "apply", copy.toString(), "--token", TOKEN).exit()).isZero();

    assertThat(cli("slo", "delete", "checkout-availability-copy", "--token", TOKEN).exit()).isZero();
    assertThat(cli("slo", "delete", "checkout-availability-copy", "--token", TOKEN).exit()).isEqualTo(1);
  }
}

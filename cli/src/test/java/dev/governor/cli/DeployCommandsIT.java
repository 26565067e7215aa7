package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.server.GovernorServer;
import dev.governor.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code governor deploy} and {@code governor dora} against the real server (in this JVM, random
 * port, temporary SQLite, a token), as {@link CliAgainstServerIT} does for the SLO commands.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployCommandsIT {

  static final String TOKEN = "it-token";

  GovernorServer server;
  final Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(10, ChronoUnit.DAYS);

  @BeforeAll
  void start(@TempDir Path dataDir) {
    server = GovernorServer.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of(
        "server.bind", "127.0.0.1",
        "server.port", "0",
        "storage.dataDir", dataDir.toString(),
        "storage.jdbcUrl", "",
        "auth.tokens", TOKEN)));
    // Four deployments of "payments", one rolled back: a 25 % change fail rate.
    for (int i = 1; i <= 4; i++) {
      Cli.Run run = record("payments", "1." + i, i == 3 ? "rolled-back" : "succeeded",
          "--change", "commit:aaaaaa" + i + "@" + day.plus(i, ChronoUnit.DAYS).minus(2, ChronoUnit.HOURS));
      assertThat(run.exit()).as(run.toString()).isZero();
      assertThat(run.out()).startsWith("recorded deployment payments-production-1." + i);
    }
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

  Cli.Run record(String service, String version, String outcome, String... more) {
    int minor = Integer.parseInt(version.substring(version.indexOf('.') + 1));
    List<String> args = new ArrayList<>(List.of("deploy", "record", "--token", TOKEN, "--service", service,
        "--environment", "production", "--version", version, "--commit", "bbbbbb" + minor,
        "--outcome", outcome, "--started", day.plus(minor, ChronoUnit.DAYS).toString()));
    args.addAll(List.of(more));
    return cli(args.toArray(String[]::new));
  }

  @Test
  void record_again_exits0_andSaysItWasAlreadyRecorded() {
    Cli.Run run = record("payments", "1.1", "succeeded");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).startsWith("already recorded deployment payments-production-1.1");
  }

  @Test
  void record_withoutTheToken_isRefused_exits1() {
    Cli.Run run = cli("deploy", "record", "--service", "payments", "--environment", "production",
        "--version", "9.9", "--commit", "cccccc9");

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("GOVERNOR_TOKEN");
  }

  @Test
  void record_anInvalidCommit_isRefused_exits1() {
    Cli.Run run = cli("deploy", "record", "--token", TOKEN, "--service", "payments", "--environment",
        "production", "--version", "9.8", "--commit", "main");

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("'main'");
  }

  @Test
  void outcome_ofAnUnknownDeployment_exits1() {
    Cli.Run run = cli("deploy", "outcome", "no-such-deployment", "--outcome", "failed", "--token", TOKEN);

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("no-such-deployment");
  }

  @Test
  void outcome_setsTheOutcomeOfARecordedDeployment() {
    assertThat(record("ledger", "2.1", "in-progress").exit()).isZero();

    Cli.Run run = cli("deploy", "outcome", "ledger-production-2.1", "--outcome", "failed", "--token", TOKEN);

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("deployment ledger-production-2.1 is failed\n");
  }

  @Test
  void dora_countsTheRecordedDeployments() {
    Cli.Run json = reader("dora", "--service", "payments", "-o", "json");

    assertThat(json.exit()).as(json.toString()).isZero();
    JsonNode report = ApiClient.JSON.readTree(json.out());
    assertThat(report.path("deploymentFrequency").path("deployments").asInt()).isEqualTo(4);
    assertThat(report.path("changeFailRate").path("count").asInt()).isEqualTo(1);
    assertThat(report.path("changeFailRate").path("of").asInt()).isEqualTo(4);
    // every change was committed two hours before its deployment started (and finished)
    assertThat(report.path("changeLeadTime").path("medianSeconds").asLong()).isEqualTo(7200);

    Cli.Run table = reader("dora", "--service", "payments");

    assertThat(table.exit()).as(table.toString()).isZero();
    assertThat(table.out()).contains("DORA metrics for service payments")
        .containsPattern("change fail rate +25\\.0% +1 of 4")
        .containsPattern("change lead time +median 2h ");
  }
}

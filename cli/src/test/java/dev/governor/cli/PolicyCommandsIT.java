package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.server.GovernorServer;
import dev.governor.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code governor policy apply} and {@code list} against the real server, with a token. */
class PolicyCommandsIT {

  static final String TOKEN = "it-token";
  static final Path EXAMPLE = Repository.root().resolve("examples/policies/checkout-policy.yaml");

  GovernorServer server;
  @TempDir Path dir;

  @BeforeEach
  void start() {
    server = GovernorServer.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of(
        "server.bind", "127.0.0.1", "server.port", "0", "storage.dataDir", dir.resolve("data").toString(),
        "storage.jdbcUrl", "", "auth.tokens", TOKEN)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Cli.Run cli(String... args) {
    return Cli.run(Map.of("GOVERNOR_SERVER", server.baseUri().toString(), "GOVERNOR_TOKEN", TOKEN), "", args);
  }

  @Test
  void apply_createsThePolicy_andAgainLeavesItUnchanged_andListShowsIt() {
    Cli.Run first = cli("policy", "apply", "-f", EXAMPLE.toString());
    Cli.Run again = cli("policy", "apply", "-f", EXAMPLE.toString());

    assertThat(first.exit()).as(first.toString()).isZero();
    assertThat(first.out()).isEqualTo(EXAMPLE + ": ErrorBudgetPolicy checkout-policy created\n");
    assertThat(again.out()).isEqualTo(EXAMPLE + ": ErrorBudgetPolicy checkout-policy unchanged\n");

    Cli.Run list = cli("policy", "list");
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.out().lines().toList()).hasSize(2);
    assertThat(list.out()).startsWith("NAME").containsPattern("checkout-policy +service checkout +production +20");

    Cli.Run json = cli("policy", "list", "-o", "json");
    JsonNode policy = ApiClient.JSON.readTree(json.out()).at("/policies/0");
    assertThat(policy.path("source").asString()).contains("kind: ErrorBudgetPolicy", "allowHotfixes: true");
  }

  @Test
  void apply_ofSeveralFiles_appliesThemInOrder_andStopsAtTheFirstRefusal_exits1() throws Exception {
    Path slo = dir.resolve("slo-policy.yaml");
    Files.writeString(slo, """
        apiVersion: governor.dev/v1
        kind: ErrorBudgetPolicy
        metadata:
          name: search-policy
        spec:
          service: search
          rules:
            - name: budget-exhausted
              whenBudgetRemainingBelow: 0%
              action: block
        """);
    Path bad = dir.resolve("bad-policy.yaml");
    Files.writeString(bad, """
        apiVersion: governor.dev/v1
        kind: ErrorBudgetPolicy
        metadata:
          name: ledger-policy
        spec:
          service: ledger
          rules:
            - name: budget-low
              whenBudgetRemainingBelow: 25%
              action: explode
        """);
    Path never = dir.resolve("never.yaml");
    Files.writeString(never, Files.readString(slo).replace("search", "never"));

    Cli.Run run = cli("policy", "apply", "-f", slo.toString(), bad.toString(), "--file", never.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).isEqualTo(slo + ": ErrorBudgetPolicy search-policy created\n");
    assertThat(run.err()).contains(bad + ":10:").contains("explode");
    List<String> names = new ArrayList<>();
    ApiClient.JSON.readTree(cli("policy", "list", "-o", "json").out()).path("policies")
        .forEach(p -> names.add(p.path("name").asString()));
    assertThat(names).containsExactly("search-policy");
  }

  @Test
  void apply_withoutTheToken_isRefused_exits1_withTheHint() {
    Cli.Run run = Cli.run(Map.of("GOVERNOR_SERVER", server.baseUri().toString()), "", "policy", "apply", "-f",
        EXAMPLE.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("GOVERNOR_TOKEN");
    assertThat(cli("policy", "list").out()).startsWith("no policies yet");
  }

  @Test
  void apply_withoutAFile_isAUsageError_exits2() {
    Cli.Run run = cli("policy", "apply");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--file");
  }
}

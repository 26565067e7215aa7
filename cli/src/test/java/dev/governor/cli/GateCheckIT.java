package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.server.GovernorServer;
import dev.governor.server.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code governor gate check} against a real server in this JVM on a random port, with a clock the
 * test moves: the gate blocks while the checkout SLO is out of budget and lets the deploy through
 * once the bad minutes have left its 28-day window.
 */
class GateCheckIT {

  /** A Wednesday, so the example policy's weekend freeze does not apply. */
  static final Instant START = Instant.parse("2026-03-04T10:00:00Z");

  final AtomicReference<Instant> now = new AtomicReference<>(START);
  final InstantSource clock = now::get;
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theGate_blocksWhileTheSloIsOutOfBudget_andAllowsAfterItRecovers(@TempDir Path dataDir) throws Exception {
    Path examples = Repository.root().resolve("examples");
    // The burn below opens a page incident as it is ingested, and an open page freezes the
    // service's deploys; this test is about the budget policy, so the freeze is off.
    try (GovernorServer server = GovernorServer.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of(
        "server.bind", "127.0.0.1", "server.port", "0", "incidents.freezeDeploysFrom", "off",
        "storage.dataDir", dataDir.toString(), "storage.jdbcUrl", "")), clock)) {
      URI base = server.baseUri();
      Cli.Run applied = Cli.run(Map.of("GOVERNOR_SERVER", base.toString()), "", "slo", "apply",
          examples.resolve("checkout.yaml").toString());
      assertThat(applied.exit()).as(applied.toString()).isZero();
      assertThat(post(base, "/api/v1/policies", "application/yaml",
          Files.readString(examples.resolve("policies/checkout-policy.yaml"))).statusCode()).isEqualTo(200);

      // 1 % errors against a 0.1 % budget: the budget is overspent ten times.
      assertThat(post(base, "/api/v1/events", "application/json",
          "{\"events\": [{\"sli\": \"checkout-availability\", \"good\": 990, \"total\": 1000}]}").statusCode())
          .isEqualTo(200);
      Cli.Run blocked = gate(base);
      assertThat(blocked.exit()).as(blocked.toString()).isEqualTo(1);
      assertThat(blocked.out()).startsWith("BLOCK: deploy of checkout to production is blocked")
          .contains("SLO checkout-availability (objective ")
          .contains("[policy checkout-policy, rule budget-exhausted]");

      // A preview gives the same answer and records nothing.
      int audited = auditEntries(base);
      Cli.Run preview = Cli.run(Map.of("GOVERNOR_SERVER", base.toString()), "", "gate", "check",
          "--service", "checkout", "--environment", "production", "--preview");
      assertThat(preview.exit()).as(preview.toString()).isEqualTo(1);
      assertThat(preview.out()).startsWith("PREVIEW BLOCK: deploy of checkout to production is blocked");
      assertThat(auditEntries(base)).isEqualTo(audited);

      // A hotfix with a reason goes out over the block, and is recorded as an override.
      Cli.Run hotfix = Cli.run(Map.of("GOVERNOR_SERVER", base.toString()), "", "gate", "check",
          "--service", "checkout", "--environment", "production", "--hotfix", "--reason", "fixes the 500s",
          "--actor", "alice");
      assertThat(hotfix.exit()).as(hotfix.toString()).isZero();
      assertThat(hotfix.out()).contains("override: hotfix - fixes the 500s");

      // Without its policy, checkout is judged by the server's default policy: still blocked.
      assertThat(http.send(HttpRequest.newBuilder(base.resolve("/api/v1/policies/checkout-policy")).DELETE().build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
      Cli.Run byDefault = gate(base);
      assertThat(byDefault.exit()).as(byDefault.toString()).isEqualTo(1);
      assertThat(byDefault.out()).startsWith("BLOCK: deploy of checkout to production is blocked\n  judged by policy default\n")
          .contains("[policy default, rule budget-exhausted]");

      // 29 days on (a Friday) the bad minute has left the 28-day window; the traffic since is clean.
      now.set(START.plus(Duration.ofDays(29)));
      assertThat(post(base, "/api/v1/events", "application/json",
          "{\"events\": [{\"sli\": \"checkout-availability\", \"good\": 1000, \"total\": 1000}]}").statusCode())
          .isEqualTo(200);
      Cli.Run allowed = gate(base);
      assertThat(allowed.exit()).as(allowed.toString()).isZero();
      assertThat(allowed.out()).startsWith("ALLOW: deploy of checkout to production may go out")
          .contains("no rule of policy default applies to the error budgets of checkout");

      String audit = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/audit?subject=checkout")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(audit).contains("\"action\":\"gate.override\"").contains("\"reason\":\"fixes the 500s\"")
          .contains("\"outcome\":\"block\"").contains("\"outcome\":\"allow\"");
    }
  }

  int auditEntries(URI base) throws Exception {
    String audit = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/audit?subject=checkout")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return ApiClient.JSON.readTree(audit).path("entries").size();
  }

  Cli.Run gate(URI base) {
    return Cli.run(Map.of("GOVERNOR_SERVER", base.toString()), "", "gate", "check",
        "--service", "checkout", "--environment", "production", "--version", "v2");
  }

  HttpResponse<String> post(URI base, String path, String type, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}

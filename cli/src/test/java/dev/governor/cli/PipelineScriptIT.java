package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.server.GovernorServer;
import dev.governor.server.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The pipeline step that examples/pipelines/ (GitHub Actions, GitLab CI, Jenkins) run, run as they
 * run it: {@code sh examples/pipelines/deploy-step.sh -- DEPLOY_COMMAND} in a subprocess, calling
 * the real governor jar ({@code cli/target/governor.jar}) against a real server with a token. The
 * server's clock is the test's, so the checkout SLO's budget can be spent and then leave the window.
 */
class PipelineScriptIT {

  static final String TOKEN = "pipeline-token";
  /** A Wednesday, so the example policy's weekend freeze does not apply. */
  static final Instant START = Instant.parse("2026-03-04T10:00:00Z");

  final AtomicReference<Instant> now = new AtomicReference<>(START);
  final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;
  GovernorServer server;
  URI base;

  record Step(int exit, String output, boolean deployed) {}

  @BeforeEach
  void start() {
    InstantSource clock = now::get;
    server = GovernorServer.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of(
        "server.bind", "127.0.0.1", "server.port", "0", "storage.dataDir", dir.resolve("data").toString(),
        "storage.jdbcUrl", "", "auth.tokens", TOKEN)), clock);
    base = server.baseUri();
    Path examples = Repository.root().resolve("examples");
    Map<String, String> env = Map.of("GOVERNOR_SERVER", base.toString(), "GOVERNOR_TOKEN", TOKEN);
    assertThat(Cli.run(env, "", "slo", "apply", examples.resolve("checkout.yaml").toString()).exit()).isZero();
    assertThat(Cli.run(env, "", "policy", "apply", "-f", examples.resolve("policies").toString()).exit()).isZero();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Runs the step with the environment a pipeline gives it; the deploy command touches a marker. */
  Step step(Map<String, String> extra, String deployCommand) throws Exception {
    Path script = Repository.root().resolve("examples/pipelines/deploy-step.sh");
    Path jar = Repository.root().resolve("cli/target/governor.jar");
    assertThat(jar).as("the runnable jar, built in the package phase").isRegularFile();
    Path marker = dir.resolve("deployed-" + System.nanoTime());
    ProcessBuilder pb = new ProcessBuilder("sh", script.toString(), "--", "sh", "-c", deployCommand)
        .directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("GOVERNOR_") || k.startsWith("HOTFIX") || k.equals("JAVA_HOME"));
    env.put("JAVA", ProcessHandle.current().info().command().orElseThrow());
    env.put("GOVERNOR_JAR", jar.toString());
    env.put("GOVERNOR_SERVER", base.toString());
    env.put("GOVERNOR_TOKEN", TOKEN);
    env.put("SERVICE", "checkout");
    env.put("ENVIRONMENT", "production");
    env.put("COMMIT", "3f2a9c1");
    env.put("MARKER", marker.toString());
    env.putAll(extra);
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("deploy-step.sh did not finish");
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Step(p.exitValue(), output, Files.exists(marker));
  }

  Step deploy(String id, String version, String... more) throws Exception {
    Map<String, String> extra = new HashMap<>(Map.of("DEPLOY_ID", id, "VERSION", version, "ACTOR", "ci",
        "LINK", "https://ci.example.com/runs/" + id));
    for (int i = 0; i < more.length; i += 2) extra.put(more[i], more[i + 1]);
    return step(extra, "echo deploying $VERSION > \"$MARKER\"");
  }

  void events(long good, long total) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/events"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString("{\"events\": [{\"sli\": \"checkout-availability\", \"good\": "
            + good + ", \"total\": " + total + "}]}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode deployment(String id) throws Exception {
    return ApiClient.JSON.readTree(get("/api/v1/deployments/" + id).body());
  }

  @Test
  void theStep_deploysAndRecords_isBlockedWhileTheSloIsOutOfBudget_andGoesOutOnceItRecovers() throws Exception {
    events(1000, 1000);

    Step first = deploy("run-1", "1.4.1");
    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(first.deployed()).isTrue();
    assertThat(first.output()).contains("ALLOW: deploy of checkout to production may go out",
        "recorded deployment run-1");
    JsonNode recorded = deployment("run-1");
    assertThat(recorded.path("outcome").asString()).isEqualTo("succeeded");
    assertThat(recorded.path("version").asString()).isEqualTo("1.4.1");
    assertThat(recorded.path("commit").asString()).isEqualTo("3f2a9c1");
    assertThat(recorded.at("/links/link").asString()).isEqualTo("https://ci.example.com/runs/run-1");

    // 1 % errors against the 99.9 % objective: the budget is spent ten times over.
    events(990, 1000);
    Step blocked = deploy("run-2", "1.4.2");
    assertThat(blocked.exit()).as(blocked.output()).isEqualTo(1);
    assertThat(blocked.deployed()).as("the deploy command must not run").isFalse();
    assertThat(blocked.output()).contains("BLOCK: deploy of checkout to production is blocked",
        "judged by policy checkout-policy", "[policy checkout-policy, rule budget-exhausted]", "nothing was deployed");
    assertThat(get("/api/v1/deployments/run-2").statusCode()).isEqualTo(404);

    // A hotfix with a reason goes out over the block; the override and its reason are audited.
    Step hotfix = deploy("run-3", "1.4.3", "HOTFIX_REASON", "fixes the 500s of INC-42");
    assertThat(hotfix.exit()).as(hotfix.output()).isZero();
    assertThat(hotfix.deployed()).isTrue();
    assertThat(hotfix.output()).contains("override: hotfix - fixes the 500s of INC-42");
    assertThat(deployment("run-3").at("/labels/hotfix").asString()).isEqualTo("true");
    JsonNode audit = ApiClient.JSON.readTree(get("/api/v1/audit?subject=checkout").body()).path("entries");
    assertThat(audit.get(0).path("action").asString()).isEqualTo("gate.override");
    assertThat(audit.get(0).path("reason").asString()).isEqualTo("fixes the 500s of INC-42");
    assertThat(audit.get(0).path("actor").asString()).isEqualTo("ci");
    assertThat(audit.get(1).path("outcome").asString()).isEqualTo("warn");
    assertThat(audit.get(2).path("outcome").asString()).isEqualTo("block");

    // 29 days on (a Friday) the bad minute has left the 28-day window and the traffic since is clean.
    now.set(START.plus(Duration.ofDays(29)));
    events(1000, 1000);
    Step recovered = deploy("run-4", "1.4.4");
    assertThat(recovered.exit()).as(recovered.output()).isZero();
    assertThat(recovered.deployed()).isTrue();
    assertThat(deployment("run-4").path("outcome").asString()).isEqualTo("succeeded");

    // Run again (a retried pipeline step): deployed again, recorded once.
    Step retried = deploy("run-4", "1.4.4");
    assertThat(retried.exit()).as(retried.output()).isZero();
    assertThat(retried.output()).contains("already recorded deployment run-4");
    JsonNode all = ApiClient.JSON.readTree(get("/api/v1/deployments?service=checkout").body()).path("deployments");
    assertThat(all.findValuesAsString("id")).containsExactlyInAnyOrder("run-1", "run-3", "run-4");
  }

  @Test
  void aFailingDeployCommand_isRecordedAsFailed_andTheStepFailsWithItsStatus() throws Exception {
    events(1000, 1000);

    Step failed = step(Map.of("DEPLOY_ID", "run-9", "VERSION", "2.0.0"), "exit 3");

    assertThat(failed.exit()).as(failed.output()).isEqualTo(3);
    assertThat(failed.output()).contains("recorded as failed");
    assertThat(deployment("run-9").path("outcome").asString()).isEqualTo("failed");
  }

  @Test
  void withoutAnAnswerFromGovernor_nothingIsDeployed_exit2() throws Exception {
    Step unreachable = step(Map.of("VERSION", "2.0.1", "GOVERNOR_SERVER", "http://127.0.0.1:9"),
        "echo deploying > \"$MARKER\"");

    assertThat(unreachable.exit()).as(unreachable.output()).isEqualTo(2);
    assertThat(unreachable.deployed()).isFalse();
    assertThat(unreachable.output()).contains("cannot reach Governor", "nothing was deployed");
  }

  @Test
  void aMissingVariable_isAUsageError_exit2() throws Exception {
    Step missing = step(Map.of(), "true");

    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.output()).contains("set VERSION");
  }
}

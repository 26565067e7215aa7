package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class GovernorCommandTest {

  @Test
  void version_printsTheProjectVersion_exits0() {
    Cli.Run run = Cli.run("--version");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).startsWith("governor ").doesNotContain("${project.version}");
  }

  @Test
  void anUnknownOption_isAUsageError_exits2() {
    Cli.Run run = Cli.run("slo", "status", "--no-such-option");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--no-such-option");
  }

  @Test
  void aGroupWithoutItsSubcommand_isAUsageError_exits2() {
    Cli.Run run = Cli.run("slo");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("validate").contains("apply");
  }

  @Test
  void aMissingFileArgument_isAUsageError_exits2() {
    assertThat(Cli.run("slo", "apply").exit()).isEqualTo(2);
  }

  @Test
  void anUnknownOutputFormat_isAUsageError_exits2() {
    assertThat(Cli.run("slo", "list", "--output", "xml").exit()).isEqualTo(2);
  }

  @Test
  void aServerThatIsNotAUrl_isAUsageError_exits2() {
    Cli.Run run = Cli.run("slo", "list", "--server", "localhost:8080");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--server must be an http(s) URL");
  }

  @Test
  void anUnreachableServer_exits2_andSaysHowToPointAtOne() throws IOException {
    int closedPort = closedPort();
    Cli.Run run = Cli.run("slo", "list", "--server", "http://127.0.0.1:" + closedPort);

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err())
        .contains("cannot reach Governor at http://127.0.0.1:" + closedPort)
        .contains("GOVERNOR_SERVER")
        .doesNotContain("Exception");
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a serve that starts would block
  void serve_withAnUnreachableDatabase_exits2_namingTheUrlWithoutItsPassword() throws IOException {
    int closedPort = closedPort();
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/governor?user=governor&password=hunter2";

    Cli.Run run = Cli.run("serve", "--port", "0", "--db", url);

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err())
        .contains("cannot open the database jdbc:postgresql://127.0.0.1:" + closedPort
            + "/governor?user=governor&password=***")
        .contains("GOVERNOR_JDBC_URL")
        .doesNotContain("hunter2")
        .doesNotContain("unexpected error")
        .doesNotContain("\tat ");
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void serve_withADataDirThatIsAFile_exits2_namingIt(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-directory"), "");

    Cli.Run run = Cli.run("serve", "--port", "0", "--data-dir", file.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains(file.toString()).doesNotContain("unexpected error");
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a serve that starts would block
  void serve_onAllInterfacesWithoutTokens_exits2_sayingHowToFixIt(@TempDir Path dir) {
    Cli.Run run = Cli.run("serve", "--port", "0", "--bind", "0.0.0.0", "--data-dir", dir.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("0.0.0.0").contains("GOVERNOR_AUTH_TOKENS").contains("--bind 127.0.0.1")
        .contains("--insecure-open").doesNotContain("unexpected error").doesNotContain("\tat ");
  }

  @Test
  void serve_insecureOpen_isTheFlagOfServerInsecureOpen() {
    picocli.CommandLine cl = new picocli.CommandLine(new ServeCommand());
    cl.parseArgs("--bind", "0.0.0.0", "--insecure-open");

    assertThat(((ServeCommand) cl.getCommand()).load(Map.of()).insecureOpen()).isTrue();
  }

  /** Tokens on a command line are visible to every user of the machine (ps). */
  @Test
  void serve_hasNoTokenFlag() {
    Cli.Run run = Cli.run("serve", "--token", "s3cret");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option").contains("--token");
  }

  @Test
  void theServer_defaultsToGovernorServerFromTheEnvironment() {
    try (FakeGovernor fake = new FakeGovernor().answer("GET /api/v1/slos", 200, "{\"slos\":[]}")) {
      Cli.Run run = Cli.run(Map.of("GOVERNOR_SERVER", fake.url()), "", "slo", "list");

      assertThat(run.exit()).as(run.toString()).isZero();
      assertThat(fake.requests).hasSize(1);
    }
  }

  @Test
  void aMissingFile_exits2_withItsPath() {
    Cli.Run run = Cli.run("slo", "validate", "no/such/file.yaml");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("no such file").contains("file.yaml");
  }

  @Test
  void validate_refusesAPulledQueryTheServerWouldRefuse_andWarnsOfADefaultWindow(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws IOException {
    String pull = java.nio.file.Files.readString(Repository.root().resolve("examples/prometheus-pull.yaml"))
        .replace("sum(increase(http_requests_total{job=\"api\"}[{{.window}}]))", "sum(http_requests_total)");
    java.nio.file.Files.writeString(dir.resolve("pull.yaml"), pull);
    String noWindow = java.nio.file.Files.readString(Repository.root().resolve("examples/checkout.yaml"))
        .replaceAll("(?m)^  timeWindow:\\n(    .*\\n)+", "");
    assertThat(noWindow).doesNotContain("timeWindow");
    java.nio.file.Files.writeString(dir.resolve("nowindow.yaml"), noWindow);

    Cli.Run refused = Cli.run("slo", "validate", dir.resolve("pull.yaml").toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out()).contains("the total query 'sum(http_requests_total)' covers a fixed range");

    // A secret from the server's environment is the server's to check, not an offline validate's.
    java.nio.file.Files.writeString(dir.resolve("secret.yaml"), java.nio.file.Files.readString(
        Repository.root().resolve("examples/prometheus-pull.yaml")).replace("    timeout: 30s\n",
        "    timeout: 30s\n    token: ${GOVERNOR_TEST_NO_SUCH_VARIABLE}\n"));
    Cli.Run secret = Cli.run("slo", "validate", dir.resolve("secret.yaml").toString());
    assertThat(secret.exit()).as(secret.out()).isZero();

    Cli.Run warned = Cli.run("slo", "validate", dir.resolve("nowindow.yaml").toString());
    assertThat(warned.exit()).as(warned.out() + warned.err()).isZero();
    assertThat(warned.err()).contains("warning: no timeWindow").contains("28 days, rolling");
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

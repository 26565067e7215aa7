package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Cli.Run run = Cli.run("slo", "list", "--server", "http://127.0.0.1:" + closedPort);

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err())
        .contains("cannot reach Governor at http://127.0.0.1:" + closedPort)
        .contains("GOVERNOR_SERVER")
        .doesNotContain("Exception");
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
}

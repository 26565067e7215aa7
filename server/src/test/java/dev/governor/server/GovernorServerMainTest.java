package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.server.config.ConfigException;
import dev.governor.server.config.ServerConfig;
import dev.governor.storage.jdbc.Database;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flags of the process that tests start and kill; tokens never travel on a command line. And
 * what start-up refuses: an open server (no tokens) anywhere but on loopback, unless asked for.
 */
class GovernorServerMainTest {

  @TempDir Path dataDir;

  @Test
  void aTokenFlag_isRefused_withoutEchoingTheToken_andSaysWhereTokensGo() {
    for (String[] args : new String[][] {{"--token", "s3cret"}, {"--port", "0", "--token=s3cret"}}) {
      assertThatThrownBy(() -> GovernorServer.load(args, Map.of()))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("GOVERNOR_AUTH_TOKENS")
          .hasMessageContaining("auth.tokens")
          .hasMessageNotContaining("s3cret");
    }
  }

  @Test
  void tokens_comeFromTheEnvironment() {
    assertThat(GovernorServer.load(new String[] {"--port", "0"}, Map.of("GOVERNOR_AUTH_TOKENS", "a,b"))
        .authTokens()).containsExactly("a", "b");
  }

  @Test
  void anOpenServer_beyondLoopback_isRefused_sayingHowToFixIt_andOpensNothing() {
    for (String bind : new String[] {"0.0.0.0", "::", "192.0.2.10", "governor.internal"}) {
      assertThatThrownBy(() -> GovernorServer.start(load("--bind", bind)))
          .as(bind)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(bind)
          .hasMessageContaining("auth.tokens")
          .hasMessageContaining("--bind 127.0.0.1")
          .hasMessageContaining("--insecure-open")
          .hasMessageContaining("GOVERNOR_INSECURE_OPEN");
    }
    assertThat(dataDir.resolve(Database.SQLITE_FILE)).as("the database was not even opened").doesNotExist();
  }

  @Test
  void anOpenServer_onLoopback_starts() {
    for (String bind : new String[] {"127.0.0.1", "localhost", "::1", "127.0.0.2"}) {
      try (GovernorServer server = GovernorServer.start(load("--bind", bind))) {
        assertThat(server.port()).as(bind).isPositive();
      }
    }
  }

  @Test
  void insecureOpen_letsAnOpenServerListenOnAllInterfaces_andTheLogNamesTheAddressBound() {
    ServerConfig config = load("--bind", "0.0.0.0", "--insecure-open");
    assertThat(config.insecureOpen()).isTrue();
    String log = stderrOf(() -> {
      try (GovernorServer server = GovernorServer.start(config)) {
        assertThat(server.listening()).isEqualTo("0.0.0.0:" + server.port() + " (all interfaces)");
      }
    });
    assertThat(log).containsPattern("open \\(no auth.tokens\\) on 0\\.0\\.0\\.0:\\d+ \\(all interfaces\\)")
        .doesNotContain("127.0.0.1");
  }

  @Test
  void tokens_letTheServerListenOnAllInterfaces() {
    ServerConfig config = ServerConfig.load(Optional.empty(), Map.of("GOVERNOR_AUTH_TOKENS", "t0ken"),
        Map.of("server.bind", "0.0.0.0", "server.port", "0", "storage.dataDir", dataDir.toString()));
    try (GovernorServer server = GovernorServer.start(config)) {
      assertThat(server.listening()).startsWith("0.0.0.0:" + server.port());
    }
  }

  @Test
  void theInsecureOpenKey_comesFromTheEnvironmentToo_andDefaultsToFalse() {
    assertThat(GovernorServer.load(new String[0], Map.of("GOVERNOR_INSECURE_OPEN", "true")).insecureOpen()).isTrue();
    assertThat(GovernorServer.load(new String[0], Map.of()).insecureOpen()).isFalse();
  }

  private ServerConfig load(String... flags) {
    String[] args = new String[flags.length + 4];
    System.arraycopy(flags, 0, args, 0, flags.length);
    args[flags.length] = "--port";
    args[flags.length + 1] = "0";
    args[flags.length + 2] = "--data-dir";
    args[flags.length + 3] = dataDir.toString();
    return GovernorServer.load(args, Map.of());
  }

  /** What slf4j-simple (which writes to the System.err of the moment) logged while {@code run} ran. */
  private static String stderrOf(Runnable run) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      run.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}

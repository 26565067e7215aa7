package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.server.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The flags of the process that tests start and kill; tokens never travel on a command line. */
class GovernorServerMainTest {

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
}

package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.server.config.ServerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code serve}'s flags for the deploy gate's default policy override the environment. */
class ServeDefaultPolicyFlagsTest {

  static ServerConfig load(Map<String, String> env, String... args) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(args);
    return serve.load(env);
  }

  @Test
  void theFlagsTurnTheDefaultPolicyOff_orNarrowIt_overTheEnvironment() {
    ServerConfig off = load(Map.of("GOVERNOR_GATES_DEFAULT_POLICY", "true"), "--default-policy", "false");
    ServerConfig narrowed = load(Map.of(), "--default-policy-environments", "production");

    assertThat(off.defaultPolicy().enabled()).isFalse();
    assertThat(narrowed.defaultPolicy().enabled()).isTrue();
    assertThat(narrowed.defaultPolicy().environments()).containsExactly("production");
  }
}

package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The ./governor script as a user runs it, on a machine like Debian 12: no JAVA_HOME and Java 17 as
 * the first java on PATH. The script must find a JDK 21+ on its own.
 */
class LauncherIT {

  static final Path JAVA_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

  record Result(int exit, String output) {}

  static Result launch(Path workingDir, Map<String, String> extraEnv, String... args)
      throws IOException, InterruptedException {
    Path repo = Repository.root();
    List<String> command = new java.util.ArrayList<>(List.of(repo.resolve("governor").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.remove("JAVA_HOME");
    if (Files.isDirectory(JAVA_17)) {
      env.put("PATH", JAVA_17.resolve("bin") + File.pathSeparator + env.getOrDefault("PATH", "/usr/bin:/bin"));
    }
    env.putAll(extraEnv);
    Process p = pb.start();
    // Minutes, not seconds: when the sources are newer than the jar the script rebuilds it first.
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("./governor " + String.join(" ", args) + " did not finish");
    }
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void version_runsOnAJdk21OrNewer_withoutJavaHome_andJava17First() throws Exception {
    Result r = launch(Repository.root(), Map.of(), "--version");

    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("governor ");
    int major = Integer.parseInt(r.output().replaceAll("(?s).*\\nJava (\\d+).*", "$1"));
    assertThat(major).isGreaterThanOrEqualTo(21);
  }

  @Test
  void validate_resolvesRelativePathsAgainstTheCallersDirectory() throws Exception {
    Result r = launch(Repository.root().resolve("examples"), Map.of(), "slo", "validate", "checkout.yaml");

    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("valid:");
  }

  @Test
  void aJavaHomeOlderThan21_isPassedOverForANewerJdk() throws Exception {
    Result r = launch(Repository.root(), Map.of("JAVA_HOME", JAVA_17.toString()), "--version");

    assertThat(r.exit()).as(r.output()).isZero();
  }

  @Test
  void anInvalidFile_exits1_throughTheScript(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), "apiVersion: openslo/v1\nkind: Nonsense\n");

    Result r = launch(dir, Map.of(), "slo", "validate", "bad.yaml");

    assertThat(r.exit()).as(r.output()).isEqualTo(1);
    assertThat(r.output()).contains("bad.yaml:");
  }
}

package dev.governor.prometheus.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.slo.Catalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated rules against the real {@code promtool} (Debian package {@code prometheus}):
 * every golden rule file passes {@code promtool check rules}, and {@code promtool test rules} runs
 * {@code promtool/burn-test.yaml}, in which counters burn the budget at 20x and the page alert must
 * fire at the minute the arithmetic says. Without promtool the tests are skipped, and fail under CI
 * ({@code CI=true}), where .ci/run installs it.
 */
class PromtoolIT {

  private static Path promtool;

  @BeforeAll
  static void findPromtool() {
    Optional<Path> found = Stream.concat(
            Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(java.io.File.pathSeparator)),
            Stream.of("/usr/bin"))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, "promtool"))
        .filter(Files::isExecutable)
        .findFirst();
    String reason = "promtool is not installed (apt-get install prometheus puts it in /usr/bin)";
    if (found.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(reason + "; CI must run these tests, see .ci/run");
    }
    Assumptions.assumeTrue(found.isPresent(), reason + ": skipping the promtool tests");
    promtool = found.get();
  }

  static Stream<Path> ruleFiles() {
    return Golden.ruleFiles().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleFiles")
  void promtoolAcceptsEveryGoldenRuleFile(Path rules) throws Exception {
    Result r = run(Golden.DIR, "check", "rules", rules.toAbsolutePath().toString());
    assertThat(r.exitCode()).as("promtool check rules %s:%n%s", rules, r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS");
  }

  @Test
  void thePageAlertFiresWhenTheBudgetBurnsAt20x(@TempDir Path dir) throws Exception {
    burnTest(dir, "checkout.yaml", "burn-test.yaml");
  }

  @Test
  void aGroupedSloAlertsForTheBurningEndpointAlone(@TempDir Path dir) throws Exception {
    burnTest(dir, "grouped.yaml", "grouped-burn-test.yaml");
  }

  private void burnTest(Path dir, String slos, String test) throws Exception {
    Path resources = Path.of("src/test/resources/promtool");
    Catalog catalog = Golden.catalog(slos, Golden.read(resources.resolve(slos)));
    List<RuleGroup> groups = new ArrayList<>();
    for (Export e : RulesGenerator.ofThisBuild().export(catalog.slos())) {
      groups.addAll(((Export.Exported) e).groups());
    }
    Files.writeString(dir.resolve("rules.yaml"), RuleFile.write(groups), StandardCharsets.UTF_8);
    Files.copy(resources.resolve(test), dir.resolve(test));

    Result check = run(dir, "check", "rules", "rules.yaml");
    assertThat(check.exitCode()).as("promtool check rules:%n%s", check.output()).isZero();
    Result tested = run(dir, "test", "rules", test);
    assertThat(tested.exitCode()).as("promtool test rules:%n%s", tested.output()).isZero();
    assertThat(tested.output()).contains("SUCCESS");
  }

  private record Result(int exitCode, String output) {}

  private static Result run(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("promtool " + String.join(" ", args) + " did not finish in 60 s:\n" + output);
    }
    return new Result(p.exitValue(), output);
  }
}

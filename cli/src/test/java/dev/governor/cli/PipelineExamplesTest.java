package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pipeline examples are thin: each runs examples/pipelines/deploy-step.sh, which
 * {@link PipelineScriptIT} runs against a real server. What is left to check here is that each
 * example calls it and gives it every variable it requires.
 */
class PipelineExamplesTest {

  static final Path PIPELINES = Repository.root().resolve("examples/pipelines");

  static List<String> requiredVariables() throws IOException {
    Matcher m = Pattern.compile("(?m)^required=\"([A-Z_ ]+)\"$").matcher(Files.readString(PIPELINES.resolve("deploy-step.sh")));
    assertThat(m.find()).as("deploy-step.sh declares required=\"...\"").isTrue();
    return Arrays.asList(m.group(1).split(" "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"github-actions.yml", "gitlab-ci.yml", "Jenkinsfile"})
  void anExample_runsTheDeployStep_withEveryVariableItRequires(String example) throws IOException {
    String text = Files.readString(PIPELINES.resolve(example));

    assertThat(text).contains("sh ci/deploy-step.sh -- ./deploy.sh production");
    assertThat(requiredVariables()).isNotEmpty();
    for (String variable : requiredVariables()) {
      // YAML "NAME: value", Groovy "NAME = 'value'", shell "NAME=value"
      assertThat(text).as("%s sets %s", example, variable).containsPattern("\\b" + variable + "(: | = |=)\\S");
    }
    // GitLab puts CI/CD variables in the job's environment as they are named: naming it is enough.
    assertThat(text).as("%s passes the token", example).contains("GOVERNOR_TOKEN");
  }
}

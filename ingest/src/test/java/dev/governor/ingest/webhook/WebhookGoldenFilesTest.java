package dev.governor.ingest.webhook;

import dev.governor.delivery.Deployment;
import dev.governor.delivery.PushedCommit;
import dev.governor.ingest.alerting.PayloadProblem;
import dev.governor.ingest.testing.Golden;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each {@code webhooks/in-*.json} decodes to what its {@code out-*.txt} says: the records of a good
 * payload, every problem of a bad one (see the README there for where each payload comes from).
 * {@code in-github-<event>[-variant].json} is a GitHub delivery of that event;
 * {@code in-gitlab-*.json} a GitLab one.
 */
class WebhookGoldenFilesTest {

  static final Path DIR = Path.of("src/test/resources/webhooks");

  static Stream<Path> inputs() {
    return Golden.inputs(DIR, "in-*.json").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void eachPayloadDecodesToItsGoldenRecordsOrProblems(Path input) {
    byte[] json = Golden.read(input).getBytes(StandardCharsets.UTF_8);
    String name = input.getFileName().toString();
    DecodedDelivery decoded = name.startsWith("in-github-")
        ? GitHubWebhookDecoder.decode(name.substring("in-github-".length()).split("[-.]")[0], json)
        : GitLabWebhookDecoder.decode(json);
    Golden.check(DIR, input, render(decoded));
  }

  static String render(DecodedDelivery decoded) {
    StringBuilder out = new StringBuilder();
    for (PayloadProblem p : decoded.problems()) {
      out.append("problem at ").append(p.field()).append(": ").append(p.message()).append('\n');
    }
    decoded.content().ifPresent(c -> {
      for (PushedCommit commit : c.commits()) {
        out.append("commit ").append(commit.sha()).append(" on ").append(commit.ref())
            .append(", parent ").append(commit.parentSha().orElse("(none)"))
            .append(", authored ").append(commit.authoredAt()).append(", committed ").append(commit.committedAt())
            .append('\n');
      }
      c.pullRequest().ifPresent(pr -> out.append("pull request #").append(pr.number()).append(" merged as ")
          .append(pr.mergeCommitSha()).append(", opened ").append(pr.openedAt()).append(", merged ")
          .append(pr.mergedAt()).append(", head ").append(pr.headRef()).append(" at ")
          .append(pr.headSha().orElse("(none)")).append('\n'));
      for (Deployment d : c.deployments()) {
        out.append("deployment ").append(d.id()).append('\n')
            .append("  service: ").append(d.service()).append(", environment: ").append(d.environment()).append('\n')
            .append("  version: ").append(d.version()).append(", commit: ").append(d.commitSha()).append('\n')
            .append("  outcome: ").append(d.outcome().wireName()).append(", started ").append(d.startedAt())
            .append(", finished ").append(d.finishedAt().map(Object::toString).orElse("(not yet)")).append('\n')
            .append("  trigger: ").append(d.trigger()).append('\n')
            .append("  links: ").append(new TreeMap<>(d.links())).append('\n');
        if (!d.changes().isEmpty() || !d.labels().isEmpty()) out.append("  changes or labels: unexpected\n");
      }
      for (String note : c.notes()) out.append("note: ").append(note).append('\n');
    });
    return out.toString();
  }
}

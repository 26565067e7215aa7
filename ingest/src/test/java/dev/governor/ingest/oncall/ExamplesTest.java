package dev.governor.ingest.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.ingest.testing.Golden;
import dev.governor.oncall.EscalationPolicy;
import dev.governor.oncall.OnCallKind;
import dev.governor.oncall.OnCallSnapshot;
import dev.governor.oncall.Schedule;
import dev.governor.oncall.UserName;
import dev.governor.slo.ServiceName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What examples/oncall promises: every file applies unchanged, in name order, on a fresh server. */
class ExamplesTest {

  private static final Path EXAMPLES = Path.of("../examples/oncall");

  @Test
  void everyExampleFile_appliesInNameOrder_andTheDemoTeamIsThere() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(EXAMPLES)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(3);
    List<OnCallReader.Document> applied = new ArrayList<>();
    for (Path file : files) {
      OnCallReader.Parsed parsed = OnCallReader.parse(file.getFileName().toString(), Golden.read(file),
          OnCallReader.Secrets.fromEnvironment(Map.of()));
      assertThat(parsed.problems()).as(file.toString()).isEmpty();
      assertThat(parsed.documents()).as(file.toString()).isNotEmpty();
      OnCallSnapshot before = OnCallSnapshot.of(applied.stream().map(OnCallReader.Document::resource).toList());
      assertThat(OnCallReader.check(parsed.documents(), before)).as(file.toString()).isEmpty();
      applied.addAll(parsed.documents());
    }
    OnCallSnapshot team = OnCallSnapshot.of(applied.stream().map(OnCallReader.Document::resource).toList());

    assertThat(team.users().keySet()).extracting(UserName::value).containsExactly("alice", "bob", "carol");
    assertThat(applied).filteredOn(d -> d.kind() == OnCallKind.USER).allSatisfy(d -> assertThat(d.source()).contains("127.0.0.1:9099"));
    Schedule primary = team.schedules().values().iterator().next();
    assertThat(primary.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(primary.layers().getFirst().handoffTime()).isEqualTo(LocalTime.of(9, 0));
    assertThat(primary.overrides()).hasSize(1);
    // alice's week from Monday 2 March, and carol on call on the Tuesday by the override.
    assertThat(primary.onCallAt(Instant.parse("2026-03-02T12:00:00Z"))).contains(UserName.of("alice"));
    assertThat(primary.onCallAt(Instant.parse("2026-03-03T12:00:00Z"))).contains(UserName.of("carol"));
    assertThat(primary.onCallAt(Instant.parse("2026-03-04T12:00:00Z"))).contains(UserName.of("alice"));
    assertThat(primary.onCallAt(Instant.parse("2026-03-09T12:00:00Z"))).contains(UserName.of("bob"));
    EscalationPolicy policy = team.policyFor(ServiceName.of("payments")).orElseThrow();
    assertThat(policy.levels()).hasSize(2);
    assertThat(policy.repeat()).isEqualTo(2);
  }

  @Test
  void theYamlOfDocsOncallMd_parses() throws IOException {
    String doc = Golden.read(Path.of("../docs/oncall.md"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("```yaml\n(.*?)```", java.util.regex.Pattern.DOTALL).matcher(doc);
    int blocks = 0;
    while (m.find()) {
      OnCallReader.Parsed parsed = OnCallReader.parse("docs/oncall.md", m.group(1),
          OnCallReader.Secrets.fromEnvironment(Map.of("ALICE_WEBHOOK_SECRET", "x")));
      assertThat(parsed.problems()).as(m.group(1)).isEmpty();
      assertThat(parsed.documents()).hasSize(1);
      blocks++;
    }
    assertThat(blocks).isEqualTo(3);
  }
}

package dev.governor.prometheus.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.slo.Catalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each {@code golden/in-*.yaml} gives the rule file (or the refusals) its {@code out-*} holds. */
class GoldenFilesTest {

  static Stream<Path> inputs() {
    return Golden.inputs().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void eachInputGivesItsGoldenOutput(Path input) {
    String name = input.getFileName().toString();
    Catalog catalog = Golden.catalog(name, Golden.read(input));
    assertThat(catalog.slos()).as("SLOs in %s", name).isNotEmpty();
    List<Export> exports = Golden.GENERATOR.export(catalog.slos());
    List<RuleGroup> groups = new ArrayList<>();
    List<Export.Refused> refused = new ArrayList<>();
    for (Export e : exports) {
      switch (e) {
        case Export.Exported x -> groups.addAll(x.groups());
        case Export.Refused r -> refused.add(r);
      }
    }
    if (refused.isEmpty()) {
      Golden.check(input, ".yaml", RuleFile.write(groups));
    } else {
      assertThat(groups).as("%s mixes exported and refused SLOs; keep each golden file one or the other", name).isEmpty();
      Golden.check(input, ".txt", refused.stream().map(r -> r + "\n").collect(Collectors.joining()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void noGoldenOutputIsLeftOverFromARemovedInput(Path input) {
    String out = input.getFileName().toString().replaceFirst("^in-", "out-").replaceFirst("\\.yaml$", "");
    long outputs = Stream.of(".yaml", ".txt").filter(ext -> Files.exists(Golden.DIR.resolve(out + ext))).count();
    assertThat(outputs).as("expected outputs of %s", input).isLessThanOrEqualTo(1);
  }
}

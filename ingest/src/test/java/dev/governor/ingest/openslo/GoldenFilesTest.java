package dev.governor.ingest.openslo;

import dev.governor.ingest.testing.Golden;
import dev.governor.ingest.testing.Summary;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each {@code golden/in-*.yaml} parses and resolves to what its {@code out-*.txt} says. */
class GoldenFilesTest {

  static Stream<Path> inputs() {
    return Golden.inputs("in-*.yaml").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void eachInputGivesItsGoldenOutput(Path input) {
    String name = input.getFileName().toString();
    ParsedSpecs parsed = SpecParser.parse(name, Golden.read(input));
    Golden.check(input, Summary.of(parsed, name.startsWith("in-sloth")));
  }
}

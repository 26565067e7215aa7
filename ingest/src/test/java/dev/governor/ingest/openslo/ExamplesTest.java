package dev.governor.ingest.openslo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.ingest.events.DecodedBatch;
import dev.governor.ingest.events.EventBatchDecoder;
import dev.governor.ingest.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What examples/ promises a newcomer: every file applies unchanged. */
class ExamplesTest {

  private static final Path EXAMPLES = Path.of("../examples");

  @Test
  void everyExampleSpecParsesAndResolvesWithoutProblems() throws IOException {
    List<ResourceDocument> all = new ArrayList<>();
    List<Path> specs;
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      specs = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(specs).hasSizeGreaterThanOrEqualTo(4);
    for (Path spec : specs) {
      ParsedSpecs parsed = SpecParser.parse(spec.getFileName().toString(), Golden.read(spec));
      assertThat(parsed.problems()).as(spec.toString()).isEmpty();
      assertThat(parsed.documents()).as(spec.toString()).isNotEmpty();
      assertThat(CatalogResolver.resolve(parsed.documents())).as(spec.toString())
          .isInstanceOf(Resolution.Resolved.class);
      all.addAll(parsed.documents());
    }
    // Together too: the server resolves every stored document at once.
    Resolution together = CatalogResolver.resolve(all);
    assertThat(together).isInstanceOf(Resolution.Resolved.class);
    var catalog = ((Resolution.Resolved) together).catalog();
    assertThat(catalog.indicators().keySet()).extracting(Object::toString)
        .contains("checkout-availability", "search-latency", "payments-api-availability",
            "api-requests-availability", "api-requests-latency");
  }

  @Test
  void theExampleEventsDecodeAndNameTheCheckoutSli() throws IOException {
    Instant now = Instant.parse("2031-05-06T07:08:09Z");
    DecodedBatch batch = EventBatchDecoder.decode(Files.readAllBytes(EXAMPLES.resolve("events.json")), now);
    assertThat(batch.problems()).isEmpty();
    assertThat(batch.events()).isNotEmpty()
        .allSatisfy(e -> assertThat(e.sli().value()).isEqualTo("checkout-availability"));
    // Timeless, so they apply as written on any day: a fixed time goes stale.
    assertThat(batch.events()).allSatisfy(e -> assertThat(e.time()).isEqualTo(now));
  }
}

package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.server.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** What a newcomer applies first (the repository's examples/) must work as it is. */
class ExamplesTest {

  /** Surefire runs in server/. */
  private static final Path EXAMPLES = Path.of("../examples");

  @TempDir Path dataDir;
  TestServer api;

  @BeforeEach
  void start() {
    // examples/events.json leaves time out, so its events land on this clock whatever the date;
    // any event that does carry a time must lie before it.
    api = new TestServer(dataDir, Map.of(), Instant.parse("2026-11-21T10:05:00Z"));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void everyExampleSpec_applies_andReapplyingChangesNothing() throws IOException {
    List<Path> specs = specs();
    assertThat(specs).isNotEmpty();

    for (Path spec : specs) {
      TestServer.Response applied = api.post("/api/v1/slos?file=" + spec.getFileName(), "application/yaml",
          Files.readString(spec));
      assertThat(applied.status()).as(spec + ": " + applied.body()).isEqualTo(200);
    }
    for (Path spec : specs) {
      JsonNode again = api.post("/api/v1/slos?file=" + spec.getFileName(), "application/yaml",
          Files.readString(spec)).json();
      again.get("applied").forEach(a -> assertThat(a.get("result").asString()).as(spec.toString()).isEqualTo("unchanged"));
    }
    assertThat(api.get("/api/v1/status").json().get("slos")).hasSizeGreaterThanOrEqualTo(specs.size());
  }

  @Test
  void theExampleEvents_landInTheCheckoutSlo() throws IOException {
    api.applyYaml(Files.readString(EXAMPLES.resolve("checkout.yaml")));
    String events = Files.readString(EXAMPLES.resolve("events.json"));

    TestServer.Response response = api.events(events);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    long total = 0;
    long good = 0;
    for (JsonNode event : Json.MAPPER.readTree(events).get("events")) {
      long t = event.get("total").asLong();
      total += t;
      good += event.has("good") ? event.get("good").asLong() : t - event.get("bad").asLong();
    }
    assertThat(response.json().get("accepted").asInt()).isEqualTo(Json.MAPPER.readTree(events).get("events").size());
    JsonNode objective = api.get("/api/v1/slos/checkout-availability/status").json().at("/objectives/0");
    assertThat(objective.get("total").asLong()).isEqualTo(total);
    assertThat(objective.get("good").asLong()).isEqualTo(good);
  }

  private static List<Path> specs() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
    }
  }
}

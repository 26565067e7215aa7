package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.basics.EventCounts;
import dev.governor.server.http.Json;
import dev.governor.basics.SliName;
import dev.governor.incident.AlertSeverity;
import dev.governor.incident.Incident;
import dev.governor.incident.IncidentId;
import dev.governor.incident.IncidentState;
import dev.governor.sli.BucketIncrement;
import dev.governor.sli.SeriesKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * October 2026 in Europe/Berlin (31 days and one hour: the clocks go back on the 25th), as JSON and
 * CSV, held to golden files in {@code src/test/resources/golden}. The data goes through the real
 * SQLite store: four months of counts, then retention as the server runs it, so the first weeks of
 * October are read from the hourly sums, and the 5-minute slices of those weeks are "not kept".
 * Run with {@code -Dgolden.update=true} to rewrite the files from what the code does now, then read
 * the diff.
 */
class ReportGoldenTest {

  static final Path GOLDEN = Path.of("src/test/resources/golden");
  static final Instant NOW = Instant.parse("2026-11-20T10:00:30Z");
  static final SeriesKey SERIES = SeriesKey.of(SliName.of("checkout-requests"));

  @TempDir Path dataDir;
  TestServer api;

  @BeforeEach
  void start() {
    api = new TestServer(dataDir, Map.of(), NOW);
    assertThat(api.applyYaml(TestServer.resource("report-slos.yaml")).status()).isEqualTo(200);
    history(api);
    assertThat(api.post("/api/v1/deployments", "application/json", """
        {"id":"checkout-2.4.0","service":"checkout","environment":"production","version":"2.4.0",
         "commit":"a1b2c3d","outcome":"succeeded","startedAt":"2026-10-25T00:30:00Z"}""").status()).isEqualTo(201);
    assertThat(api.post("/api/v1/deployments", "application/json", """
        {"id":"checkout-2.4.1","service":"checkout","environment":"production","version":"2.4.1",
         "commit":"d4e5f6a","outcome":"succeeded","startedAt":"2026-10-25T03:30:00Z"}""").status()).isEqualTo(201);
    api.server.database().incidents().write(tx -> {
      tx.saveIncident(new Incident(new IncidentId(7), "Checkout errors, payments, \"card declined\"", IncidentState.RESOLVED,
          AlertSeverity.CRITICAL, List.of("checkout"), List.of("checkout-availability"), Map.of(), "checkout",
          Instant.parse("2026-10-25T01:05:00Z"), Instant.parse("2026-10-25T01:05:00Z"),
          Optional.of(Instant.parse("2026-10-25T01:07:00Z")), Optional.of("ana"),
          Optional.of(Instant.parse("2026-10-25T03:40:00Z")), Optional.of("ana"), Map.of(), 0));
      return null;
    });
  }

  @AfterEach
  void stop() {
    api.close();
  }

  /**
   * July to now, 100 events every 10 minutes: 1 bad in each on every 7th day of the year, and 30
   * bad in each from 01:00 to 03:00 UTC on 25 October, the DST day; then the minutes past the
   * evaluator's retention go, as the hourly retention run deletes them.
   */
  static void history(TestServer api) {
    List<BucketIncrement> batch = new ArrayList<>();
    Instant from = Instant.parse("2026-07-01T00:00:00Z");
    Instant incident = Instant.parse("2026-10-25T01:00:00Z");
    for (Instant t = from; t.isBefore(NOW.minus(Duration.ofMinutes(1))); t = t.plus(Duration.ofMinutes(10))) {
      int dayOfYear = t.atZone(ZoneOffset.UTC).getDayOfYear();
      long bad = !t.isBefore(incident) && t.isBefore(incident.plus(Duration.ofHours(2))) ? 30 : dayOfYear % 7 == 0 ? 1 : 0;
      batch.add(new BucketIncrement(SERIES, t, EventCounts.ofBad(bad, 100)));
      if (batch.size() == 2000) {
        api.server.database().buckets().add(batch);
        batch.clear();
      }
    }
    api.server.database().buckets().add(batch);
    api.server.database().buckets().deleteBefore(
        dev.governor.basics.Minutes.floor(NOW.minus(api.server.evaluator().retention())));
  }

  @Test
  void october_inBerlin_asJson_matchesTheGoldenFile() throws IOException {
    TestServer.Response r = api.get("/api/v1/reports/slo?period=2026-10&zone=Europe/Berlin");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    String pretty = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(r.json()) + "\n";
    golden("report-2026-10-berlin.json", pretty);
  }

  @Test
  void october_inBerlin_asCsv_matchesTheGoldenFile() throws IOException {
    TestServer.Response r = api.get("/api/v1/reports/slo?period=2026-10&zone=Europe/Berlin&format=csv");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/csv");
    golden("report-2026-10-berlin.csv", r.body());
  }

  private static void golden(String name, String actual) throws IOException {
    Path expected = GOLDEN.resolve(name);
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(expected, actual, StandardCharsets.UTF_8);
    }
    assertThat(expected).as("the golden file; run once with -Dgolden.update=true to write it").exists();
    assertThat(actual).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
  }
}

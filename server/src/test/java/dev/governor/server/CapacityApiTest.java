package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.basics.EventCounts;
import dev.governor.basics.SliName;
import dev.governor.server.capacity.CapacityPlanner;
import dev.governor.sli.SliEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Capacity signals over real HTTP: applied as YAML, forecast from four weeks of an SLI's traffic
 * that grows, and a capacity ticket opened while the crossing is within ticketWithin. The clock
 * stands at 10:00:30 on 2 March 2026.
 */
class CapacityApiTest {

  static final String YAML = "application/yaml";

  static final String SIGNAL = """
      apiVersion: governor.dev/v1
      kind: CapacitySignal
      metadata:
        name: checkout-traffic
      spec:
        description: Checkout requests per minute
        sli: checkout-requests
        unit: requests/min
        limit:
          max: %s
        ticketWithin: %s
      """;

  @TempDir Path dataDir;
  TestServer api;

  @BeforeEach
  void start() {
    api = new TestServer(dataDir);
    assertThat(api.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  void history() {
    history(api);
  }

  /** 28 days of hourly traffic, one event batch per hour: 600 a minute, +1 % a day, higher by day. */
  static void history(TestServer api) {
    Instant end = Instant.parse("2026-03-02T10:00:00Z");
    List<SliEvent> events = new ArrayList<>();
    for (int h = 28 * 24; h >= 1; h--) {
      Instant at = end.minus(Duration.ofHours(h));
      double daily = 1 + 0.3 * Math.sin(2 * Math.PI * at.atOffset(java.time.ZoneOffset.UTC).getHour() / 24.0);
      double growth = 1 + 0.01 * (28 * 24 - h) / 24.0;
      long perHour = Math.round(600 * 60 * daily * growth);
      events.add(new SliEvent.Counts(SliName.of("checkout-requests"), at, new EventCounts(perHour, perHour)));
    }
    assertThat(api.server.evaluator().ingest(events)).isInstanceOf(dev.governor.sli.IngestOutcome.Accepted.class);
  }

  @Test
  void a_signal_with_history_gets_a_forecast_a_crossing_a_backtest_and_a_ticket_when_the_crossing_is_near() {
    history();
    TestServer.Response applied = api.post("/api/v1/capacity/signals", YAML, SIGNAL.formatted(1200, "30d"));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    assertThat(applied.json().at("/applied/0/result").asString()).isEqualTo("created");

    api.server.capacity().refresh();

    JsonNode list = api.get("/api/v1/capacity").json();
    JsonNode signal = list.at("/signals/0");
    assertThat(signal.path("name").asString()).isEqualTo("checkout-traffic");
    assertThat(signal.path("status").asString()).as(signal.toString()).isEqualTo("ticket");
    // The daily peak is about 600 * 1.3 * 1.28 = 1000 a minute now and grows 7.8 a day: 1200 in
    // about 26 days, at a peak hour; the backtest on the last week is a few percent.
    Instant crossing = Instant.parse(signal.at("/crossing/at").asString());
    assertThat(crossing).isBetween(Instant.parse("2026-03-20T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"));
    assertThat(Instant.parse(signal.at("/crossing/earliest").asString())).isBeforeOrEqualTo(crossing);
    assertThat(signal.at("/backtest/mape").asDouble()).isBetween(0.0, 0.05);
    assertThat(signal.at("/backtest/weeks").asInt()).isEqualTo(1);
    JsonNode detail = api.get("/api/v1/capacity/checkout-traffic").json();
    assertThat(detail.path("history")).hasSize(28 * 24);
    assertThat(detail.path("forecast")).hasSize(90 * 24);
    assertThat(detail.path("confidence").asDouble()).isEqualTo(0.95);

    assertThat(api.server.incidents().openAlerts(CapacityPlanner.INTEGRATION))
        .singleElement().satisfies(a -> assertThat(a.dedupKey()).isEqualTo("checkout-traffic"));

    // A shorter ticketWithin puts the crossing beyond it: the ticket resolves.
    api.post("/api/v1/capacity/signals", YAML, SIGNAL.formatted(1200, "7d"));
    api.server.capacity().refresh();
    assertThat(api.get("/api/v1/capacity").json().at("/signals/0/status").asString()).isEqualTo("watch");
    assertThat(api.server.incidents().openAlerts(CapacityPlanner.INTEGRATION)).isEmpty();
  }

  @Test
  void too_little_history_is_refused_with_the_reason_and_opens_no_ticket() {
    api.post("/api/v1/capacity/signals", YAML, SIGNAL.formatted(1300, "30d"));

    api.server.capacity().refresh();

    JsonNode signal = api.get("/api/v1/capacity").json().at("/signals/0");
    assertThat(signal.path("status").asString()).isEqualTo("refused");
    assertThat(signal.path("reason").asString()).contains("too little history", "needs 21");
    assertThat(api.server.incidents().openAlerts(CapacityPlanner.INTEGRATION)).isEmpty();
  }

  @Test
  void any_sli_traffic_is_forecast_on_request_and_an_unknown_one_is_404() {
    history();

    JsonNode traffic = api.get("/api/v1/capacity/slis/checkout-requests").json();

    assertThat(traffic.at("/summary/status").asString()).isEqualTo("ok");
    assertThat(traffic.at("/summary/limit").isMissingNode() || traffic.at("/summary/limit").isNull()).isTrue();
    assertThat(traffic.path("forecast")).hasSize(90 * 24);
    assertThat(api.get("/api/v1/capacity/slis/nope").status()).isEqualTo(404);
    assertThat(api.get("/api/v1/capacity/slis/Not%20A%20Name").status()).isEqualTo(400);
  }

  @Test
  void a_bad_document_is_refused_with_its_field_and_line_and_nothing_is_applied() {
    TestServer.Response refused = api.post("/api/v1/capacity/signals?file=cap.yaml", YAML, """
        apiVersion: governor.dev/v1
        kind: CapacitySignal
        metadata: {name: checkout-traffic}
        spec:
          sli: checkout-requests
          limit: {max: lots}
        """);

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.body()).contains("spec.limit.max", "cap.yaml");
    assertThat(api.get("/api/v1/capacity/signals").json().path("signals")).isEmpty();
    assertThat(api.delete("/api/v1/capacity/signals/checkout-traffic").status()).isEqualTo(404);
  }

  @Test
  void the_capacity_page_lists_the_signals_with_their_crossing_and_backtest() {
    history();
    api.post("/api/v1/capacity/signals", YAML, SIGNAL.formatted(1300, "30d"));
    api.server.capacity().refresh();

    String page = api.get("/capacity").body();

    assertThat(page).contains("checkout-traffic", "Crosses the limit", "MAPE", "data-chart=\"capacity\"");
    assertThat(api.delete("/api/v1/capacity/signals/checkout-traffic").status()).isEqualTo(204);
    api.server.capacity().refresh();
    assertThat(api.get("/capacity").body()).contains("No capacity signals yet");
  }
}

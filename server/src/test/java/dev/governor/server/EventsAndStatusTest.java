package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Events in, status out, with the numbers worked out by hand. The clock stands at 10:00:30. */
class EventsAndStatusTest {

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

  /** 2988 good of 3000 in three minutes; 990 of 1000 of them in the minute 09:58. */
  private void sendThreeMinutes() {
    TestServer.Response first = api.events("""
        {"events": [
          {"sli": "checkout-requests", "time": "2026-03-02T09:58:10Z", "good": 495, "total": 500},
          {"sli": "checkout-requests", "time": "2026-03-02T09:58:50Z", "bad": 5, "total": 500}
        ]}""");
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.json().toString()).isEqualTo("{\"accepted\":2,\"buckets\":1}");
    TestServer.Response second = api.events("""
        {"events": [
          {"sli": "checkout-requests", "time": "2026-03-02T09:59:30Z", "good": 1000, "total": 1000},
          {"sli": "checkout-requests", "time": "2026-03-02T10:00:05Z", "good": 998, "total": 1000}
        ]}""");
    assertThat(second.json().toString()).isEqualTo("{\"accepted\":2,\"buckets\":2}");
  }

  @Test
  void status_countsEveryAcceptedEvent_exactly() {
    sendThreeMinutes();

    TestServer.Response response = api.get("/api/v1/slos/checkout-availability/status");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode status = response.json();
    assertThat(status.get("slo").asString()).isEqualTo("checkout-availability");
    assertThat(status.get("service").asString()).isEqualTo("checkout");
    assertThat(status.get("at").asString()).isEqualTo("2026-03-02T10:00:30Z");
    JsonNode objective = status.at("/objectives/0");
    assertThat(objective.get("name").asString()).isEqualTo("available");
    assertThat(objective.get("target").asString()).isEqualTo("0.999");
    assertThat(objective.get("threshold").isNull()).isTrue();
    assertThat(objective.at("/window/start").asString()).isEqualTo("2026-02-02T10:01:00Z");
    assertThat(objective.at("/window/end").asString()).isEqualTo("2026-03-02T10:01:00Z");
    assertThat(objective.get("good").asLong()).isEqualTo(2988);
    assertThat(objective.get("total").asLong()).isEqualTo(3000);
    assertThat(objective.get("attainment").asDouble()).isCloseTo(0.996, within(1e-12));
    assertThat(objective.get("noData").asBoolean()).isFalse();
    JsonNode budget = objective.get("errorBudget");
    assertThat(budget.get("allowed").asString()).isEqualTo("0.001");
    assertThat(budget.get("unit").asString()).isEqualTo("events");
    assertThat(budget.get("consumed").asDouble()).isCloseTo(4.0, within(1e-9));
    assertThat(budget.get("remaining").asDouble()).isCloseTo(-3.0, within(1e-9));
    assertThat(budget.get("total").asDouble()).isCloseTo(3.0, within(1e-9));
    assertThat(budget.get("spent").asDouble()).isCloseTo(12.0, within(1e-9));
    assertThat(budget.get("left").asDouble()).isCloseTo(-9.0, within(1e-9));
    JsonNode fiveMinutes = objective.at("/burnRates/0");
    assertThat(fiveMinutes.get("window").asString()).isEqualTo("5m");
    assertThat(fiveMinutes.get("good").asLong()).isEqualTo(2988);
    assertThat(fiveMinutes.get("total").asLong()).isEqualTo(3000);
    assertThat(fiveMinutes.get("rate").asDouble()).isCloseTo(4.0, within(1e-9));
  }

  @Test
  void statusAt_countsOnlyTheMinutesUpToThatInstant() {
    sendThreeMinutes();

    JsonNode objective = api.get("/api/v1/slos/checkout-availability/status?at=2026-03-02T09:58:59Z")
        .json().at("/objectives/0");

    assertThat(objective.get("good").asLong()).isEqualTo(990);
    assertThat(objective.get("total").asLong()).isEqualTo(1000);
    assertThat(objective.at("/window/end").asString()).isEqualTo("2026-03-02T09:59:00Z");
    assertThat(objective.at("/errorBudget/spent").asDouble()).isCloseTo(10.0, within(1e-9));
  }

  /** The status at 10:00:00 once held the minute 10:00 whole, with the events stamped 10:00:20. */
  @Test
  void statusAt_aMinuteBoundary_countsOnlyTheEventsBeforeIt_andInsideAMinute_thatMinuteWhole() {
    assertThat(api.events("""
        {"events": [
          {"sli": "checkout-requests", "time": "2026-03-02T09:59:30Z", "good": 9, "total": 10},
          {"sli": "checkout-requests", "time": "2026-03-02T10:00:00Z", "good": 5, "total": 10},
          {"sli": "checkout-requests", "time": "2026-03-02T10:00:20Z", "good": 0, "total": 10}
        ]}""").status()).isEqualTo(200);

    JsonNode atTen = api.get("/api/v1/slos/checkout-availability/status?at=2026-03-02T10:00:00Z")
        .json().at("/objectives/0");
    assertThat(atTen.at("/window/start").asString()).isEqualTo("2026-02-02T10:00:00Z");
    assertThat(atTen.at("/window/end").asString()).isEqualTo("2026-03-02T10:00:00Z");
    assertThat(atTen.get("good").asLong()).isEqualTo(9);
    assertThat(atTen.get("total").asLong()).isEqualTo(10);
    assertThat(atTen.at("/burnRates/0/window").asString()).isEqualTo("5m");
    assertThat(atTen.at("/burnRates/0/good").asLong()).isEqualTo(9);
    assertThat(atTen.at("/burnRates/0/total").asLong()).isEqualTo(10);

    JsonNode insideTen = api.get("/api/v1/slos/checkout-availability/status?at=2026-03-02T10:00:10Z")
        .json().at("/objectives/0");
    assertThat(insideTen.at("/window/end").asString()).isEqualTo("2026-03-02T10:01:00Z");
    assertThat(insideTen.get("good").asLong()).isEqualTo(14);
    assertThat(insideTen.get("total").asLong()).isEqualTo(30);
    assertThat(insideTen.at("/burnRates/0/total").asLong()).isEqualTo(30);

    JsonNode atNineFiftyNine = api.get("/api/v1/slos/checkout-availability/status?at=2026-03-02T09:59:00Z")
        .json().at("/objectives/0");
    assertThat(atNineFiftyNine.get("total").asLong()).isZero();
    assertThat(atNineFiftyNine.get("noData").asBoolean()).isTrue();
  }

  /**
   * A RatioTimeslices status once said good 0 beside a total of 3 whenever every slice had a bad
   * event; good is now the exact sum of the slices' ratios, of which attainment is the share.
   */
  @Test
  void aRatioTimeslicesStatus_reportsTheSumOfTheSliceRatiosAsGood_inTheApiAndTheUi() {
    assertThat(api.applyYaml("""
        apiVersion: openslo/v1
        kind: SLO
        metadata:
          name: ratio-slices
        spec:
          service: checkout
          indicator:
            metadata:
              name: sliced-requests
            spec:
              ratioMetric:
                counter: false
                good: {metricSource: {type: Governor}}
                total: {metricSource: {type: Governor}}
          timeWindow:
            - duration: 1d
              isRolling: true
          budgetingMethod: RatioTimeslices
          objectives:
            - name: sliced
              target: 0.99
              timeSliceWindow: 5m
        """).status()).isEqualTo(200);
    assertThat(api.events("""
        {"events": [
          {"sli": "sliced-requests", "time": "2026-03-02T09:50:10Z", "good": 990, "total": 1000},
          {"sli": "sliced-requests", "time": "2026-03-02T09:57:00Z", "good": 2, "total": 3},
          {"sli": "sliced-requests", "time": "2026-03-02T10:00:05Z", "good": 999, "total": 1000}
        ]}""").status()).isEqualTo(200);

    TestServer.Response response = api.get("/api/v1/slos/ratio-slices/status");
    JsonNode objective = response.json().at("/objectives/0");

    // 0.99 + 0.666666667 (2/3 to 10^-9) + 0.999
    assertThat(response.body()).contains("\"good\":2.655666667,\"total\":3");
    assertThat(objective.get("good").decimalValue()).isEqualByComparingTo("2.655666667");
    assertThat(objective.get("total").asLong()).isEqualTo(3);
    assertThat(objective.get("attainment").asDouble()).isCloseTo(2.655666667 / 3, within(1e-12));
    JsonNode fiveMinutes = objective.at("/burnRates/0"); // the slices of 09:55 and 10:00
    assertThat(fiveMinutes.get("window").asString()).isEqualTo("5m");
    assertThat(fiveMinutes.get("good").decimalValue()).isEqualByComparingTo("1.665666667");
    assertThat(fiveMinutes.get("total").asLong()).isEqualTo(2);
    JsonNode stored = api.get("/api/v1/slos/ratio-slices/status?at=2026-03-02T10:00:30Z").json().at("/objectives/0");
    assertThat(stored.get("good").decimalValue()).isEqualByComparingTo("2.655666667");
    JsonNode points = api.get("/api/v1/slos/ratio-slices/timeseries?from=2026-03-02T09:50:00Z&to=2026-03-02T10:00:00Z&step=5m")
        .json().at("/objectives/0/points");
    assertThat(points.get(0).get("good").decimalValue()).isEqualByComparingTo("0.99");
    assertThat(points.get(1).get("good").decimalValue()).isEqualByComparingTo("0.666666667");

    assertThat(api.get("/slos/ratio-slices").body()).contains("2.65 good of 3 slices");
  }

  @Test
  void statusAt_acceptsAnOffset_evenWhenItsPlusSignWasNotEncoded() {
    sendThreeMinutes();

    TestServer.Response response =
        api.get("/api/v1/slos/checkout-availability/status?at=2026-03-02T10:58:59+01:00");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().get("at").asString()).isEqualTo("2026-03-02T09:58:59Z");
    assertThat(response.json().at("/objectives/0/total").asLong()).isEqualTo(1000);
  }

  @Test
  void aBadAt_is400NamingTheParameterWithAnExample() {
    TestServer.Response response = api.get("/api/v1/slos/checkout-availability/status?at=yesterday");

    assertThat(response.status()).isEqualTo(400);
    JsonNode problem = response.json();
    assertThat(problem.get("type").asString()).isEqualTo("/problems/bad-request");
    assertThat(problem.get("parameter").asString()).isEqualTo("at");
    assertThat(problem.get("example").asString()).isEqualTo("at=2026-03-02T10:00:00Z");
    assertThat(problem.get("detail").asString()).contains("yesterday");
  }

  @Test
  void anAtInTheFuture_is400() {
    TestServer.Response response =
        api.get("/api/v1/slos/checkout-availability/status?at=2026-03-02T11:00:00Z");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("parameter").asString()).isEqualTo("at");
  }

  /** Year -999999999 once overflowed the store's epoch milliseconds and answered 500. */
  @Test
  void anAtOlderThanTheHistoryKept_is400NamingTheOldestAllowedInstant() {
    Instant oldest = TestServer.NOW.minus(api.server.evaluator().retention());
    assertThat(oldest).as("the history kept is at least the SLO's 28 days")
        .isBefore(TestServer.NOW.minus(Duration.ofDays(28)));

    TestServer.Response response =
        api.get("/api/v1/slos/checkout-availability/status?at=-999999999-01-01T00:00:00Z");

    assertThat(response.status()).as(response.body()).isEqualTo(400);
    JsonNode problem = response.json();
    assertThat(problem.get("type").asString()).isEqualTo("/problems/bad-request");
    assertThat(problem.get("parameter").asString()).isEqualTo("at");
    assertThat(problem.get("detail").asString()).contains(oldest.toString());
    assertThat(problem.get("example").asString()).isEqualTo("at=" + oldest);

    assertThat(api.get("/api/v1/slos/checkout-availability/status?at=" + oldest.minusSeconds(1)).status())
        .isEqualTo(400);
    assertThat(api.get("/api/v1/slos/checkout-availability/status?at=" + oldest).status())
        .isEqualTo(200);
  }

  @Test
  void aTimeseriesStep_readsTheOneGrammar_inWholeMinutes() {
    TestServer.Response compound = api.get("/api/v1/slos/checkout-availability/timeseries?from=2026-03-02T06:00:00Z"
        + "&to=2026-03-02T09:00:00Z&step=1h30m");
    assertThat(compound.status()).as(compound.body()).isEqualTo(200);
    assertThat(compound.json().get("step").asString()).isEqualTo("1h30m");

    TestServer.Response seconds = api.get("/api/v1/slos/checkout-availability/timeseries?step=90s");
    assertThat(seconds.status()).as(seconds.body()).isEqualTo(400);
    assertThat(seconds.json().get("parameter").asString()).isEqualTo("step");
    assertThat(seconds.json().get("detail").asString()).contains("whole minutes").contains("\"90s\"");
    TestServer.Response upper = api.get("/api/v1/slos/checkout-availability/timeseries?step=1H");
    assertThat(upper.status()).isEqualTo(400);
    assertThat(upper.json().get("detail").asString()).contains("step").contains("use h");
  }

  /** The UI's "7 days" chart once failed with a 400 when the longest SLO window was shorter. */
  @Test
  void aTimeseriesFromOlderThanTheHistoryKept_startsAtTheOldestKeptInstant() {
    Instant oldest = TestServer.NOW.minus(api.server.evaluator().retention());

    TestServer.Response response = api.get("/api/v1/slos/checkout-availability/timeseries?from="
        + TestServer.NOW.minus(Duration.ofDays(400)) + "&step=1d");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    Instant from = Instant.parse(response.json().get("from").asString());
    assertThat(from).isAfterOrEqualTo(oldest.minus(Duration.ofMinutes(1))).isBefore(oldest.plus(Duration.ofMinutes(1)));
    assertThat(api.get("/api/v1/slos/checkout-availability/timeseries?from=-999999999-01-01T00:00:00Z&step=1d")
        .status()).isEqualTo(200);
  }

  @Test
  void anEventWithoutATime_happenedWhenTheServerReceivedIt() {
    TestServer.Response first = api.events("""
        {"events": [{"sli": "checkout-requests", "good": 9, "total": 10}]}""");
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    api.clock.advance(Duration.ofMinutes(2));
    assertThat(api.events("""
        {"events": [{"sli": "checkout-requests", "bad": 1, "total": 5}]}""").status()).isEqualTo(200);

    assertThat(api.get("/api/v1/slos/checkout-availability/status?at=2026-03-02T09:59:59Z").json()
        .at("/objectives/0/total").asLong()).isZero();
    JsonNode atTen = api.get("/api/v1/slos/checkout-availability/status?at=2026-03-02T10:00:59Z").json();
    assertThat(atTen.at("/objectives/0/good").asLong()).isEqualTo(9);
    assertThat(atTen.at("/objectives/0/total").asLong()).isEqualTo(10);
    JsonNode latest = api.get("/api/v1/slos/checkout-availability/status").json();
    assertThat(latest.at("/objectives/0/good").asLong()).isEqualTo(13);
    assertThat(latest.at("/objectives/0/total").asLong()).isEqualTo(15);
  }

  @Test
  void allStatuses_listEverySlo() {
    sendThreeMinutes();

    JsonNode slos = api.get("/api/v1/status").json().get("slos");

    assertThat(slos).hasSize(1);
    assertThat(slos.at("/0/objectives/0/total").asLong()).isEqualTo(3000);
  }

  @Test
  void aBatchWithOneBadEvent_isRefusedWhole_andNamesTheEvent() {
    TestServer.Response response = api.events("""
        {"events": [
          {"sli": "checkout-requests", "time": "2026-03-02T09:59:30Z", "good": 10, "total": 10},
          {"sli": "no-such-sli", "time": "2026-03-02T09:59:30Z", "good": 10, "total": 10}
        ]}""");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    JsonNode problem = response.json();
    assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-events");
    assertThat(problem.at("/errors/0/index").asInt()).isEqualTo(1);
    assertThat(problem.at("/errors/0/field").asString()).isEqualTo("sli");
    assertThat(problem.at("/errors/0/message").asString()).contains("no-such-sli");
    assertThat(api.get("/api/v1/slos/checkout-availability/status").json().at("/objectives/0/total").asLong())
        .isZero();
  }

  /**
   * Counts summed past 2^63-1 once ended in an ArithmeticException and a 500. A minute holds at
   * most 10^12 events of an SLI; an event that would take it past is a 400 naming the event, and
   * nothing of its batch is stored.
   */
  @Test
  void anEventThatWouldTakeAMinutePastTheCap_is400NamingIt_andNothingOfTheBatchIsStored() {
    assertThat(api.events("""
        {"events": [{"sli": "checkout-requests", "time": "2026-03-02T09:59:10Z", "good": 1000000000000, "total": 1000000000000}]}""")
        .status()).isEqualTo(200);

    TestServer.Response response = api.events("""
        {"events": [
          {"sli": "checkout-requests", "time": "2026-03-02T09:58:10Z", "good": 7, "total": 7},
          {"sli": "checkout-requests", "time": "2026-03-02T09:59:50Z", "bad": 1, "total": 1}
        ]}""");

    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    JsonNode problem = response.json();
    assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-events");
    assertThat(problem.get("errors")).hasSize(1);
    assertThat(problem.at("/errors/0/index").asInt()).isEqualTo(1);
    assertThat(problem.at("/errors/0/field").asString()).isEqualTo("total");
    assertThat(problem.at("/errors/0/message").asString()).contains("checkout-requests", "2026-03-02T09:59:00Z", "10^12");
    JsonNode objective = api.get("/api/v1/slos/checkout-availability/status").json().at("/objectives/0");
    assertThat(objective.get("total").asLong()).isEqualTo(1_000_000_000_000L);

    TestServer.Response twoHalves = api.events("""
        {"events": [
          {"sli": "checkout-requests", "time": "2026-03-02T10:00:01Z", "good": 600000000000, "total": 600000000000},
          {"sli": "checkout-requests", "time": "2026-03-02T10:00:02Z", "good": 600000000000, "total": 600000000000}
        ]}""");
    assertThat(twoHalves.status()).isEqualTo(400);
    assertThat(twoHalves.json().at("/errors/0/index").asInt()).isEqualTo(1);
    assertThat(api.get("/api/v1/slos/checkout-availability/status").json().at("/objectives/0/total").asLong())
        .isEqualTo(1_000_000_000_000L);
  }

  @Test
  void eventsFromTheFuture_andMalformedEvents_are400() {
    TestServer.Response future = api.events("""
        {"events": [{"sli": "checkout-requests", "time": "2026-03-02T10:30:00Z", "good": 1, "total": 1}]}""");
    assertThat(future.status()).isEqualTo(400);
    assertThat(future.json().at("/errors/0/field").asString()).isEqualTo("time");

    TestServer.Response malformed = api.events("""
        {"events": [{"sli": "checkout-requests", "time": "soon", "good": 1, "total": 1}]}""");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().at("/errors/0/index").asInt()).isEqualTo(0);
    assertThat(malformed.json().at("/errors/0/field").asString()).isEqualTo("time");
  }

  @Test
  void eventsMustBeJson() {
    TestServer.Response response = api.post("/api/v1/events", "text/csv", "checkout-requests,1,1");

    assertThat(response.status()).isEqualTo(415);
  }

  @Test
  void aFastBurn_firesAPage_thatTheAlertsApiAndTheStatusShow() {
    TestServer.Response burn = api.events("""
        {"events": [{"sli": "checkout-requests", "time": "2026-03-02T10:00:10Z", "good": 50, "total": 100}]}""");
    assertThat(burn.status()).isEqualTo(200);

    JsonNode alerts = api.get("/api/v1/alerts?state=firing&slo=checkout-availability").json().get("alerts");

    JsonNode page = null;
    for (JsonNode alert : alerts) {
      if (alert.get("severity").asString().equals("page")) page = alert;
    }
    assertThat(page).as(alerts.toString()).isNotNull();
    assertThat(page.get("slo").asString()).isEqualTo("checkout-availability");
    assertThat(page.get("objective").asString()).isEqualTo("available");
    assertThat(page.get("severity").asString()).isEqualTo("page");
    assertThat(page.get("state").asString()).isEqualTo("firing");
    assertThat(page.get("startedAt").asString()).isEqualTo("2026-03-02T10:00:30Z");
    assertThat(page.get("resolvedAt").isNull()).isTrue();
    assertThat(page.get("id").asString()).isNotBlank();
    assertThat(api.get("/api/v1/slos/checkout-availability/status").json().get("alerts")).isNotEmpty();
    assertThat(api.get("/api/v1/alerts?state=resolved").json().get("alerts")).isEmpty();
  }

  @Test
  void badAlertQueries_are400NamingTheParameter() {
    assertThat(api.get("/api/v1/alerts?state=open").json().get("parameter").asString()).isEqualTo("state");
    assertThat(api.get("/api/v1/alerts?limit=0").json().get("parameter").asString()).isEqualTo("limit");
    assertThat(api.get("/api/v1/alerts?slo=Not_A_Name").json().get("parameter").asString()).isEqualTo("slo");
  }

  @Test
  void eventsSurviveARestart() {
    sendThreeMinutes();
    api.close();

    api = new TestServer(dataDir);

    assertThat(api.get("/api/v1/slos/checkout-availability/status").json().at("/objectives/0/total").asLong())
        .isEqualTo(3000);
  }

  @Test
  void aBodyOverTheLimit_is413() {
    api.close();
    api = new TestServer(dataDir, Map.of("server.maxRequestSize", "1KiB"));

    TestServer.Response response = api.events("{\"events\": [" + " ".repeat(2048) + "]}");

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.json().get("limit").asLong()).isEqualTo(1024);
  }
}

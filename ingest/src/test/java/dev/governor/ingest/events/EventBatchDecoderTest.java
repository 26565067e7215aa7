package dev.governor.ingest.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.sli.IngestOutcome.EventProblem;
import dev.governor.sli.SliEvent;
import dev.governor.basics.EventCounts;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventBatchDecoderTest {

  static final Instant RECEIVED = Instant.parse("2026-11-21T10:04:17Z");

  static DecodedBatch decode(String json) {
    return EventBatchDecoder.decode(json.getBytes(UTF_8), RECEIVED);
  }

  /** The one problem of a batch holding just {@code event}. */
  static EventProblem problemOf(String event) {
    DecodedBatch batch = decode("{\"events\": [" + event + "]}");
    assertThat(batch.events()).isEmpty();
    assertThat(batch.problems()).hasSize(1);
    return batch.problems().get(0);
  }

  @Test
  void goodBadAndValueEventsDecodeToTheirKinds() {
    DecodedBatch batch = decode("""
        {"events": [
          {"sli": "checkout-availability", "time": "2026-11-21T10:00:30Z", "good": 998, "total": 1000},
          {"sli": "checkout-availability", "time": "2026-11-21T11:00:30+01:00", "bad": 2, "total": 1000},
          {"sli": "search-latency", "time": "2026-11-21T10:00:30.250Z", "value": 0.213, "count": 3},
          {"time": "2026-11-21T10:00:30Z", "value": 1e-3, "sli": "search-latency"}
        ]}""");
    assertThat(batch.problems()).isEmpty();
    Instant t = Instant.parse("2026-11-21T10:00:30Z");
    assertThat(batch.events()).containsExactly(
        new SliEvent.Counts(dev.governor.basics.SliName.of("checkout-availability"), t, new EventCounts(998, 1000)),
        new SliEvent.Counts(dev.governor.basics.SliName.of("checkout-availability"), t, new EventCounts(998, 1000)),
        new SliEvent.Value(dev.governor.basics.SliName.of("search-latency"), t.plusMillis(250), new BigDecimal("0.213"), 3),
        new SliEvent.Value(dev.governor.basics.SliName.of("search-latency"), t, new BigDecimal("0.001"), 1));
  }

  @Test
  void aVersionNamesTheVersionThatServedTheEvents() {
    DecodedBatch batch = decode("""
        {"events": [
          {"sli": "checkout-availability", "version": "1.4.2", "good": 297, "total": 300},
          {"sli": "search-latency", "value": 0.2, "version": "v2.0.0-rc.1+7"}
        ]}""");
    assertThat(batch.problems()).isEmpty();
    assertThat(batch.events()).containsExactly(
        new SliEvent.Counts(dev.governor.basics.SliName.of("checkout-availability"), RECEIVED, new EventCounts(297, 300),
            java.util.Optional.of("1.4.2")),
        new SliEvent.Value(dev.governor.basics.SliName.of("search-latency"), RECEIVED, new BigDecimal("0.2"), 1,
            java.util.Optional.of("v2.0.0-rc.1+7")));
  }

  @Test
  void aVersionThatCannotNameASeriesIsAProblemOfTheVersionField() {
    EventProblem problem = problemOf("{\"sli\": \"a\", \"version\": \"1.4 canary\", \"good\": 1, \"total\": 1}");
    assertThat(problem.field()).isEqualTo("version");
    assertThat(problem.message()).contains("'1.4 canary'", "e.g. \"1.4.2\"");
    assertThat(problemOf("{\"sli\": \"a\", \"version\": 2, \"good\": 1, \"total\": 1}").message())
        .contains("version must be a string");
  }

  @ParameterizedTest(name = "{0} -> field {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "{'time': '2026-11-21T10:00:30Z', 'good': 1, 'total': 1}                         | sli   | sli is required",
      "{'sli': 'Checkout', 'time': '2026-11-21T10:00:30Z', 'good': 1, 'total': 1}       | sli   | not an SLI name",
      "{'sli': 'a', 'time': '2026-11-21 10:00:30', 'good': 1, 'total': 1}               | time  | not an RFC 3339 time",
      "{'sli': 'a', 'time': '2026-11-21T10:00:30', 'good': 1, 'total': 1}               | time  | not an RFC 3339 time",
      "{'sli': 'a', 'time': '2026-02-30T10:00:30Z', 'good': 1, 'total': 1}              | time  | not an RFC 3339 time",
      "{'sli': 'a', 'time': 1732183230, 'good': 1, 'total': 1}                          | time  | must be a string",
      "{'sli': 'a', 'time': '2026-11-21T10:00:30Z', 'good': 5, 'total': 4}              | good  | must not exceed total",
      "{'sli': 'a', 'time': '2026-11-21T10:00:30Z', 'bad': 5, 'total': 4}               | bad   | must not exceed total",
      "{'sli': 'a', 'time': '2026-11-21T10:00:30Z', 'good': -1, 'total': 4}             | good  | at least 0",
      "{'sli': 'a', 'time': '2026-11-21T10:00:30Z', 'good': 1.5, 'total': 4}            | good  | whole number",
      "{'sli': 'a', 'time': '2026-11-21T10:00:30Z', 'good': '1', 'total': 4}            | good  | whole number",
      "{'sli': 'a', 'time': '2026-11-21T10:00:30Z', 'good': 1}                          | total | total is required with good",
      "{'sli': 'a', 'time': '2026-11-21T10:00:30Z', 'good': 1, 'bad': 0, 'total': 1}    | bad   | not both",
      "{'sli': 'a', 'time': '2026-11-21T10:00:30Z', 'total': 1}                         | good  | needs good or bad",
      "{'sli': 'a', 'time': '2026-11-21T10:00:30Z'}                                     | ''    | needs good or bad with total",
      "{'sli': 'a', 'time': '2026-11-21T10:00:30Z', 'value': 0.2, 'count': 0}           | count | at least 1",
      "{'sli': 'a', 'time': '2026-11-21T10:00:30Z', 'count': 2}                         | value | value is required",
      "{'sli': 'a', 'time': '2026-11-21T10:00:30Z', 'value': 'fast'}                    | value | must be a number",
      "{'sli': 'a', 'time': '2026-11-21T10:00:30Z', 'value': 0.2, 'good': 1, 'total': 1} | value | not both",
      "{'sli': 'a', 'time': '2026-11-21T10:00:30Z', 'value': 0.2, 'vlaue': 1}           | vlaue | unknown field",
      "{'sli': 'a', 'sli': 'b', 'time': '2026-11-21T10:00:30Z', 'value': 0.2}           | sli   | appears twice",
  })
  void eachBadEventIsReportedWithItsFieldAndHowToFixIt(String event, String field, String message) {
    EventProblem problem = problemOf(event.replace('\'', '"'));
    assertThat(problem.index()).isZero();
    assertThat(problem.field()).isEqualTo(field);
    assertThat(problem.message()).contains(message);
  }

  @Test
  void anEventWithoutTimeHappenedWhenTheBatchWasReceived() {
    DecodedBatch batch = decode("""
        {"events": [
          {"sli": "a", "good": 1, "total": 2},
          {"sli": "a", "time": "2026-11-20T08:00:00Z", "value": 0.2}
        ]}""");
    assertThat(batch.problems()).isEmpty();
    assertThat(batch.events()).extracting(SliEvent::time)
        .containsExactly(RECEIVED, Instant.parse("2026-11-20T08:00:00Z"));
  }

  @Test
  void theReceivedTimeIsRequired() {
    org.assertj.core.api.Assertions.assertThatNullPointerException()
        .isThrownBy(() -> EventBatchDecoder.decode("{}".getBytes(UTF_8), null));
  }

  /** Long.MAX_VALUE used to be accepted, and overflowed the first sum of a minute's counts. */
  @ParameterizedTest(name = "{0} = {1} is refused")
  @CsvSource({
      "good,  1000000000001",
      "bad,   1000000000001",
      "total, 1000000000001",
      "count, 1000000000001",
      "good,  9223372036854775807",
      "total, 9223372036854775807",
      "count, 9223372036854775808",
      "total, 100000000000000000000000",
  })
  void aCountAbove10To12IsRefusedWithTheLimitAndHowToSplitIt(String field, String count) {
    String otherCounts = switch (field) {
      case "good", "bad" -> "\"total\": 1";
      case "total" -> "\"good\": 1";
      default -> "\"value\": 0.2";
    };
    DecodedBatch batch = decode("""
        {"events": [
          {"sli": "a", "good": 1, "total": 1},
          {"sli": "a", "%s": %s, %s}
        ]}""".formatted(field, count, otherCounts));
    assertThat(batch.events()).isEmpty();
    assertThat(batch.problems()).singleElement().satisfies(p -> {
      assertThat(p.index()).isEqualTo(1);
      assertThat(p.field()).isEqualTo(field);
      assertThat(p.message()).contains("at most 1000000000000 (10^12)", "got " + count,
          "split larger counts over several events or minutes");
    });
  }

  @Test
  void countsOfExactly10To12AreAccepted() {
    DecodedBatch batch = decode("""
        {"events": [
          {"sli": "a", "bad": 1000000000000, "total": 1000000000000},
          {"sli": "a", "value": 0.2, "count": 1000000000000}
        ]}""");
    assertThat(batch.problems()).isEmpty();
    assertThat(batch.events()).containsExactly(
        new SliEvent.Counts(dev.governor.basics.SliName.of("a"), RECEIVED, new EventCounts(0, 1_000_000_000_000L)),
        new SliEvent.Value(dev.governor.basics.SliName.of("a"), RECEIVED, new BigDecimal("0.2"), 1_000_000_000_000L));
  }

  @Test
  void everyProblemOfTheBatchIsReportedWithTheIndexOfItsEvent() {
    DecodedBatch batch = decode("""
        {"events": [
          {"sli": "a", "time": "2026-11-21T10:00:30Z", "good": 1, "total": 1},
          {"sli": "a", "time": "yesterday", "good": 2, "total": 1},
          42,
          {"sli": "a", "time": "2026-11-21T10:00:30Z", "value": 1}
        ]}""");
    assertThat(batch.events()).isEmpty();
    assertThat(batch.problems()).extracting(EventProblem::index, EventProblem::field).containsExactly(
        org.assertj.core.groups.Tuple.tuple(1, "time"),
        org.assertj.core.groups.Tuple.tuple(1, "good"),
        org.assertj.core.groups.Tuple.tuple(2, ""));
  }

  @Test
  void malformedJsonIsOneProblemWithTheParsersLineAndColumn() {
    DecodedBatch batch = decode("{\"events\": [\n  {\"sli\": \"a\", \"good\": 1,,}\n]}");
    assertThat(batch.problems()).singleElement().satisfies(p -> {
      assertThat(p.index()).isEqualTo(-1);
      assertThat(p.field()).isEmpty();
      assertThat(p.message()).contains("malformed JSON at line 2, column");
    });
  }

  @ParameterizedTest(name = "{0} is refused")
  @CsvSource(delimiter = '|', value = {
      "{\"events\": []}            | events | holds no events",
      "{}                          | events | no \"events\" list",
      "{\"events\": {}}            | events | must be a list",
      "[]                          | ''     | a batch is a JSON object",
      "{\"events\": [], \"x\": 1}  | x      | unknown field",
  })
  void aBatchThatIsNotAListOfEventsIsRefused(String json, String field, String message) {
    assertThat(decode(json).problems()).anySatisfy(p -> {
      assertThat(p.index()).isEqualTo(-1);
      assertThat(p.field()).isEqualTo(field);
      assertThat(p.message()).contains(message);
    });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "2026-11-21T10:00:30Z",
      "2026-11-21T10:00:30.123456789Z",
      "2026-11-21T23:59:59-05:30",
      "2024-02-29T00:00:00+14:00",
      "1970-01-01T00:00:00Z",
      "1969-12-31T23:59:59.5Z",
      "2026-11-21t10:00:30z",
  })
  void timesAreReadAsRfc3339Does(String text) {
    Instant expected = OffsetDateTime.parse(text.toUpperCase()).toInstant();
    assertThat(EventBatchDecoder.Rfc3339.parse(text)).isEqualTo(expected);
  }

  /**
   * A wall-clock bound alone fails on a loaded build machine, so the decoder is timed against the
   * floor on the same machine at the same moment: one pass of the streaming parser over the same
   * bytes, reading every string. Decoding costs about 1.5x that (0.1-0.2 ms per 1000 events on a
   * laptop); a tree model, data binding or {@code OffsetDateTime.parse} per event would cost 4x or more.
   */
  @Test
  void decodingABatchCostsLittleMoreThanTokenizingIt() {
    StringBuilder json = new StringBuilder("{\"events\":[");
    for (int i = 0; i < 1000; i++) {
      if (i > 0) json.append(',');
      json.append("{\"sli\":\"checkout-availability\",\"time\":\"2026-11-21T10:")
          .append(String.format("%02d:%02d", i / 60 % 60, i % 60)).append("Z\",\"good\":").append(990 + i % 10)
          .append(",\"total\":1000}");
    }
    byte[] body = json.append("]}").toString().getBytes(UTF_8);
    assertThat(EventBatchDecoder.decode(body, RECEIVED).events()).hasSize(1000);
    double decode = Double.MAX_VALUE, floor = Double.MAX_VALUE;
    for (int round = 0; round < 8; round++) {
      floor = Math.min(floor, microsPerBatch(() -> tokenize(body)));
      decode = Math.min(decode, microsPerBatch(() -> EventBatchDecoder.decode(body, RECEIVED).events().size()));
    }
    assertThat(decode).as("us per batch, against %.0f us to tokenize it", floor).isLessThan(3 * floor);
  }

  private static final tools.jackson.core.json.JsonFactory JSON = tools.jackson.core.json.JsonFactory.builder().build();

  private static int tokenize(byte[] body) {
    int chars = 0;
    try (var p = JSON.createParser(tools.jackson.core.ObjectReadContext.empty(), body)) {
      for (var t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == tools.jackson.core.JsonToken.VALUE_STRING) chars += p.getString().length();
      }
    }
    return chars;
  }

  private static double microsPerBatch(java.util.function.IntSupplier work) {
    int rounds = 300;
    long sink = 0;
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) sink += work.getAsInt();
    double micros = (System.nanoTime() - start) / 1000.0 / rounds;
    return sink == 42 ? micros + 1 : micros; // use the result, so the JIT cannot drop the work
  }
}

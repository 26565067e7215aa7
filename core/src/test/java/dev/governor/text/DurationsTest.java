package dev.governor.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @ParameterizedTest(name = "{0} reads as {1}")
  @CsvSource(delimiter = '|', value = {
      "500ms      | PT0.5S",
      "90s        | PT1M30S",
      "5m         | PT5M",
      "1h30m      | PT1H30M",
      "28d        | PT672H",
      "2w         | PT336H",
      "1y         | PT8760H",
      "1d12h      | PT36H",
      "1h0m       | PT1H",
      "1y2w3d4h5m6s7ms | PT9172H5M6.007S",
      "0          | PT0S",
      "0s         | PT0S",
      "'  10m  '  | PT10M",
      "PT5M       | PT5M",
      "pt5m       | PT5M",
      "P1DT2H     | PT26H",
      "PT0.25S    | PT0.25S",
  })
  void a_duration_written_as_prometheus_or_iso_8601_reads_as_its_length(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}'' is refused, saying {1}")
  @CsvSource(delimiter = '|', value = {
      "''        | expected a duration such as 90s, 5m, 1h30m or 28d",
      "5         | a number needs a unit, e.g. 5s",
      "-5m       | never negative",
      "-PT5M     | never negative",
      "1.5h      | 90m for 1.5h",
      "28D       | use d",
      "10S       | use s",
      "1M        | months and quarters vary in length",
      "5min      | write minutes as m",
      "30m1h     | from the largest to the smallest",
      "1h1h      | from the largest to the smallest",
      "1h 30m    | got \"1h 30m\"",
      "PT5X      | ISO-8601 duration reads like PT5M",
      "PT0.0001S | a millisecond is the smallest unit",
      "300y      | longer than 292 years",
      "99999999999999999999s | longer than 292 years",
      "h         | got \"h\"",
  })
  void a_malformed_duration_is_refused_with_the_way_to_write_it(String text, String hint) {
    assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text)).withMessageContaining(hint);
  }

  @Test
  void a_refusal_names_the_field_the_caller_reads() {
    assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("soon", "incidents.groupWait"))
        .withMessageStartingWith("incidents.groupWait must be a duration such as").withMessageContaining("\"soon\"");
  }

  @Test
  void a_huge_value_is_quoted_only_in_part() {
    for (String huge : new String[] {"9".repeat(1_000_000) + "x", "9".repeat(1_000_000), "1h".repeat(500_000)}) {
      assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(huge, "timeout"))
          .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(500));
    }
  }

  @ParameterizedTest(name = "{0} is written {1}")
  @CsvSource({
      "PT0S, 0s", "PT0.5S, 500ms", "PT1.5S, 1s500ms", "PT5M, 5m", "PT90M, 1h30m", "PT36H, 1d12h",
      "PT672H, 28d", "PT168H, 7d", "PT8760H, 365d"})
  void the_text_form_counts_in_days_and_smaller_units(Duration duration, String expected) {
    assertThat(Durations.format(duration)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} is written {1} for Prometheus")
  @CsvSource({
      "PT5M, 5m", "PT30M, 30m", "PT1H, 1h", "PT6H, 6h", "PT24H, 1d", "PT72H, 3d",
      "PT720H, 30d", "PT672H, 4w", "PT168H, 1w", "PT36H, 1d12h", "PT2160H, 90d", "PT8760H, 1y", "PT90M, 1h30m"})
  void the_prometheus_form_uses_weeks_and_years_only_when_they_divide_exactly(Duration duration, String expected) {
    assertThat(Durations.formatForPrometheus(duration)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} reads back as written")
  @CsvSource({"PT0.001S", "PT59.999S", "PT1H30M", "PT36H", "PT8760H", "PT2562047H47M16.854S"})
  void what_is_written_reads_back_the_same(Duration duration) {
    assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
    assertThat(Durations.parse(Durations.formatForPrometheus(duration))).isEqualTo(duration);
  }

  @Test
  void a_negative_duration_has_no_text_form() {
    assertThatIllegalArgumentException().isThrownBy(() -> Durations.format(Duration.ofSeconds(-1)));
  }
}

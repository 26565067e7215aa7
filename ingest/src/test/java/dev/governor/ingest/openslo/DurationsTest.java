package dev.governor.ingest.openslo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.governor.slo.CalendarUnit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

  @ParameterizedTest(name = "{0} lasts {1}")
  @CsvSource({"30m, PT30M", "2h, PT2H", "28d, PT672H", "4w, PT672H", "0m, PT0S",
      "1h30m, PT1H30M", "1d12h, PT36H", "PT2H, PT2H", "120s, PT2M"})
  void fixedUnitsHaveAFixedLength(String text, Duration expected) {
    assertThat(Durations.parseFixed(text, "window")).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} is {1} x {2}")
  @CsvSource({"1w, 1, WEEK", "1M, 1, MONTH", "3M, 3, MONTH", "1Q, 1, QUARTER", "1Y, 1, YEAR"})
  void calendarUnitsArePeriodsOfTheCalendar(String text, long count, CalendarUnit unit) {
    Durations.Shorthand s = Durations.parse(text);
    assertThat(s.count()).isEqualTo(count);
    assertThat(s.calendarUnit()).contains(unit);
  }

  @ParameterizedTest(name = "''{0}'' is refused, saying {1}")
  @CsvSource(delimiter = '|', value = {
      "30s   | seconds are not supported",
      "28D   | use d",
      "1y    | use Y",
      "1.5h  | 90m",
      "d     | such as 30m, 28d or 1M",
      "''    | such as 30m, 28d or 1M",
      "-5m   | such as 30m",
      "99999Y | longer than ten years",
  })
  void malformedDurationsSayHowToWriteThem(String text, String hint) {
    assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text)).withMessageContaining(hint);
  }

  @Test
  void aMonthIsNoFixedLengthAndTheMessageOffersDays() {
    assertThatIllegalArgumentException().isThrownBy(() -> Durations.parseFixed("1M", "lookbackWindow"))
        .withMessageContaining("lookbackWindow needs a fixed length").withMessageContaining("30d");
  }
}

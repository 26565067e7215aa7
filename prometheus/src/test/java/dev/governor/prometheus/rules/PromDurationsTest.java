package dev.governor.prometheus.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromDurationsTest {

  @ParameterizedTest(name = "{0} is written {1}")
  @CsvSource({
      "PT5M, 5m", "PT30M, 30m", "PT1H, 1h", "PT6H, 6h", "PT24H, 1d", "PT72H, 3d",
      "PT720H, 30d", "PT672H, 4w", "PT168H, 1w", "PT36H, 1d12h", "PT2160H, 90d", "PT8760H, 1y", "PT90M, 1h30m"})
  void durationsAreWrittenAsPrometheusWritesThem(Duration duration, String expected) {
    assertThat(PromDurations.format(duration)).isEqualTo(expected);
  }
}

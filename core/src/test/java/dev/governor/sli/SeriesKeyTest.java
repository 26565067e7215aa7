package dev.governor.sli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.basics.Operator;
import dev.governor.basics.SliName;
import dev.governor.basics.Threshold;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SeriesKeyTest {

  static final SliName LATENCY = SliName.of("checkout-latency");
  static final Threshold FAST = new Threshold(Operator.LT, new BigDecimal("0.3"));

  @Test
  void aVersionSeriesHasItsOwnIdAndParsesBack() {
    SeriesKey plain = new SeriesKey(LATENCY, Optional.of(FAST));
    SeriesKey canary = plain.ofVersion("v2.0.0-rc.1+build.7");

    assertThat(plain.id()).isEqualTo("checkout-latency|lt 0.3");
    assertThat(canary.id()).isEqualTo("checkout-latency@v2.0.0-rc.1+build.7|lt 0.3");
    assertThat(SeriesKey.parse(canary.id())).isEqualTo(canary);
    assertThat(SeriesKey.parse(plain.id())).isEqualTo(plain);
    assertThat(SeriesKey.parse("checkout-latency@registry/app:1.2")).isEqualTo(SeriesKey.of(LATENCY).ofVersion("registry/app:1.2"));
    assertThat(canary).isNotEqualTo(plain);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " 1.4", "1.4|lt", "a@b", "-1", "1.4 2"})
  void aVersionThatWouldBreakTheIdIsRefusedWithTheValue(String version) {
    assertThatThrownBy(() -> SeriesKey.of(LATENCY).ofVersion(version))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + version + "'");
  }
}

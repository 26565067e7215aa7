package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DemoTrafficTest {

  @Test
  void aBurnOfSixMinutes_againstA999Target_exceedsThePageThresholdOverTheHour() {
    double budget = 0.001;
    double ratio = DemoTraffic.burnErrorRatio(budget, Duration.ofMinutes(6));

    double hourlyBurnRate = ratio * 6 / 60 / budget;

    assertThat(hourlyBurnRate).isGreaterThan(DemoTraffic.PAGE_FACTOR);
    assertThat(ratio).isLessThan(0.3);
  }

  @Test
  void theBurnErrorRatio_isCappedBelowTotalFailure() {
    assertThat(DemoTraffic.burnErrorRatio(0.05, Duration.ofMinutes(3))).isEqualTo(0.9);
  }

  @Test
  void burnsStartAtTheFirstBurn_lastBurnFor_andRepeatEveryBurnEvery() {
    Instant first = Instant.parse("2026-11-21T10:00:00Z");
    DemoTraffic traffic = new DemoTraffic(null, List.of(), Optional.empty(), first,
        Duration.ofMinutes(10), Duration.ofMinutes(6), new Random(1), null);

    assertThat(traffic.burning(first.minusSeconds(1))).isFalse();
    assertThat(traffic.burning(first)).isTrue();
    assertThat(traffic.burning(first.plus(Duration.ofMinutes(6)))).isFalse();
    assertThat(traffic.burning(first.plus(Duration.ofMinutes(12)))).isTrue();
  }

  @Test
  void durationsPrintTheWayTheyAreWritten() {
    assertThat(DemoTraffic.human(Duration.ofDays(3))).isEqualTo("3d");
    assertThat(DemoTraffic.human(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(new DurationConverter().convert("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(new DurationConverter().convert("PT1H")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void anOptionDuration_readsTheOneGrammar_andARefusalQuotesItBoundedWithTheForm() {
    assertThat(new DurationConverter().convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(new DurationConverter().convert("1500ms")).isEqualTo(Duration.ofMillis(1500));
    assertThatThrownBy(() -> new DurationConverter().convert("4M"))
        .isInstanceOf(picocli.CommandLine.TypeConversionException.class)
        .hasMessageContaining("\"4M\"").hasMessageContaining("1h30m").hasMessageContaining("30d");
    assertThatThrownBy(() -> new DurationConverter().convert("7".repeat(100_000)))
        .isInstanceOf(picocli.CommandLine.TypeConversionException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(500));
  }
}

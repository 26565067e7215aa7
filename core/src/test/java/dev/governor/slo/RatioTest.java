package dev.governor.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RatioTest {

  @Test
  void a_99_9_percent_target_is_exactly_999_over_1000() {
    assertThat(Ratio.parsePercent("99.9")).isEqualTo(Ratio.of(999, 1000));
    assertThat(Ratio.parseFraction("0.999")).isEqualTo(Ratio.of(999, 1000));
    assertThat(Ratio.parsePercent("99.9").complement()).isEqualTo(Ratio.of(1, 1000));
    assertThat(Ratio.parsePercent("99.9").toDecimalString()).isEqualTo("0.999");
  }

  @Test
  void ratios_are_reduced_so_equal_values_are_equal_records() {
    assertThat(Ratio.of(50, 100)).isEqualTo(Ratio.of(1, 2));
    assertThat(Ratio.parsePercent("50.000")).isEqualTo(Ratio.of(1, 2));
  }

  @Test
  void isMetBy_compares_exactly_at_the_boundary() {
    Ratio target = Ratio.parsePercent("99.9");
    assertThat(target.isMetBy(999, 1000)).isTrue();
    assertThat(target.isMetBy(998_999, 1_000_000)).isFalse();
    assertThat(target.isMetBy(0, 0)).isTrue();
  }

  @Test
  void values_outside_zero_to_one_are_refused_with_the_value() {
    assertThatThrownBy(() -> Ratio.parsePercent("100.5")).hasMessageContaining("100.5");
    assertThatThrownBy(() -> Ratio.parseFraction("-0.1")).hasMessageContaining("-0.1");
    assertThatThrownBy(() -> Ratio.parseFraction("abc")).hasMessageContaining("abc");
  }

  @Test
  void timesFloor_applies_a_ratio_to_a_count_without_floating_point() {
    assertThat(Ratio.of(1, 1000).timesFloor(12_345)).isEqualTo(12);
    assertThat(Ratio.parsePercent("99.99").timesFloor(Long.MAX_VALUE / 2)).isPositive();
  }
}

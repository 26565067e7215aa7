package dev.governor.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class QuotedTest {

  @Test
  void a_short_string_is_quoted_whole() {
    assertThat(Quoted.string("checkout")).isEqualTo("\"checkout\"");
  }

  @Test
  void a_long_string_is_cut_and_says_how_long_it_was() {
    String quoted = Quoted.bounded("x".repeat(1_000_000));
    assertThat(quoted).hasSizeLessThan(Quoted.MAX_CHARACTERS + 30).endsWith("… (1000000 characters)");
  }

  @Test
  void a_cut_never_splits_a_surrogate_pair() {
    String text = "a".repeat(Quoted.MAX_CHARACTERS - 2) + "😀".repeat(10);
    String quoted = Quoted.bounded(text);
    assertThat(quoted.chars().filter(c -> Character.isSurrogate((char) c)).count() % 2).isZero();
  }

  @Test
  void a_number_with_a_huge_exponent_stays_short() {
    assertThat(Quoted.number(new BigDecimal("1e999999999"))).isEqualTo("1E+999999999");
    assertThat(Quoted.number(new BigDecimal("-1e-999999999"))).isEqualTo("-1E-999999999");
    assertThat(Quoted.number(new BigDecimal("9".repeat(5000)))).hasSizeLessThan(Quoted.MAX_CHARACTERS + 30);
  }

  @Test
  void an_ordinary_number_reads_plainly() {
    assertThat(Quoted.number(new BigDecimal("99.9"))).isEqualTo("99.9");
    assertThat(Quoted.number(new BigDecimal("1e3"))).isEqualTo("1000");
    assertThat(Quoted.number(new BigDecimal("12345678901234567890"))).isEqualTo("12345678901234567890");
  }
}

package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FormatsTest {

  @Test
  void anAttainmentJustUnderTheTarget_doesNotReadAsMeetingIt() {
    assertThat(Formats.attainment(Optional.of(new BigDecimal("0.9989996")))).isEqualTo("99.899%");
  }

  @Test
  void targetsReadAsWritten() {
    assertThat(Formats.target(Optional.of(new BigDecimal("0.999")))).isEqualTo("99.9%");
    assertThat(Formats.target(Optional.of(new BigDecimal("0.99")))).isEqualTo("99%");
    assertThat(Formats.target(Optional.of(new BigDecimal("0.9")))).isEqualTo("90%");
  }

  @Test
  void anOverspentBudget_isNegative() {
    assertThat(Formats.budget(Optional.of(new BigDecimal("-0.254")))).isEqualTo("-25.4%");
  }

  @Test
  void missingNumbers_readAsADash() {
    assertThat(Formats.burn(Optional.empty())).isEqualTo("-");
  }

  @Test
  void aTable_padsColumns_andRightAlignsNumbers() {
    String text = new Table("NAME", ">N").add("a", "1").add("longer", "100").render();

    assertThat(text).isEqualTo("""
        NAME      N
        a         1
        longer  100
        """);
  }
}

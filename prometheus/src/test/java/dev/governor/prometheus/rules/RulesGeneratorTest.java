package dev.governor.prometheus.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.slo.Ratio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RulesGeneratorTest {

  @ParameterizedTest(name = "{0} is written {1}")
  @CsvSource({"14.4, 14.4", "6.0, 6", "1.0, 1", "13.44, 13.44", "0.9333333333, 0.9333333333", "3.36, 3.36"})
  void factorsAreWrittenAsTheirShortestDecimal(double factor, String expected) {
    assertThat(RulesGenerator.decimal(factor)).isEqualTo(expected);
  }

  @Test
  void objectivesAndBudgetsAreWrittenFromTheExactRatio() {
    Ratio target = Ratio.parsePercent("99.9");
    assertThat(target.toDecimalString()).isEqualTo("0.999");
    assertThat(target.complement().toDecimalString()).isEqualTo("0.001");
    assertThat(RulesGenerator.percent(target)).isEqualTo("99.9");
    assertThat(RulesGenerator.percent(Ratio.parseFraction("0.9995"))).isEqualTo("99.95");
  }

  @Test
  void theGoldenRuleFilesHoldNoFloatDrift() {
    for (var file : Golden.ruleFiles()) {
      assertThat(Golden.read(file)).as("%s", file).doesNotContainPattern("[0-9]\\.[0-9]*(0000000|9999999)[0-9]");
    }
  }
}

package dev.governor.prometheus.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorRatioQueryTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "http_requests_total",
      "http_requests_total{code=~\"5..\"}",
      "http_requests_total{job=\"a}b\",code!=\"200\"}",
      "{__name__=\"http_requests_total\"}",
      "ns:requests:total{le='0.3'}"})
  void aLoneSelectorIsACounterToWrap(String query) {
    assertThat(ErrorRatioQuery.isSelector(query)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "rate(http_requests_total[5m])",
      "http_requests_total[5m]",
      "http_requests_total{code=\"500\"} + 1",
      "sum(http_requests_total)",
      "http_requests_total offset 5m",
      "{code=\"500\"",
      ""})
  void anythingElseIsNotASelector(String query) {
    assertThat(ErrorRatioQuery.isSelector(query)).isFalse();
  }
}

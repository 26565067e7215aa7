package dev.governor.prometheus.promql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PerMinuteQueryTest {

  @Test
  void aPlaceholderQuery_isEvaluatedOverOneMinute() {
    assertThat(PerMinuteQuery.of("sum(increase(http_requests_total{code=~\"5..\"}[{{ .window }}]))", "bad", false))
        .isEqualTo(new PerMinuteQuery.Query("sum(increase(http_requests_total{code=~\"5..\"}[1m]))"));
  }

  @Test
  void aPlainCounterSelector_isWrappedInSumOfIncrease() {
    assertThat(PerMinuteQuery.of("http_requests_total{code=\"500\"}", "bad", true))
        .isEqualTo(new PerMinuteQuery.Query("sum(increase(http_requests_total{code=\"500\"}[1m]))"));
  }

  @Test
  void aSlothRateQuery_isReadAsIncrease_whichGivesTheSameRatioInEventsPerWindow() {
    assertThat(PerMinuteQuery.of("sum(rate(http_requests_total{code=~\"5..\"}[{{.window}}]))", "bad", false))
        .isEqualTo(new PerMinuteQuery.Query("sum(increase(http_requests_total{code=~\"5..\"}[1m]))"));
  }

  @Test
  void anIrateQuery_isRefused_withTheIncreaseQueryToWriteInstead() {
    assertThat(PerMinuteQuery.of("sum(rate(a[{{.window}}])) + sum(irate(b[{{.window}}]))", "good", true))
        .isInstanceOfSatisfying(PerMinuteQuery.Refused.class, r -> assertThat(r.reason())
            .contains("irate()").contains("sum(rate(a[{{.window}}])) + sum(increase(b[{{.window}}]))"));
  }

  @Test
  void aMetricWhoseNameEndsInRate_isNotMistakenForTheFunction() {
    assertThat(PerMinuteQuery.of("sum(increase(error_rate(x[{{.window}}])))", "bad", false))
        .isInstanceOf(PerMinuteQuery.Query.class);
  }

  @Test
  void aSelectorWithoutCounterTrue_aFixedRange_andOtherTemplates_areRefused() {
    assertThat(PerMinuteQuery.of("http_requests_total", "total", false)).isInstanceOfSatisfying(
        PerMinuteQuery.Refused.class, r -> assertThat(r.reason()).contains("counter: true"));
    assertThat(PerMinuteQuery.of("sum(increase(x[5m]))", "total", true)).isInstanceOfSatisfying(
        PerMinuteQuery.Refused.class, r -> assertThat(r.reason()).contains("fixed range"));
    assertThat(PerMinuteQuery.of("sum(increase(x[{{.window}}])) > {{.threshold}}", "total", true))
        .isInstanceOf(PerMinuteQuery.Refused.class);
    assertThat(PerMinuteQuery.of(null, "total", true)).isInstanceOfSatisfying(
        PerMinuteQuery.Refused.class, r -> assertThat(r.reason()).contains("spec.query"));
  }
}

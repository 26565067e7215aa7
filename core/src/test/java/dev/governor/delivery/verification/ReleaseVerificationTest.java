package dev.governor.delivery.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.sli.Bucket;
import dev.governor.basics.EventCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseVerificationTest {

  static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

  static List<Bucket> minutes(int from, int count, long... badPerMinute) {
    List<Bucket> buckets = new ArrayList<>();
    for (int m = 0; m < count; m++) {
      buckets.add(new Bucket(T0.plus(Duration.ofMinutes(from + m)),
          EventCounts.ofBad(badPerMinute[m % badPerMinute.length], 1000)));
    }
    return buckets;
  }

  @Test
  void aVersionThatFailsTenTimesMoreOftenFailsOnTheSliAndTheBurnRate() {
    var series = new ReleaseVerification.Series("checkout-availability/default",
        minutes(0, 30, 0, 1, 0, 2), minutes(30, 30, 20, 25, 30), Optional.of(0.001));
    Judge.Result result = ReleaseVerification.verify(List.of(series), Judge.Settings.DEFAULTS);
    assertThat(result.verdict()).isEqualTo(Judge.Verdict.FAIL);
    assertThat(result.metrics()).extracting(Judge.MetricResult::classification)
        .containsExactly(Judge.Classification.HIGH, Judge.Classification.HIGH); // 25 bad per 1000 is 25x
  }

  @Test
  void anUnchangedVersionPasses() {
    var series = new ReleaseVerification.Series("s/o", minutes(0, 30, 0, 1, 0, 2), minutes(30, 30, 1, 0, 2, 0),
        Optional.of(0.001));
    Judge.Result result = ReleaseVerification.verify(List.of(series), Judge.Settings.DEFAULTS);
    assertThat(result.verdict()).isEqualTo(Judge.Verdict.PASS);
    assertThat(result.score()).isEqualTo(100);
  }

  @Test
  void fewerThanFiveMinutesWithEventsAfterTheDeployIsMarginalWithNothingJudged() {
    var series = new ReleaseVerification.Series("s/o", minutes(0, 30, 0), minutes(30, 4, 500), Optional.of(0.001));
    Judge.Result result = ReleaseVerification.verify(List.of(series), Judge.Settings.DEFAULTS);
    assertThat(result.verdict()).isEqualTo(Judge.Verdict.MARGINAL);
    assertThat(result.score()).isZero();
    assertThat(result.metrics()).singleElement()
        .extracting(Judge.MetricResult::classification).isEqualTo(Judge.Classification.NO_DATA);
  }

  @Test
  void everyObjectivesBurnRateIsACriticalCheckOfItsOwn() {
    var clean = new ReleaseVerification.Series("a/o", minutes(0, 10, 0), minutes(10, 10, 0), Optional.of(0.01));
    // 2 % errors before and after: no change for the Mann-Whitney test, but 20x a 99.9 % objective.
    var burning = new ReleaseVerification.Series("b/o", minutes(0, 10, 20), minutes(10, 10, 20), Optional.of(0.001));
    Judge.Result result = ReleaseVerification.verify(List.of(clean, burning), Judge.Settings.DEFAULTS);
    assertThat(result.metrics()).hasSize(4);
    assertThat(result.metrics().getLast().metric()).isEqualTo("b/o burn rate");
    assertThat(result.metrics().getLast().passed()).isFalse();
    assertThat(result.verdict()).isEqualTo(Judge.Verdict.FAIL);
  }

  @Test
  void aCanaryComparedWithItsBaselineOverTheSameMinutesSaysSoInItsReasons() {
    // The same minutes 30-59: the baseline version fails 1 in 1000 now and then, the canary 30 in 1000.
    var series = new ReleaseVerification.Series("checkout-availability/available",
        minutes(30, 30, 0, 1, 0, 1), minutes(30, 30, 30), Optional.of(0.001));

    Judge.Result result = ReleaseVerification.verify(List.of(series), ReleaseVerification.Comparison.CANARY,
        Judge.Settings.DEFAULTS);

    assertThat(result.verdict()).isEqualTo(Judge.Verdict.FAIL);
    assertThat(result.metrics().get(0).reason()).contains("significantly higher than the baseline");
    assertThat(result.metrics().get(1).reason())
        .isEqualTo("checkout-availability/available burn rate: burn rate 30.0x of the canary, above the ceiling of 10.0x");
  }
}

package dev.governor.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

  static final Instant CREATED = Instant.parse("2026-03-02T10:00:00Z");

  @ParameterizedTest(name = "after failure {0} the default waits {1}")
  @CsvSource({
      "1, PT10S",
      "2, PT20S",
      "3, PT40S",
      "4, PT1M20S",
      "6, PT5M20S",
      "7, PT10M", // 10m40s, capped
      "8, PT10M",
      "1000, PT10M",
      "2147483647, PT10M"})
  void delayAfter_doublesFromTheInitialWait_upToTheMax(int failures, Duration expected) {
    assertThat(Backoff.DEFAULT.delayAfter(failures)).isEqualTo(expected);
  }

  @Test
  void delayAfter_aHugeInitialWait_saturatesAtTheMaxInsteadOfOverflowing() {
    Backoff backoff = new Backoff(Duration.ofDays(365 * 1000L), Duration.ofDays(365 * 2000L), Duration.ofDays(1));

    assertThat(backoff.delayAfter(40)).isEqualTo(Duration.ofDays(365 * 2000L));
  }

  @Test
  void afterFailure_beforeTheDeadline_retriesAfterTheDelay() {
    Instant now = CREATED.plus(Duration.ofMinutes(1));

    assertThat(Backoff.DEFAULT.afterFailure(CREATED, 3, now)).isEqualTo(new Backoff.Retry(now.plusSeconds(40)));
  }

  @Test
  void afterFailure_whenTheDelayWouldPassTheDeadline_retriesOnceMoreAtTheDeadline() {
    Instant now = CREATED.plus(Duration.ofHours(24)).minusSeconds(30);

    assertThat(Backoff.DEFAULT.afterFailure(CREATED, 50, now))
        .isEqualTo(new Backoff.Retry(CREATED.plus(Duration.ofHours(24))));
  }

  @Test
  void afterFailure_atOrPastTheDeadline_givesUp() {
    assertThat(Backoff.DEFAULT.afterFailure(CREATED, 50, CREATED.plus(Duration.ofHours(24))))
        .isInstanceOf(Backoff.GiveUp.class);
    // A server that was down for two days still tried once after it came back; that failure is final.
    assertThat(Backoff.DEFAULT.afterFailure(CREATED, 1, CREATED.plus(Duration.ofDays(2))))
        .isInstanceOf(Backoff.GiveUp.class);
  }

  @Test
  void theWholeSchedule_ofTheDefault_triesForADayWithoutEverWaitingLongerThanTenMinutes() {
    Instant now = CREATED;
    int attempts = 0;
    Duration longest = Duration.ZERO;
    while (Backoff.DEFAULT.afterFailure(CREATED, ++attempts, now) instanceof Backoff.Retry retry) {
      Duration wait = Duration.between(now, retry.at());
      if (wait.compareTo(longest) > 0) longest = wait;
      now = retry.at();
    }
    assertThat(now).isEqualTo(CREATED.plus(Duration.ofHours(24)));
    assertThat(longest).isEqualTo(Duration.ofMinutes(10));
    // 10s+20s+...+5m20s is 10m30s over 6 failures; 142 waits of 10 minutes reach 23h50m30s; one
    // shorter wait to the deadline; the failure there is the last.
    assertThat(attempts).isEqualTo(6 + 142 + 1 + 1);
  }

  @Test
  void theConstructor_refusesAZeroInitialWait_aMaxBelowIt_andNoTimeToRetry() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofMinutes(1), Duration.ofHours(1)))
        .hasMessageContaining("initial backoff must be positive, got PT0S");
    assertThatThrownBy(() -> new Backoff(Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofHours(1)))
        .hasMessageContaining("max backoff PT1M must not be shorter than the initial PT2M");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ZERO))
        .hasMessageContaining("giveUpAfter must be positive");
  }

  @Test
  void delayAfter_refusesAttemptZero() {
    assertThatThrownBy(() -> Backoff.DEFAULT.delayAfter(0)).hasMessageContaining("got 0");
  }
}

package dev.governor.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

  final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T10:00:00Z"));
  final SignInThrottle throttle = new SignInThrottle(clock, 3, Duration.ofMinutes(15));

  @Test
  void threeFailuresForOneAccount_blockIt_untilTheOldestLeavesTheWindow() {
    throttle.failed("alice", "10.0.0.1");
    clock.advance(Duration.ofMinutes(5));
    throttle.failed("alice", "10.0.0.2");
    throttle.failed("alice", "10.0.0.3");

    assertThat(throttle.retryAfter("alice", "10.0.0.9")).contains(Duration.ofMinutes(10));
    clock.advance(Duration.ofMinutes(10));
    assertThat(throttle.retryAfter("alice", "10.0.0.9")).isEmpty();
  }

  @Test
  void threeFailuresFromOneAddress_blockEveryAccountFromIt_butNotOthers() {
    throttle.failed("alice", "10.0.0.1");
    throttle.failed("bob", "10.0.0.1");
    throttle.failed("carol", "10.0.0.1");

    assertThat(throttle.retryAfter("dave", "10.0.0.1")).isPresent();
    assertThat(throttle.retryAfter("dave", "10.0.0.2")).isEmpty();
  }

  @Test
  void aSuccess_clearsTheAccount_butNotTheAddress() {
    throttle.failed("alice", "10.0.0.1");
    throttle.failed("alice", "10.0.0.1");
    throttle.succeeded("alice");
    throttle.failed("alice", "10.0.0.1");

    assertThat(throttle.retryAfter("alice", "10.0.0.2")).as("one failure since the success").isEmpty();
    assertThat(throttle.retryAfter("bob", "10.0.0.1")).as("the address failed three times").isPresent();
  }
}

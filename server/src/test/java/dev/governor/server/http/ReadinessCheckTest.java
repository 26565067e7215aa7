package dev.governor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadinessCheckTest {

  @Test
  void aDependencyThatAnswers_isUp() {
    ReadinessCheck check = new ReadinessCheck("database", () -> {}, Duration.ofSeconds(1));

    assertThat(check.check().up()).isTrue();
  }

  @Test
  void aDependencyThatRefuses_isDown_withoutItsErrorInTheAnswer() {
    ReadinessCheck check = new ReadinessCheck("database", () -> {
      throw new SQLException("Connection to db.internal:5432 refused");
    }, Duration.ofSeconds(1));

    assertThat(check.check().down()).hasValueSatisfying(why ->
        assertThat(why).contains("does not answer").doesNotContain("db.internal"));
  }

  @Test
  void aDependencyThatHangs_isDownWithinTheBound_andLaterCallersJoinTheCheckInFlight() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger probes = new AtomicInteger();
    ReadinessCheck check = new ReadinessCheck("database", () -> {
      probes.incrementAndGet();
      release.await();
    }, Duration.ofMillis(200));
    try {
      long start = System.nanoTime();
      ReadinessCheck.Result first = check.check();
      long firstTook = System.nanoTime() - start;
      ReadinessCheck.Result second = check.check();
      long bothTook = System.nanoTime() - start;

      assertThat(first.down()).hasValueSatisfying(why -> assertThat(why).startsWith("has not answered for"));
      assertThat(Duration.ofNanos(firstTook)).isBetween(Duration.ofMillis(150), Duration.ofMillis(900));
      assertThat(Duration.ofNanos(bothTook - firstTook)).isBetween(Duration.ofMillis(150), Duration.ofMillis(900));
      assertThat(second.down()).hasValueSatisfying(why -> assertThat(why).startsWith("has not answered for"));
      assertThat(probes).as("one check at a time, however many callers").hasValue(1);
    } finally {
      release.countDown();
    }
    // The hung check ends, and with it the outage.
    assertThat(check.check().up()).isTrue();
  }
}

package dev.governor.server.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The thread that runs a pass when woken, when the pass's next due instant comes, and at the sweep. */
class DueTimerTest {

  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  final AtomicReference<Instant> now = new AtomicReference<>(T0);
  final List<Boolean> passes = new CopyOnWriteArrayList<>();
  final AtomicReference<Optional<Instant>> next = new AtomicReference<>(Optional.empty());
  DueTimer timer;

  DueTimer start(Duration sweep, DueTimer.Pass pass) {
    timer = new DueTimer("test-timer", now::get, sweep, Duration.ofMillis(200), pass);
    timer.start();
    return timer;
  }

  DueTimer start() {
    return start(Duration.ofHours(1), sweep -> {
      passes.add(sweep);
      return next.get();
    });
  }

  @AfterEach
  void stop() {
    if (timer != null) timer.close();
  }

  @Test
  void theFirstPassIsASweep_andWithNothingDueNoOtherRunsUntilWoken() {
    start();
    await().atMost(Duration.ofSeconds(5)).until(() -> passes.size() == 1);
    assertThat(passes).containsExactly(true);
    now.set(T0.plus(Duration.ofDays(1)));
    await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> passes.size() == 1);

    timer.wake();
    await().atMost(Duration.ofSeconds(5)).until(() -> passes.size() == 2);
    assertThat(passes.get(1)).as("a wake-up is not a sweep").isFalse();
  }

  @Test
  void aPassRunsOnceTheInjectedClockReachesTheDueInstant_evenWhenTheClockJumps_andNotBefore() {
    next.set(Optional.of(T0.plusSeconds(30)));
    start();
    await().atMost(Duration.ofSeconds(5)).until(() -> passes.size() == 1);
    next.set(Optional.empty());
    now.set(T0.plusSeconds(29));
    await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> passes.size() == 1);

    now.set(T0.plusSeconds(30));
    // The clock is read at least every CLOCK_CHECK while something is due.
    await().atMost(DueTimer.CLOCK_CHECK.plusSeconds(1)).until(() -> passes.size() == 2);
    await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> passes.size() == 2);
  }

  @Test
  void aPassThatFails_isRetriedAfterTheRetryInterval_withoutAWakeUp() {
    AtomicInteger calls = new AtomicInteger();
    start(Duration.ofHours(1), sweep -> {
      if (calls.incrementAndGet() == 1) throw new IllegalStateException("the database is away");
      return Optional.empty();
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 2);
    await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(3)).until(() -> calls.get() == 2);
  }

  @Test
  void theSweepRuns_atItsInterval_whenNothingElseAsks() {
    start(Duration.ofMillis(300), sweep -> {
      passes.add(sweep);
      return Optional.empty();
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> passes.size() >= 3);
    assertThat(passes).allMatch(sweep -> sweep);
  }

  @Test
  void close_stopsTheThread_interruptingAPassThatRuns() throws Exception {
    java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
    AtomicReference<Boolean> interrupted = new AtomicReference<>(false);
    start(Duration.ofHours(1), sweep -> {
      running.countDown();
      try {
        new java.util.concurrent.CountDownLatch(1).await(); // a send that hangs
      } catch (InterruptedException e) {
        interrupted.set(true);
        Thread.currentThread().interrupt();
      }
      return Optional.empty();
    });
    assertThat(running.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    timer.close(Duration.ofSeconds(5));
    assertThat(interrupted.get()).isTrue();
  }
}

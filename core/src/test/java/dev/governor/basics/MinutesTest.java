package dev.governor.basics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MinutesTest {

  /** floor is arithmetic on the epoch second; it must agree with the JDK's truncation everywhere. */
  @Test
  void floor_agrees_with_truncation_to_the_minute_before_and_after_the_epoch() {
    Random random = new Random(11);
    for (int i = 0; i < 100_000; i++) {
      long seconds = random.nextLong(-4_000_000_000L, 4_000_000_000L);
      long nanos = random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000);
      if (random.nextInt(8) == 0) seconds -= Math.floorMod(seconds, 60); // whole minutes too
      Instant instant = Instant.ofEpochSecond(seconds, nanos);
      Instant truncated = instant.truncatedTo(ChronoUnit.MINUTES);
      assertThat(Minutes.floor(instant)).as("%s", instant).isEqualTo(truncated);
      assertThat(Minutes.isStart(instant)).as("%s", instant).isEqualTo(truncated.equals(instant));
    }
  }
}

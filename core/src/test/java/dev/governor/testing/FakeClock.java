package dev.governor.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that stands still until a test moves it. */
public final class FakeClock implements InstantSource {
  private volatile Instant now;

  public FakeClock(Instant start) {
    this.now = start;
  }

  public static FakeClock at(String instant) {
    return new FakeClock(Instant.parse(instant));
  }

  @Override
  public Instant instant() {
    return now;
  }

  public void advance(Duration by) {
    now = now.plus(by);
  }

  public void set(Instant instant) {
    now = instant;
  }
}

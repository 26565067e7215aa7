package dev.governor.oncall;

import java.time.Instant;

/** {@code user} is on call from {@code start} (included) to {@code end} (excluded), whatever the layers say. */
public record ScheduleOverride(UserName user, Instant start, Instant end) {

  public ScheduleOverride {
    if (user == null || start == null || end == null) throw new IllegalArgumentException("an override needs a user, a start and an end");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("an override must end after it starts, got " + start + " .. " + end);
    }
  }
}

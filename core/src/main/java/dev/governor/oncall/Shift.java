package dev.governor.oncall;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code user} on call from {@code start} (included) to {@code end} (excluded). Adjacent stretches of
 * the same person are one shift, so {@code sources} lists every layer and override that made it, in
 * the order they took over.
 */
public record Shift(UserName user, Instant start, Instant end, List<ShiftSource> sources) {

  public Shift {
    if (user == null) throw new IllegalArgumentException("a shift needs a user");
    if (!end.isAfter(start)) throw new IllegalArgumentException("a shift must end after it starts, got " + start + " .. " + end);
    sources = List.copyOf(sources);
    if (sources.isEmpty()) throw new IllegalArgumentException("a shift comes from a layer or an override");
  }

  public Duration length() {
    return Duration.between(start, end);
  }

  public boolean covers(Instant instant) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }
}

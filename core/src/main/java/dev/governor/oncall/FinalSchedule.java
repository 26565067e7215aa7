package dev.governor.oncall;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Who is on call from {@code from} to {@code to} once layers and overrides are laid over each
 * other: shifts in order, none overlapping, cut at both ends of the range. Time no shift covers is
 * a gap, when nobody is on call.
 */
public record FinalSchedule(ScheduleName schedule, ZoneId zone, Instant from, Instant to, List<Shift> shifts) {

  /** A stretch of the range when nobody is on call. */
  public record Gap(Instant start, Instant end) {}

  public FinalSchedule {
    if (!to.isAfter(from)) throw new IllegalArgumentException("a range must end after it starts, got " + from + " .. " + to);
    shifts = List.copyOf(shifts);
    Instant last = from;
    for (Shift s : shifts) {
      if (s.start().isBefore(last) || s.end().isAfter(to)) {
        throw new IllegalArgumentException("shifts must be ordered, apart and inside " + from + " .. " + to + ", got " + s);
      }
      last = s.end();
    }
  }

  public List<Gap> gaps() {
    List<Gap> gaps = new ArrayList<>();
    Instant covered = from;
    for (Shift s : shifts) {
      if (s.start().isAfter(covered)) gaps.add(new Gap(covered, s.start()));
      covered = s.end();
    }
    if (to.isAfter(covered)) gaps.add(new Gap(covered, to));
    return gaps;
  }
}

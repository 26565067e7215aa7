package dev.governor.oncall;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;

/** How a wall-clock time of a schedule's zone becomes an instant, once, for hand-offs and restrictions alike. */
final class WallClock {

  private WallClock() {}

  /**
   * The first instant at which the clocks of {@code zone} show {@code local} or later. A time that
   * exists once is that instant; a time skipped by a daylight-saving gap (02:30 on the night the
   * clocks jump from 02:00 to 03:00) is the instant of the jump, the first moment the clock is past
   * it; a time that exists twice (02:30 when the clocks fall back) is its first occurrence. Java's
   * own resolution would move a skipped time forward by the gap (to 03:30), so a hand-off would
   * happen half an hour after the clock had passed it.
   */
  static Instant instantOf(LocalDateTime local, ZoneId zone) {
    ZoneOffsetTransition transition = zone.getRules().getTransition(local);
    if (transition != null && transition.isGap()) return transition.getInstant();
    // Not a gap: ZonedDateTime picks the earlier offset of an overlap.
    return local.atZone(zone).toInstant();
  }
}

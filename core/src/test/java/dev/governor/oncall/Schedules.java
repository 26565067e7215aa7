package dev.governor.oncall;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

/** Small builders that keep the schedule tests readable. */
final class Schedules {

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final UserName ALICE = UserName.of("alice");
  static final UserName BOB = UserName.of("bob");
  static final UserName CAROL = UserName.of("carol");
  static final UserName DAVE = UserName.of("dave");

  private Schedules() {}

  static List<UserName> users(String... names) {
    return Arrays.stream(names).map(UserName::of).toList();
  }

  static Layer layer(String name, String start, TurnLength turn, List<UserName> users, Restriction... restrictions) {
    return new Layer(name, users, LocalDateTime.parse(start), turn, List.of(restrictions));
  }

  static Schedule schedule(ZoneId zone, List<Layer> layers, ScheduleOverride... overrides) {
    return new Schedule(ScheduleName.of("primary"), zone, layers, List.of(overrides));
  }

  static Instant at(String instant) {
    return Instant.parse(instant);
  }

  /** "alice 2026-03-02T08:00:00Z..2026-03-09T08:00:00Z": a shift as one comparable line. */
  static String line(Shift s) {
    return s.user() + " " + s.start() + ".." + s.end();
  }

  static List<String> lines(FinalSchedule f) {
    return f.shifts().stream().map(Schedules::line).toList();
  }
}

package dev.governor.oncall;

import static dev.governor.oncall.Schedules.ALICE;
import static dev.governor.oncall.Schedules.BERLIN;
import static dev.governor.oncall.Schedules.BOB;
import static dev.governor.oncall.Schedules.CAROL;
import static dev.governor.oncall.Schedules.DAVE;
import static dev.governor.oncall.Schedules.at;
import static dev.governor.oncall.Schedules.layer;
import static dev.governor.oncall.Schedules.lines;
import static dev.governor.oncall.Schedules.schedule;
import static dev.governor.oncall.Schedules.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rotation math, restrictions, layer precedence and overrides, each with a worked example. */
class RotationTest {

  /** Mondays at 09:00 Berlin from 5 January 2026: alice, bob, carol, alice ... */
  static final Layer WEEKLY = layer("weekly", "2026-01-05T09:00", TurnLength.weeks(1), users("alice", "bob", "carol"));

  @Test
  void aWeeklyTurn_belongsToTheUserWhoseTurnNumberItIs_moduloTheUsers() {
    Schedule s = schedule(BERLIN, List.of(WEEKLY));

    // 2 March 2026 is 8 weeks after 5 January: turn 8, 8 mod 3 = 2, carol. Berlin is UTC+1 in winter.
    assertThat(s.onCallAt(at("2026-03-02T08:00:00Z"))).contains(CAROL);
    // A minute before 09:00 Berlin it is still turn 7: 7 mod 3 = 1, bob.
    assertThat(s.onCallAt(at("2026-03-02T07:59:00Z"))).contains(BOB);
    // The first turn is alice's, and before the rotation starts nobody is on call.
    assertThat(s.onCallAt(at("2026-01-05T08:00:00Z"))).contains(ALICE);
    assertThat(s.onCallAt(at("2026-01-05T07:59:59Z"))).isEmpty();
  }

  @Test
  void shifts_areCutToTheRange_andFollowEachOtherWithoutAGap() {
    Schedule s = schedule(BERLIN, List.of(WEEKLY));

    FinalSchedule f = s.shifts(at("2026-02-01T00:00:00Z"), at("2026-02-20T00:00:00Z"));

    // Turns 3 (alice, from 26 Jan), 4 (bob, 2 Feb), 5 (carol, 9 Feb), 6 (alice, 16 Feb).
    assertThat(lines(f)).containsExactly(
        "alice 2026-02-01T00:00:00Z..2026-02-02T08:00:00Z",
        "bob 2026-02-02T08:00:00Z..2026-02-09T08:00:00Z",
        "carol 2026-02-09T08:00:00Z..2026-02-16T08:00:00Z",
        "alice 2026-02-16T08:00:00Z..2026-02-20T00:00:00Z");
    assertThat(f.gaps()).isEmpty();
    assertThat(f.shifts()).allSatisfy(shift -> assertThat(shift.sources()).containsExactly(new ShiftSource.OfLayer("weekly")));
  }

  @Test
  void hourTurns_stepInExactHours_fromTheStart() {
    Layer twelve = layer("halves", "2026-03-02T09:00", TurnLength.hours(12), users("alice", "bob"));
    Schedule s = schedule(ZoneOffset.UTC, List.of(twelve));

    assertThat(lines(s.shifts(at("2026-03-02T00:00:00Z"), at("2026-03-03T12:00:00Z")))).containsExactly(
        "alice 2026-03-02T09:00:00Z..2026-03-02T21:00:00Z",
        "bob 2026-03-02T21:00:00Z..2026-03-03T09:00:00Z",
        "alice 2026-03-03T09:00:00Z..2026-03-03T12:00:00Z");
    // Long after the start, the turn number is computed, not counted: 10,000 turns later, an even turn.
    assertThat(s.onCallAt(at("2026-03-02T09:00:00Z").plus(Duration.ofHours(12L * 10_000)))).contains(ALICE);
  }

  @Test
  void adjacentTurnsOfTheSameUser_areOneShift() {
    Layer twice = layer("weekly", "2026-01-05T09:00", TurnLength.weeks(1), users("alice", "alice", "bob"));
    Schedule s = schedule(BERLIN, List.of(twice));

    assertThat(lines(s.shifts(at("2026-01-05T08:00:00Z"), at("2026-01-26T08:00:00Z")))).containsExactly(
        "alice 2026-01-05T08:00:00Z..2026-01-19T08:00:00Z",
        "bob 2026-01-19T08:00:00Z..2026-01-26T08:00:00Z");
  }

  @Test
  void aDailyRestriction_leavesGapsOutsideItsHours() {
    Layer days = layer("office", "2026-03-02T09:00", TurnLength.days(1), users("alice", "bob"),
        new Restriction.Daily(LocalTime.of(9, 0), LocalTime.of(17, 0)));
    Schedule s = schedule(ZoneOffset.UTC, List.of(days));

    FinalSchedule f = s.shifts(at("2026-03-02T00:00:00Z"), at("2026-03-04T00:00:00Z"));

    assertThat(lines(f)).containsExactly(
        "alice 2026-03-02T09:00:00Z..2026-03-02T17:00:00Z",
        "bob 2026-03-03T09:00:00Z..2026-03-03T17:00:00Z");
    assertThat(f.gaps()).extracting(FinalSchedule.Gap::start)
        .containsExactly(at("2026-03-02T00:00:00Z"), at("2026-03-02T17:00:00Z"), at("2026-03-03T17:00:00Z"));
    assertThat(s.onCallAt(at("2026-03-02T20:00:00Z"))).isEmpty();
  }

  @Test
  void aRestrictionThatWrapsPastMidnight_belongsToTheTurnItFallsIn() {
    // Hand-off at 20:00; nights from 22:00 to 06:00. Each night lies inside one turn.
    Layer nights = layer("nights", "2026-03-02T20:00", TurnLength.days(1), users("alice", "bob"),
        new Restriction.Daily(LocalTime.of(22, 0), LocalTime.of(6, 0)));
    Schedule s = schedule(ZoneOffset.UTC, List.of(nights));

    assertThat(lines(s.shifts(at("2026-03-02T00:00:00Z"), at("2026-03-04T12:00:00Z")))).containsExactly(
        "alice 2026-03-02T22:00:00Z..2026-03-03T06:00:00Z",
        "bob 2026-03-03T22:00:00Z..2026-03-04T06:00:00Z");
  }

  @Test
  void aRestrictionThatCrossesAHandOff_isSplitBetweenTheTwoTurns() {
    // Hand-off at 12:00 inside the 09:00-17:00 window: alice has 09-12, bob 12-17.
    Layer split = layer("split", "2026-03-02T12:00", TurnLength.days(1), users("alice", "bob"),
        new Restriction.Daily(LocalTime.of(9, 0), LocalTime.of(17, 0)));
    Schedule s = schedule(ZoneOffset.UTC, List.of(split));

    assertThat(lines(s.shifts(at("2026-03-03T00:00:00Z"), at("2026-03-04T00:00:00Z")))).containsExactly(
        "alice 2026-03-03T09:00:00Z..2026-03-03T12:00:00Z",
        "bob 2026-03-03T12:00:00Z..2026-03-03T17:00:00Z");
  }

  @Test
  void aWeeklyRestriction_overTheWeekend_wrapsFromFridayToMonday() {
    Layer weekends = layer("weekends", "2026-01-05T09:00", TurnLength.weeks(1), users("alice", "bob"),
        new Restriction.Weekly(DayOfWeek.FRIDAY, LocalTime.of(18, 0), DayOfWeek.MONDAY, LocalTime.of(8, 0)));
    Schedule s = schedule(ZoneOffset.UTC, List.of(weekends));

    // The turn from 2 March is 8 weeks after 5 January, an even turn: alice's; the weekend before
    // still belongs to bob's turn, which ends at 09:00 on Monday.
    assertThat(lines(s.shifts(at("2026-03-02T00:00:00Z"), at("2026-03-16T00:00:00Z")))).containsExactly(
        "bob 2026-03-02T00:00:00Z..2026-03-02T08:00:00Z",
        "alice 2026-03-06T18:00:00Z..2026-03-09T08:00:00Z",
        "bob 2026-03-13T18:00:00Z..2026-03-16T00:00:00Z");
  }

  @Test
  void twoRestrictions_coverTheirUnion() {
    Layer both = layer("both", "2026-03-02T00:00", TurnLength.weeks(1), users("alice"),
        new Restriction.Daily(LocalTime.of(9, 0), LocalTime.of(12, 0)),
        new Restriction.Daily(LocalTime.of(11, 0), LocalTime.of(13, 0)),
        new Restriction.Daily(LocalTime.of(13, 0), LocalTime.of(14, 0)));
    Schedule s = schedule(ZoneOffset.UTC, List.of(both));

    assertThat(lines(s.shifts(at("2026-03-02T00:00:00Z"), at("2026-03-03T00:00:00Z"))))
        .containsExactly("alice 2026-03-02T09:00:00Z..2026-03-02T14:00:00Z");
  }

  @Test
  void aLaterLayer_winsWhereItHasSomeone_andTheEarlierShowsThroughItsGaps() {
    Layer allDay = layer("all-day", "2026-03-02T00:00", TurnLength.weeks(1), users("alice"));
    Layer office = layer("office", "2026-03-02T00:00", TurnLength.days(1), users("bob", "carol"),
        new Restriction.Daily(LocalTime.of(9, 0), LocalTime.of(17, 0)));
    Schedule s = schedule(ZoneOffset.UTC, List.of(allDay, office));

    FinalSchedule f = s.shifts(at("2026-03-02T00:00:00Z"), at("2026-03-04T00:00:00Z"));

    assertThat(lines(f)).containsExactly(
        "alice 2026-03-02T00:00:00Z..2026-03-02T09:00:00Z",
        "bob 2026-03-02T09:00:00Z..2026-03-02T17:00:00Z",
        "alice 2026-03-02T17:00:00Z..2026-03-03T09:00:00Z",
        "carol 2026-03-03T09:00:00Z..2026-03-03T17:00:00Z",
        "alice 2026-03-03T17:00:00Z..2026-03-04T00:00:00Z");
    assertThat(f.shifts().get(1).sources()).containsExactly(new ShiftSource.OfLayer("office"));
    // The order of the layers is the precedence: swapped, the all-day layer hides the office one.
    Schedule swapped = schedule(ZoneOffset.UTC, List.of(office, allDay));
    assertThat(lines(swapped.shifts(at("2026-03-02T00:00:00Z"), at("2026-03-04T00:00:00Z"))))
        .containsExactly("alice 2026-03-02T00:00:00Z..2026-03-04T00:00:00Z");
  }

  @Test
  void anOverride_winsOverEveryLayer_andALaterOverrideOverAnEarlierOne() {
    Layer allDay = layer("all-day", "2026-03-02T00:00", TurnLength.weeks(1), users("alice"));
    Schedule s = schedule(ZoneOffset.UTC, List.of(allDay),
        new ScheduleOverride(CAROL, at("2026-03-02T10:00:00Z"), at("2026-03-02T14:00:00Z")),
        new ScheduleOverride(DAVE, at("2026-03-02T12:00:00Z"), at("2026-03-02T13:00:00Z")));

    FinalSchedule f = s.shifts(at("2026-03-02T00:00:00Z"), at("2026-03-03T00:00:00Z"));

    assertThat(lines(f)).containsExactly(
        "alice 2026-03-02T00:00:00Z..2026-03-02T10:00:00Z",
        "carol 2026-03-02T10:00:00Z..2026-03-02T12:00:00Z",
        "dave 2026-03-02T12:00:00Z..2026-03-02T13:00:00Z",
        "carol 2026-03-02T13:00:00Z..2026-03-02T14:00:00Z",
        "alice 2026-03-02T14:00:00Z..2026-03-03T00:00:00Z");
    assertThat(f.shifts().get(2).sources()).containsExactly(new ShiftSource.OfOverride(1));
  }

  @Test
  void anOverrideInAGap_putsSomeoneOnCall_andOneForTheUserOnCall_mergesWithTheirShift() {
    Layer office = layer("office", "2026-03-02T00:00", TurnLength.weeks(1), users("alice"),
        new Restriction.Daily(LocalTime.of(9, 0), LocalTime.of(17, 0)));
    Schedule s = schedule(ZoneOffset.UTC, List.of(office),
        new ScheduleOverride(ALICE, at("2026-03-02T17:00:00Z"), at("2026-03-02T19:00:00Z")),
        new ScheduleOverride(BOB, at("2026-03-02T03:00:00Z"), at("2026-03-02T04:00:00Z")));

    FinalSchedule f = s.shifts(at("2026-03-02T00:00:00Z"), at("2026-03-03T00:00:00Z"));

    assertThat(lines(f)).containsExactly(
        "bob 2026-03-02T03:00:00Z..2026-03-02T04:00:00Z",
        "alice 2026-03-02T09:00:00Z..2026-03-02T19:00:00Z");
    assertThat(f.shifts().get(1).sources())
        .containsExactly(new ShiftSource.OfLayer("office"), new ShiftSource.OfOverride(0));
  }

  @Test
  void onCallAt_agreesWithTheShifts_atEveryInstant() {
    Schedule s = schedule(BERLIN, List.of(WEEKLY,
            layer("nights", "2026-03-20T20:00", TurnLength.days(1), users("dave", "carol"),
                new Restriction.Daily(LocalTime.of(22, 0), LocalTime.of(2, 30))),
            layer("weekend", "2026-03-01T00:00", TurnLength.hours(7), users("bob", "alice", "carol"),
                new Restriction.Weekly(DayOfWeek.SATURDAY, LocalTime.of(2, 30), DayOfWeek.SUNDAY, LocalTime.of(3, 0)))),
        new ScheduleOverride(BOB, at("2026-03-28T23:00:00Z"), at("2026-03-29T02:00:00Z")));
    Instant from = at("2026-03-15T00:00:00Z");
    Instant to = at("2026-04-15T00:00:00Z");
    FinalSchedule f = s.shifts(from, to);
    Random random = new Random(42);
    List<Instant> probes = new ArrayList<>();
    for (Shift shift : f.shifts()) {
      probes.add(shift.start());
      probes.add(shift.end().minusNanos(1));
    }
    for (int i = 0; i < 2000; i++) probes.add(from.plusSeconds(random.nextLong(Duration.between(from, to).getSeconds())));

    for (Instant t : probes) {
      assertThat(s.onCallAt(t)).as("at %s", t)
          .isEqualTo(f.shifts().stream().filter(shift -> shift.covers(t)).findFirst().map(Shift::user));
    }
  }

  @Test
  void aYearOfAWeeklyRotation_withLayersAndOverrides_isComputedQuickly() {
    List<ScheduleOverride> overrides = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Instant start = at("2026-01-01T00:00:00Z").plus(Duration.ofHours(83L * i));
      overrides.add(new ScheduleOverride(DAVE, start, start.plus(Duration.ofHours(5))));
    }
    Schedule s = new Schedule(ScheduleName.of("big"), BERLIN, List.of(WEEKLY,
        layer("office", "2026-01-05T09:00", TurnLength.days(1), users("bob", "carol"),
            new Restriction.Weekly(DayOfWeek.MONDAY, LocalTime.of(9, 0), DayOfWeek.FRIDAY, LocalTime.of(17, 0)))),
        overrides);

    long started = System.nanoTime();
    FinalSchedule year = s.shifts(at("2026-01-05T08:00:00Z"), at("2027-01-04T08:00:00Z"));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(year.gaps()).isEmpty();
    assertThat(year.shifts()).hasSizeGreaterThan(52);
    // A generous bound: it takes milliseconds; a quadratic walk over a year would take far more.
    assertThat(took).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void invalidShapes_areRefusedWithTheOffendingValue() {
    assertThatThrownBy(() -> TurnLength.hours(0)).hasMessageContaining("0h");
    assertThatThrownBy(() -> TurnLength.weeks(53)).hasMessageContaining("53w");
    assertThatThrownBy(() -> new Restriction.Daily(LocalTime.NOON, LocalTime.NOON)).hasMessageContaining("whole day");
    assertThatThrownBy(() -> layer("nobody", "2026-01-01T00:00", TurnLength.days(1), List.of()))
        .hasMessageContaining("at least one user");
    assertThatThrownBy(() -> schedule(BERLIN, List.of(WEEKLY, WEEKLY))).hasMessageContaining("two layers named weekly");
    assertThatThrownBy(() -> new ScheduleOverride(ALICE, at("2026-01-02T00:00:00Z"), at("2026-01-01T00:00:00Z")))
        .hasMessageContaining("2026-01-02T00:00:00Z");
    assertThatThrownBy(() -> UserName.of("Alice")).hasMessageContaining("'Alice'");
  }
}

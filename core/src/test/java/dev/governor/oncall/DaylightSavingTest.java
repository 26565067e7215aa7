package dev.governor.oncall;

import static dev.governor.oncall.Schedules.BERLIN;
import static dev.governor.oncall.Schedules.NEW_YORK;
import static dev.governor.oncall.Schedules.at;
import static dev.governor.oncall.Schedules.layer;
import static dev.governor.oncall.Schedules.lines;
import static dev.governor.oncall.Schedules.schedule;
import static dev.governor.oncall.Schedules.users;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Hand-offs across daylight-saving changes: day- and week-based turns stay at the same wall-clock
 * time, the turn across the change is an hour shorter or longer, and no hour is lost or doubled.
 */
class DaylightSavingTest {

  /**
   * A daily rotation with a 09:00 hand-off, over the week around a change: every hand-off is at
   * 09:00 local, the shifts tile the range exactly, and only the turn across the change differs
   * from 24 hours, by the hour the clocks moved.
   */
  @ParameterizedTest(name = "{0} around {1}: the turn across the change lasts {2}h")
  @CsvSource({
      "Europe/Berlin,    2026-03-29, 23",
      "Europe/Berlin,    2026-10-25, 25",
      "America/New_York, 2026-03-08, 23",
      "America/New_York, 2026-11-01, 25"})
  void aDailyHandOffAt0900_staysAt0900Local_acrossTheChange(String zoneId, String changeDay, long hoursAcross) {
    ZoneId zone = ZoneId.of(zoneId);
    java.time.LocalDate change = java.time.LocalDate.parse(changeDay);
    Layer daily = layer("daily", change.minusDays(10) + "T09:00", TurnLength.days(1), users("alice", "bob", "carol"));
    Schedule s = schedule(zone, List.of(daily));
    Instant from = change.minusDays(3).atTime(9, 0).atZone(zone).toInstant();
    Instant to = change.plusDays(3).atTime(9, 0).atZone(zone).toInstant();

    FinalSchedule f = s.shifts(from, to);

    assertThat(f.shifts()).hasSize(6);
    assertThat(f.shifts()).allSatisfy(shift -> {
      assertThat(shift.start().atZone(zone).toLocalTime()).isEqualTo(LocalTime.of(9, 0));
      assertThat(shift.end().atZone(zone).toLocalTime()).isEqualTo(LocalTime.of(9, 0));
    });
    // No hour lost or doubled: each shift ends where the next begins, and together they are the range.
    assertThat(f.gaps()).isEmpty();
    for (int i = 1; i < f.shifts().size(); i++) assertThat(f.shifts().get(i).start()).isEqualTo(f.shifts().get(i - 1).end());
    assertThat(f.shifts().stream().map(Shift::length).reduce(Duration.ZERO, Duration::plus))
        .isEqualTo(Duration.between(from, to));
    // The turn from 09:00 the day before the change to 09:00 on the day of it.
    assertThat(f.shifts().stream().map(sh -> sh.length().toHours()).toList())
        .containsExactly(24L, 24L, hoursAcross, 24L, 24L, 24L);
  }

  @Test
  void berlinInSpring_theWorkedExample() {
    Layer daily = layer("daily", "2026-03-27T09:00", TurnLength.days(1), users("alice", "bob"));
    Schedule s = schedule(BERLIN, List.of(daily));

    // Clocks go from 02:00 CET (UTC+1) to 03:00 CEST (UTC+2) on Sunday 29 March 2026.
    assertThat(lines(s.shifts(at("2026-03-27T08:00:00Z"), at("2026-03-31T07:00:00Z")))).containsExactly(
        "alice 2026-03-27T08:00:00Z..2026-03-28T08:00:00Z",
        "bob 2026-03-28T08:00:00Z..2026-03-29T07:00:00Z",
        "alice 2026-03-29T07:00:00Z..2026-03-30T07:00:00Z",
        "bob 2026-03-30T07:00:00Z..2026-03-31T07:00:00Z");
  }

  @Test
  void berlinInAutumn_theWorkedExample() {
    Layer daily = layer("daily", "2026-10-23T09:00", TurnLength.days(1), users("alice", "bob"));
    Schedule s = schedule(BERLIN, List.of(daily));

    // Clocks go from 03:00 CEST back to 02:00 CET on Sunday 25 October 2026.
    assertThat(lines(s.shifts(at("2026-10-23T07:00:00Z"), at("2026-10-27T08:00:00Z")))).containsExactly(
        "alice 2026-10-23T07:00:00Z..2026-10-24T07:00:00Z",
        "bob 2026-10-24T07:00:00Z..2026-10-25T08:00:00Z",
        "alice 2026-10-25T08:00:00Z..2026-10-26T08:00:00Z",
        "bob 2026-10-26T08:00:00Z..2026-10-27T08:00:00Z");
  }

  @Test
  void aWeeklyTurnAcrossTheChange_lasts167Or169Hours_andHandsOffAtMonday0900() {
    Layer weekly = layer("weekly", "2026-01-05T09:00", TurnLength.weeks(1), users("alice", "bob", "carol"));
    Schedule s = schedule(BERLIN, List.of(weekly));

    FinalSchedule spring = s.shifts(at("2026-03-23T08:00:00Z"), at("2026-03-30T07:00:00Z"));
    FinalSchedule autumn = s.shifts(at("2026-10-19T07:00:00Z"), at("2026-10-26T08:00:00Z"));

    assertThat(spring.shifts()).singleElement().satisfies(sh -> assertThat(sh.length()).isEqualTo(Duration.ofHours(167)));
    assertThat(autumn.shifts()).singleElement().satisfies(sh -> assertThat(sh.length()).isEqualTo(Duration.ofHours(169)));
    assertThat(s.onCallAt(at("2026-03-30T06:59:59Z"))).isNotEqualTo(s.onCallAt(at("2026-03-30T07:00:00Z")));
  }

  @Test
  void hourTurns_keepTheirExactLength_soTheirHandOffsMoveOnTheWallClock() {
    Layer halves = layer("halves", "2026-03-28T09:00", TurnLength.hours(12), users("alice", "bob"));
    Schedule s = schedule(BERLIN, List.of(halves));

    FinalSchedule f = s.shifts(at("2026-03-28T08:00:00Z"), at("2026-03-30T08:00:00Z"));

    assertThat(f.shifts()).allSatisfy(sh -> assertThat(sh.length()).isEqualTo(Duration.ofHours(12)));
    // 09:00 and 21:00 before the change, 10:00 and 22:00 after it.
    assertThat(f.shifts().getLast().start().atZone(BERLIN).toLocalTime()).isEqualTo(LocalTime.of(22, 0));
  }

  @Test
  void aHandOffAtATimeTheSpringChangeSkips_happensWhenTheClockJumpsPastIt() {
    // 02:30 does not exist in Berlin on 29 March 2026: the clock reads 02:00 CET, then 03:00 CEST.
    Layer early = layer("early", "2026-03-27T02:30", TurnLength.days(1), users("alice", "bob"));
    Schedule s = schedule(BERLIN, List.of(early));

    assertThat(lines(s.shifts(at("2026-03-28T01:30:00Z"), at("2026-03-30T00:30:00Z")))).containsExactly(
        "bob 2026-03-28T01:30:00Z..2026-03-29T01:00:00Z",
        "alice 2026-03-29T01:00:00Z..2026-03-30T00:30:00Z");
  }

  @Test
  void aNightRestrictionAcrossTheChange_coversTheNightAsTheClockShowsIt() {
    Layer nights = layer("nights", "2026-03-20T12:00", TurnLength.weeks(1), users("alice"),
        new Restriction.Daily(LocalTime.of(22, 0), LocalTime.of(6, 0)));
    Schedule s = schedule(BERLIN, List.of(nights));

    FinalSchedule f = s.shifts(at("2026-03-28T12:00:00Z"), at("2026-03-29T12:00:00Z"));

    // 22:00 CET to 06:00 CEST: seven hours, not eight.
    assertThat(lines(f)).containsExactly("alice 2026-03-28T21:00:00Z..2026-03-29T04:00:00Z");
  }

  @Test
  void newYork_dailyHandOffAt0900_acrossBothChanges() {
    Layer daily = layer("daily", "2026-03-01T09:00", TurnLength.days(1), users("alice", "bob"));
    Schedule s = schedule(NEW_YORK, List.of(daily));

    // EST is UTC-5, EDT UTC-4; the change is at 02:00 on 8 March and 1 November 2026. 7 March is
    // turn 6, alice's.
    assertThat(lines(s.shifts(at("2026-03-07T14:00:00Z"), at("2026-03-09T13:00:00Z")))).containsExactly(
        "alice 2026-03-07T14:00:00Z..2026-03-08T13:00:00Z",
        "bob 2026-03-08T13:00:00Z..2026-03-09T13:00:00Z");
    FinalSchedule november = s.shifts(at("2026-10-31T13:00:00Z"), at("2026-11-02T14:00:00Z"));
    assertThat(november.shifts()).extracting(sh -> sh.start().atZone(NEW_YORK).toLocalTime())
        .containsOnly(LocalTime.of(9, 0));
    assertThat(november.shifts()).extracting(Shift::length).containsExactly(Duration.ofHours(25), Duration.ofHours(24));
  }
}

package dev.governor.adjustment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.basics.SloName;
import dev.governor.basics.TimeRange;
import dev.governor.slo.Exclusions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BudgetAdjustmentTest {

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  static BudgetAdjustment weekly(String rrule, LocalDateTime start, Duration duration) {
    return new BudgetAdjustment("maintenance", "weekly database maintenance", List.of(SloName.of("checkout")),
        Map.of(), start, BERLIN, duration, Optional.of(Recurrence.parse(rrule)));
  }

  @Test
  void a_weekly_window_stays_at_local_time_across_the_change_to_winter_time() {
    BudgetAdjustment sundays = weekly("FREQ=WEEKLY;BYDAY=SU", LocalDateTime.of(2026, 10, 18, 1, 0), Duration.ofHours(2));
    List<TimeRange> got = sundays.within(Instant.parse("2026-10-17T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z"));
    assertThat(got).containsExactly(
        // Summer time: 01:00 local is 23:00 UTC the day before.
        new TimeRange(Instant.parse("2026-10-17T23:00:00Z"), Instant.parse("2026-10-18T01:00:00Z")),
        // 2026-10-25 is the night the clocks go back: 01:00 local is still summer time, 23:00 UTC.
        new TimeRange(Instant.parse("2026-10-24T23:00:00Z"), Instant.parse("2026-10-25T01:00:00Z")),
        // Winter time: 01:00 local is 00:00 UTC.
        new TimeRange(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-01T02:00:00Z")));
  }

  @Test
  void a_start_in_the_spring_gap_moves_forward_by_the_gap() {
    BudgetAdjustment daily = weekly("FREQ=DAILY", LocalDateTime.of(2027, 3, 27, 2, 30), Duration.ofMinutes(30));
    assertThat(daily.within(Instant.parse("2027-03-28T00:00:00Z"), Instant.parse("2027-03-28T06:00:00Z")))
        // 02:30 does not exist on 2027-03-28 in Berlin: 03:30 summer time (01:30 UTC).
        .containsExactly(new TimeRange(Instant.parse("2027-03-28T01:30:00Z"), Instant.parse("2027-03-28T02:00:00Z")));
  }

  @Test
  void count_and_until_end_the_repetition_and_the_last_end_says_when() {
    BudgetAdjustment three = weekly("FREQ=DAILY;COUNT=3", LocalDateTime.of(2026, 12, 1, 22, 0), Duration.ofHours(1));
    assertThat(three.within(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"))).hasSize(3);
    assertThat(three.lastEnd()).contains(Instant.parse("2026-12-03T22:00:00Z"));
    BudgetAdjustment until = weekly("FREQ=WEEKLY;UNTIL=20261215T000000", LocalDateTime.of(2026, 12, 1, 22, 0), Duration.ofHours(1));
    assertThat(until.within(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"))).hasSize(2);
    assertThat(weekly("FREQ=DAILY", LocalDateTime.of(2026, 12, 1, 22, 0), Duration.ofHours(1)).lastEnd()).isEmpty();
  }

  @Test
  void a_monthly_window_on_the_31st_skips_months_without_one() {
    BudgetAdjustment monthly = weekly("FREQ=MONTHLY", LocalDateTime.of(2026, 1, 31, 3, 0), Duration.ofHours(1));
    assertThat(monthly.within(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-06-01T00:00:00Z")))
        .extracting(r -> r.start().atZone(BERLIN).toLocalDate().toString())
        .containsExactly("2026-01-31", "2026-03-31", "2026-05-31");
  }

  @Test
  void a_long_running_daily_window_skips_ahead_instead_of_walking_years() {
    BudgetAdjustment daily = weekly("FREQ=DAILY", LocalDateTime.of(2000, 1, 1, 4, 0), Duration.ofMinutes(15));
    assertThat(daily.next(Instant.parse("2026-12-05T12:00:00Z"), 2)).containsExactly(
        new TimeRange(Instant.parse("2026-12-06T03:00:00Z"), Instant.parse("2026-12-06T03:15:00Z")),
        new TimeRange(Instant.parse("2026-12-07T03:00:00Z"), Instant.parse("2026-12-07T03:15:00Z")));
  }

  @Test
  void exclusions_merge_overlapping_adjustments_and_answer_per_minute() {
    BudgetAdjustment a = new BudgetAdjustment("a", "provider outage", List.of(SloName.of("x")), Map.of(),
        LocalDateTime.of(2026, 12, 1, 10, 0), ZoneId.of("UTC"), Duration.ofMinutes(30), Optional.empty());
    BudgetAdjustment b = new BudgetAdjustment("b", "bad exporter", List.of(SloName.of("x")), Map.of(),
        LocalDateTime.of(2026, 12, 1, 10, 20), ZoneId.of("UTC"), Duration.ofMinutes(30), Optional.empty());
    Exclusions both = Exclusions.of(List.of(a, b));
    Instant from = Instant.parse("2026-12-01T09:00:00Z");
    Instant to = Instant.parse("2026-12-01T12:00:00Z");
    assertThat(both.excluded(from, to)).containsExactly(
        new TimeRange(Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:50:00Z")));
    assertThat(both.included(from, to)).containsExactly(
        new TimeRange(from, Instant.parse("2026-12-01T10:00:00Z")),
        new TimeRange(Instant.parse("2026-12-01T10:50:00Z"), to));
    assertThat(both.excludes(Instant.parse("2026-12-01T10:49:59Z"))).isTrue();
    assertThat(both.excludes(Instant.parse("2026-12-01T10:50:00Z"))).isFalse();
    assertThat(both.excludes(Instant.parse("2026-12-01T09:59:00Z"))).isFalse();
  }

  @Test
  void bad_rules_and_documents_say_what_is_wrong() {
    assertThatThrownBy(() -> Recurrence.parse("FREQ=HOURLY")).hasMessageContaining("FREQ must be DAILY, WEEKLY or MONTHLY");
    assertThatThrownBy(() -> Recurrence.parse("FREQ=DAILY;BYDAY=SU")).hasMessageContaining("BYDAY is only for FREQ=WEEKLY");
    assertThatThrownBy(() -> Recurrence.parse("FREQ=WEEKLY;BYDAY=SUN")).hasMessageContaining("MO, TU, WE");
    assertThatThrownBy(() -> Recurrence.parse("FREQ=DAILY;COUNT=2;UNTIL=20270101")).hasMessageContaining("not both");
    assertThatThrownBy(() -> Recurrence.parse("FREQ=DAILY;BYHOUR=2")).hasMessageContaining("BYHOUR is not supported");
    assertThat(Recurrence.parse("RRULE:freq=weekly;byday=su,sa;interval=2").text()).isEqualTo("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU");
    assertThatThrownBy(() -> new BudgetAdjustment("a", " ", List.of(SloName.of("x")), Map.of(),
        LocalDateTime.of(2026, 12, 1, 10, 0), BERLIN, Duration.ofHours(1), Optional.empty())).hasMessageContaining("reason");
    assertThatThrownBy(() -> new BudgetAdjustment("a", "r", List.of(), Map.of(),
        LocalDateTime.of(2026, 12, 1, 10, 0), BERLIN, Duration.ofHours(1), Optional.empty())).hasMessageContaining("slos");
    assertThatThrownBy(() -> new BudgetAdjustment("a", "r", List.of(SloName.of("x")), Map.of(),
        LocalDateTime.of(2026, 12, 1, 10, 0, 30), BERLIN, Duration.ofHours(1), Optional.empty())).hasMessageContaining("whole minute");
  }
}

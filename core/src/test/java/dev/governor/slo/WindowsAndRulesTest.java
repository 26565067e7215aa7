package dev.governor.slo;

import dev.governor.basics.TimeRange;
import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.alert.BurnRateWindow;
import dev.governor.alert.MultiBurnRateRule;
import dev.governor.alert.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowsAndRulesTest {

  @Test
  void a_rolling_window_holds_the_current_minute_and_reaches_back_its_length() {
    SloWindow w = new SloWindow.Rolling(Duration.ofMinutes(5));
    assertThat(w.rangeAt(Instant.parse("2026-11-21T10:07:30Z")))
        .isEqualTo(new TimeRange(Instant.parse("2026-11-21T10:03:00Z"), Instant.parse("2026-11-21T10:08:00Z")));
  }

  @Test
  void a_calendar_month_starts_at_midnight_on_the_first_in_its_time_zone() {
    var w = new SloWindow.Calendar(CalendarUnit.MONTH, ZoneId.of("Europe/Berlin"));
    TimeRange period = w.periodAt(Instant.parse("2026-11-21T10:00:00Z"));
    assertThat(period.start()).isEqualTo(Instant.parse("2026-10-31T23:00:00Z"));
    assertThat(period.end()).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
    // Berlin leaves summer time in October: that month is 31 days and one hour long.
    assertThat(w.lengthAt(Instant.parse("2026-10-10T00:00:00Z"))).isEqualTo(Duration.ofDays(31).plusHours(1));
  }

  @Test
  void calendar_weeks_start_on_monday_and_quarters_on_the_first_month() {
    var week = new SloWindow.Calendar(CalendarUnit.WEEK, ZoneId.of("UTC"));
    assertThat(week.periodAt(Instant.parse("2026-11-21T10:00:00Z")).start()) // a Saturday
        .isEqualTo(Instant.parse("2026-11-16T00:00:00Z"));
    var quarter = new SloWindow.Calendar(CalendarUnit.QUARTER, ZoneId.of("UTC"));
    assertThat(quarter.periodAt(Instant.parse("2026-11-21T10:00:00Z")))
        .isEqualTo(new TimeRange(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")));
  }

  @Test
  void an_anchored_calendar_window_repeats_from_its_anchor() {
    var twoWeeks = new SloWindow.Calendar(CalendarUnit.WEEK, 2, ZoneId.of("UTC"),
        Optional.of(Instant.parse("2026-01-05T00:00:00Z")));
    // 2026-01-05 plus 22 fortnights is 2026-11-09; the period runs to 2026-11-23.
    assertThat(twoWeeks.periodAt(Instant.parse("2026-11-21T10:00:00Z")))
        .isEqualTo(new TimeRange(Instant.parse("2026-11-09T00:00:00Z"), Instant.parse("2026-11-23T00:00:00Z")));
  }

  @Test
  void the_default_rules_for_30_days_are_the_workbooks_14_4_6_3_and_1() {
    List<MultiBurnRateRule> rules = MultiBurnRateRule.defaultsFor(Duration.ofDays(30));
    assertThat(rules).extracting(MultiBurnRateRule::severity).containsExactly(Severity.PAGE, Severity.TICKET);
    assertThat(rules.get(0).windows()).containsExactly(
        new BurnRateWindow(Duration.ofHours(1), Duration.ofMinutes(5), 14.4),
        new BurnRateWindow(Duration.ofHours(6), Duration.ofMinutes(30), 6));
    assertThat(rules.get(1).windows()).containsExactly(
        new BurnRateWindow(Duration.ofDays(1), Duration.ofHours(2), 3),
        new BurnRateWindow(Duration.ofDays(3), Duration.ofHours(6), 1));
  }

  @Test
  void factors_scale_with_the_slo_window_as_budget_share_times_window_over_long_window() {
    List<MultiBurnRateRule> rules = MultiBurnRateRule.defaultsFor(Duration.ofDays(28));
    assertThat(rules.get(0).windows().get(0).factor()).isEqualTo(13.44);
    assertThat(rules.get(0).windows().get(1).factor()).isEqualTo(5.6);
    assertThat(rules.get(1).windows().get(0).factor()).isEqualTo(2.8);
  }
}

package dev.governor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportPeriodTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @ParameterizedTest(name = "{0} runs from {1} to {2}")
  @CsvSource({
      "2026-11, 2026-11-01, 2026-12-01",
      "2026-12, 2026-12-01, 2027-01-01",
      "2026-Q4, 2026-10-01, 2027-01-01",
      "2026-Q1, 2026-01-01, 2026-04-01",
      "2026-W47, 2026-11-16, 2026-11-23",
      "2026-W01, 2025-12-29, 2026-01-05",
      "2026-W53, 2026-12-28, 2027-01-04"})
  void periods_coverTheirCalendarDays(String text, LocalDate first, LocalDate end) {
    ReportPeriod p = ReportPeriod.parse(text, ZoneOffset.UTC);
    assertThat(p.firstDay()).isEqualTo(first);
    assertThat(p.endDay()).isEqualTo(end);
    assertThat(p.key()).isEqualTo(text);
    assertThat(p.days()).hasSize((int) (end.toEpochDay() - first.toEpochDay()));
  }

  @Test
  void aMonthInAZone_startsAtLocalMidnight_andItsDstDayLasts25Hours() {
    ReportPeriod october = ReportPeriod.parse("2026-10", BERLIN);
    assertThat(october.range().start()).isEqualTo(Instant.parse("2026-09-30T22:00:00Z"));
    assertThat(october.range().end()).isEqualTo(Instant.parse("2026-10-31T23:00:00Z"));
    var days = october.days();
    assertThat(days.get(24).date()).isEqualTo(LocalDate.of(2026, 10, 25));
    assertThat(days.get(24).range().length()).isEqualTo(Duration.ofHours(25));
    assertThat(days.get(23).range().length()).isEqualTo(Duration.ofHours(24));
    assertThat(ReportPeriod.parse("2026-03", BERLIN).days().get(28).range().length()).isEqualTo(Duration.ofHours(23));
  }

  @Test
  void previousAndNext_stayOfTheSameKind() {
    assertThat(ReportPeriod.parse("2026-01", BERLIN).previous().key()).isEqualTo("2025-12");
    assertThat(ReportPeriod.parse("2026-Q1", BERLIN).previous().key()).isEqualTo("2025-Q4");
    assertThat(ReportPeriod.parse("2026-W01", BERLIN).previous().key()).isEqualTo("2025-W52");
    assertThat(ReportPeriod.parse("2026-W53", BERLIN).next().key()).isEqualTo("2027-W01");
    assertThat(ReportPeriod.parse("2026-11", BERLIN).title()).isEqualTo("November 2026");
  }

  @ParameterizedTest(name = "''{0}'' is refused: {1}")
  @CsvSource(delimiter = '|', value = {
      "2026-13|month 13 does not exist",
      "2026-00|month 0 does not exist",
      "2025-W53|week 53 does not exist in 2025",
      "2026-Q5|quarter 5 does not exist",
      "november|period must be a month (2026-11), an ISO week (2026-W47) or a quarter (2026-Q4), got 'november'",
      "2026-1|got '2026-1'",
      "0999-01|the year must lie in"})
  void badPeriods_areRefused_namingTheFieldAndTheForms(String text, String message) {
    assertThatThrownBy(() -> ReportPeriod.parse(text, BERLIN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message).hasMessageContaining("period");
  }

  @Test
  void zones_areIanaNames_andABadOneIsRefusedWithAnExample() {
    assertThat(ReportPeriod.zone("Europe/Berlin")).isEqualTo(BERLIN);
    assertThat(ReportPeriod.zone("UTC")).isEqualTo(ZoneId.of("UTC"));
    assertThatThrownBy(() -> ReportPeriod.zone("Mars/Olympus"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("zone must be an IANA time zone such as Europe/Berlin or UTC, got 'Mars/Olympus'");
    assertThatThrownBy(() -> ReportPeriod.zone("")).hasMessageContaining("zone must be");
  }
}

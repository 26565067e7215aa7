package dev.governor.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Matchers, silences, maintenance windows and inhibition rules on their own. */
class ValuesTest {

  @Test
  void matchers_parseAlertmanagerSyntax_andPrintItBack() {
    for (String text : List.of("service=\"checkout\"", "env!=\"staging\"", "service=~\"checkout|search\"",
        "severity!~\"info|debug\"", "summary=\"say \\\"hi\\\" \\\\o/\"")) {
      assertThat(LabelMatcher.parse(text).toString()).isEqualTo(text);
    }
    assertThat(LabelMatcher.parse(" service = checkout ")).isEqualTo(LabelMatcher.equal("service", "checkout"));
    assertThat(LabelMatcher.parse("a=~b")).isEqualTo(new LabelMatcher("a", LabelMatcher.Op.REGEX, "b"));
  }

  @Test
  void matchers_thatDoNotParse_sayWhatWasGiven() {
    assertThatThrownBy(() -> LabelMatcher.parse("service")).hasMessageContaining("'service'");
    assertThatThrownBy(() -> LabelMatcher.parse("=x")).hasMessageContaining("'=x'");
    assertThatThrownBy(() -> LabelMatcher.parse("1abc=x")).hasMessageContaining("'1abc'");
    assertThatThrownBy(() -> LabelMatcher.parse("a=~\"(\"")).hasMessageContaining("'('");
    assertThatThrownBy(() -> LabelMatcher.parse("a=\"open")).hasMessageContaining("quote");
  }

  @Test
  void aMissingLabel_isTheEmptyValue_andRegexesAreAnchored() {
    Map<String, String> labels = Map.of("service", "checkout");
    assertThat(LabelMatcher.parse("team=\"\"").matches(labels)).isTrue();
    assertThat(LabelMatcher.parse("team!=\"\"").matches(labels)).isFalse();
    assertThat(LabelMatcher.parse("service=~\"check\"").matches(labels)).isFalse();
    assertThat(LabelMatcher.parse("service=~\"check.*\"").matches(labels)).isTrue();
    assertThat(LabelMatcher.parse("service!~\"out\"").matches(labels)).isTrue();
    assertThat(LabelMatcher.parse("service!~\".*out\"").matches(labels)).isFalse();
  }

  @Test
  void aSilence_isPendingActiveThenExpired_andExpiringAPendingOneMeansItNeverStarts() {
    Instant t0 = Instant.parse("2026-03-02T10:00:00Z");
    Silence s = new Silence(SilenceId.random(), List.of(LabelMatcher.parse("service=checkout")), t0, t0.plusSeconds(60),
        "alice", "drill");

    assertThat(s.stateAt(t0.minusMillis(1))).isEqualTo(Silence.State.PENDING);
    assertThat(s.stateAt(t0)).isEqualTo(Silence.State.ACTIVE);
    assertThat(s.stateAt(t0.plusSeconds(60))).isEqualTo(Silence.State.EXPIRED);
    Silence never = s.expiredAt(t0.minusSeconds(5));
    assertThat(never.startsAt()).isEqualTo(t0.minusSeconds(5));
    assertThat(never.endsAt()).isEqualTo(t0.minusSeconds(5));
    assertThat(never.stateAt(t0)).isEqualTo(Silence.State.EXPIRED);
    assertThat(s.expiredAt(t0.plusSeconds(90))).isSameAs(s);
    assertThatThrownBy(() -> new Silence(SilenceId.random(), List.of(LabelMatcher.parse("service!=x")), t0,
        t0.plusSeconds(1), "a", "b")).hasMessageContaining("would match every alert");
  }

  @Test
  void aMaintenanceWindow_crossesTheWeekBoundary_andFollowsTheWallClockAcrossDaylightSaving() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    MaintenanceWindow w = new MaintenanceWindow("sunday-night", List.of(LabelMatcher.parse("service=db")),
        Set.of(DayOfWeek.SUNDAY), LocalTime.of(23, 0), Duration.ofHours(3), berlin, "dba", "");

    // Winter (UTC+1): Sunday 2026-03-01 23:00 Berlin is 22:00 UTC.
    assertThat(w.activeAt(Instant.parse("2026-03-01T21:59:59Z"))).isFalse();
    assertThat(w.currentStart(Instant.parse("2026-03-01T22:00:00Z"))).contains(Instant.parse("2026-03-01T22:00:00Z"));
    assertThat(w.activeAt(Instant.parse("2026-03-02T00:59:59Z"))).as("Monday 01:59 Berlin").isTrue();
    assertThat(w.activeAt(Instant.parse("2026-03-02T01:00:00Z"))).isFalse();
    // Summer (UTC+2) after the change on 2026-03-29: Sunday 2026-04-05 23:00 Berlin is 21:00 UTC.
    assertThat(w.activeAt(Instant.parse("2026-04-05T21:00:00Z"))).isTrue();
    assertThat(w.activeAt(Instant.parse("2026-04-05T22:30:00Z"))).isTrue();
    assertThat(w.activeAt(Instant.parse("2026-04-06T00:00:00Z"))).isFalse();
    assertThat(w.nextStart(Instant.parse("2026-03-02T00:00:00Z"))).isEqualTo(Instant.parse("2026-03-08T22:00:00Z"));
    assertThat(w.silences(Map.of("service", "db"), Instant.parse("2026-03-01T23:00:00Z"))).isTrue();
    assertThat(w.silences(Map.of("service", "web"), Instant.parse("2026-03-01T23:00:00Z"))).isFalse();
  }

  @Test
  void aWeekLongWindow_coversTheWholeWeek_andLongerOnesAreRefused() {
    MaintenanceWindow week = new MaintenanceWindow("freeze", List.of(LabelMatcher.parse("service=db")),
        Set.of(DayOfWeek.MONDAY), LocalTime.MIDNIGHT, Duration.ofDays(7), ZoneId.of("UTC"), "dba", "");
    assertThat(week.activeAt(Instant.parse("2026-03-08T23:59:59Z"))).isTrue();
    assertThat(week.activeAt(Instant.parse("2026-03-04T12:00:00Z"))).isTrue();
    assertThatThrownBy(() -> new MaintenanceWindow("x", List.of(LabelMatcher.parse("service=db")), Set.of(DayOfWeek.MONDAY),
        LocalTime.MIDNIGHT, Duration.ofDays(8), ZoneId.of("UTC"), "dba", "")).hasMessageContaining("PT192H");
  }

  @Test
  void theDefaultInhibition_needsAPageSource_aTicketTarget_andEqualSlo() {
    InhibitionRule rule = InhibitionRule.PAGE_INHIBITS_TICKET;
    Map<String, String> page = Map.of("severity", "page", "slo", "a");

    assertThat(rule.inhibits(page, Map.of("severity", "ticket", "slo", "a"))).isTrue();
    assertThat(rule.inhibits(page, Map.of("severity", "ticket", "slo", "b"))).isFalse();
    assertThat(rule.inhibits(page, Map.of("severity", "page", "slo", "a"))).isFalse();
    assertThat(rule.inhibits(Map.of("severity", "ticket", "slo", "a"), Map.of("severity", "ticket", "slo", "a"))).isFalse();
  }

  @Test
  void settings_refuseBadValues_withTheValue() {
    assertThatThrownBy(() -> new IncidentSettings(List.of("service", "service"), Duration.ZERO, true, Duration.ZERO,
        List.of())).hasMessageContaining("[service, service]");
    assertThatThrownBy(() -> new IncidentSettings(List.of("my-label"), Duration.ZERO, true, Duration.ZERO,
        List.of())).hasMessageContaining("'my-label'");
    assertThatThrownBy(() -> new IncidentSettings(List.of(), Duration.ofSeconds(-1), true, Duration.ZERO,
        List.of())).hasMessageContaining("PT-1S");
  }
}

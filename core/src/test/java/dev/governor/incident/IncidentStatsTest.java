package dev.governor.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.basics.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncidentStatsTest {

  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  static final TimeRange MARCH = new TimeRange(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"));

  static Incident incident(long number, String service, Map<String, String> labels, Integer ackMinutes,
      Integer resolveMinutes) {
    Instant opened = T0.plus(Duration.ofHours(number));
    Optional<Instant> ack = Optional.ofNullable(ackMinutes).map(m -> opened.plus(Duration.ofMinutes(m)));
    Optional<Instant> res = Optional.ofNullable(resolveMinutes).map(m -> opened.plus(Duration.ofMinutes(m)));
    IncidentState state = res.isPresent() ? IncidentState.RESOLVED
        : ack.isPresent() ? IncidentState.ACKNOWLEDGED : IncidentState.TRIGGERED;
    return new Incident(new IncidentId(number), "incident " + number, state, AlertSeverity.CRITICAL,
        service == null ? List.of() : List.of(service), List.of(), labels, "by:service=\"" + service + "\"", opened,
        opened, ack, ack.map(a -> "alice"), res, res.map(r -> "alice"), Map.of(), 0);
  }

  static Optional<String> teamOf(String service) {
    return switch (service) {
      case "checkout", "cart" -> Optional.of("payments");
      case "search" -> Optional.of("discovery");
      default -> Optional.empty();
    };
  }

  @Test
  void incidentsAcknowledgedAfter2_4and10Minutes_haveAMedianTimeToAcknowledgeOf4Minutes() {
    IncidentStats stats = IncidentStats.of(MARCH, List.of(
        incident(1, "checkout", Map.of(), 2, 30),
        incident(2, "checkout", Map.of(), 10, 60),
        incident(3, "checkout", Map.of(), 4, 45)), IncidentStatsTest::teamOf);

    assertThat(stats.overall()).isEqualTo(new IncidentStats.Medians("all", 3, 3, Optional.of(Duration.ofMinutes(4)), 3,
        Optional.of(Duration.ofMinutes(45))));
    assertThat(stats.incidents()).extracting(t -> t.timeToAcknowledge().orElseThrow().toMinutes())
        .containsExactly(2L, 10L, 4L);
    assertThat(stats.byService()).singleElement().extracting(IncidentStats.Medians::name).isEqualTo("checkout");
    assertThat(stats.byTeam()).singleElement().extracting(IncidentStats.Medians::name).isEqualTo("payments");
  }

  @Test
  void anEvenCount_takesTheMeanOfTheTwoMiddleValues_andOpenOrUnacknowledgedOnesAreLeftOut() {
    IncidentStats stats = IncidentStats.of(MARCH, List.of(
        incident(1, "search", Map.of(), 2, 20),
        incident(2, "search", Map.of(), 5, 30),
        incident(3, "search", Map.of(), 9, null),
        incident(4, "search", Map.of(), 20, 90),
        incident(5, "search", Map.of(), null, 15),
        incident(6, "search", Map.of(), null, null)), IncidentStatsTest::teamOf);

    IncidentStats.Medians search = stats.byService().getFirst();
    assertThat(search.incidents()).isEqualTo(6);
    // acknowledged: 2, 5, 9, 20 -> (5 + 9) / 2 = 7
    assertThat(search.acknowledged()).isEqualTo(4);
    assertThat(search.timeToAcknowledge()).contains(Duration.ofMinutes(7));
    // resolved: 15, 20, 30, 90 -> (20 + 30) / 2 = 25
    assertThat(search.resolved()).isEqualTo(4);
    assertThat(search.timeToResolve()).contains(Duration.ofMinutes(25));
    assertThat(stats.byTeam()).extracting(IncidentStats.Medians::name).containsExactly("discovery");
  }

  @Test
  void theTeamLabel_winsOverTheServicesTeam_andIncidentsOutsideThePeriodDoNotCount() {
    Incident outside = incident(1, "checkout", Map.of(), 1, 1);
    Incident beforeMarch = new Incident(outside.id(), outside.title(), outside.state(), outside.severity(),
        outside.services(), outside.slos(), outside.labels(), outside.groupKey(), Instant.parse("2026-02-28T23:00:00Z"),
        Instant.parse("2026-02-28T23:00:00Z"), Optional.of(Instant.parse("2026-02-28T23:01:00Z")), Optional.of("a"),
        Optional.of(Instant.parse("2026-02-28T23:01:00Z")), Optional.of("a"), Map.of(), 0);

    IncidentStats stats = IncidentStats.of(MARCH, List.of(beforeMarch,
        incident(2, "checkout", Map.of("team", "sre"), 3, 6),
        incident(3, "cart", Map.of(), 5, 8),
        incident(4, null, Map.of(), 7, 9),
        incident(5, "unowned", Map.of(), 1, 2)), IncidentStatsTest::teamOf);

    assertThat(stats.incidents()).extracting(t -> t.id().number()).containsExactly(2L, 3L, 4L, 5L);
    assertThat(stats.byTeam()).extracting(IncidentStats.Medians::name, IncidentStats.Medians::timeToAcknowledge)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("payments", Optional.of(Duration.ofMinutes(5))),
            org.assertj.core.groups.Tuple.tuple("sre", Optional.of(Duration.ofMinutes(3))));
    assertThat(stats.byService()).extracting(IncidentStats.Medians::name).containsExactly("cart", "checkout", "unowned");
    assertThat(stats.overall().incidents()).isEqualTo(4);
  }

  @Test
  void noIncidents_haveNoMedians() {
    IncidentStats stats = IncidentStats.of(MARCH, List.of(), s -> Optional.empty());
    assertThat(stats.overall()).isEqualTo(new IncidentStats.Medians("all", 0, 0, Optional.empty(), 0, Optional.empty()));
    assertThat(stats.byService()).isEmpty();
  }
}

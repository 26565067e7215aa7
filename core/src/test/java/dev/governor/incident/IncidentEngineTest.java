package dev.governor.incident;

import static dev.governor.incident.Signals.AM;
import static dev.governor.incident.Signals.T0;
import static dev.governor.incident.Signals.acknowledge;
import static dev.governor.incident.Signals.keyless;
import static dev.governor.incident.Signals.labels;
import static dev.governor.incident.Signals.resolve;
import static dev.governor.incident.Signals.trigger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.incident.IntakeResult.Disposition;
import dev.governor.incident.TimelineEntry.Kind;
import dev.governor.testing.FakeClock;
import dev.governor.testing.InMemoryIncidentStore;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IncidentEngineTest {

  final FakeClock clock = new FakeClock(T0);
  final InMemoryIncidentStore store = new InMemoryIncidentStore();
  IncidentEngine engine = new IncidentEngine(store, clock, IncidentSettings.DEFAULTS);

  IncidentEngine with(List<String> groupBy, boolean autoResolve, Duration reopenWithin) {
    engine = new IncidentEngine(store, clock, new IncidentSettings(groupBy, Duration.ofSeconds(30), autoResolve,
        reopenWithin, List.of(InhibitionRule.PAGE_INHIBITS_TICKET)));
    return engine;
  }

  IntakeResult accept(Signal signal) {
    return engine.accept(List.of(signal)).getFirst();
  }

  IncidentDetail detail(IntakeResult result) {
    return engine.get(result.incident().orElseThrow()).orElseThrow();
  }

  Incident incident(long number) {
    return engine.get(new IncidentId(number)).orElseThrow().incident();
  }

  List<IncidentAlert> alerts(String integration) {
    return store.read(tx -> tx.openAlerts()).stream().filter(a -> a.integration().equals(integration)).toList();
  }

  List<IncidentAlert> allAlerts() {
    List<IncidentAlert> all = new ArrayList<>();
    for (Incident i : engine.list(IncidentQuery.all(100))) all.addAll(engine.get(i.id()).orElseThrow().alerts());
    return all;
  }

  List<String> timelineTexts(long number) {
    return engine.get(new IncidentId(number)).orElseThrow().timeline().stream().map(TimelineEntry::text).toList();
  }

  @Nested
  class OpenIncidents {

    @Test
    void theOpenSet_isReadOnce_andReadAgainAfterEveryChange() {
      assertThat(engine.openIncidents()).isEmpty();
      IntakeResult opened = accept(trigger("k1", "service", "checkout"));

      List<Incident> open = engine.openIncidents();
      assertThat(open).extracting(Incident::id).containsExactly(opened.incident().orElseThrow());
      assertThat(engine.openIncidents()).as("no change since: the same snapshot").isSameAs(open);

      engine.acknowledge(opened.incident().orElseThrow(), "ana");
      assertThat(engine.openIncidents()).singleElement()
          .satisfies(i -> assertThat(i.state()).isEqualTo(IncidentState.ACKNOWLEDGED));

      engine.resolve(opened.incident().orElseThrow(), "ana");
      assertThat(engine.openIncidents()).isEmpty();
    }
  }

  @Nested
  class Dedup {

    @Test
    void aTrigger_withANewKey_opensAnAlertAndAnIncident() {
      IntakeResult result = accept(trigger("k1", "service", "checkout"));

      assertThat(result).isEqualTo(new IntakeResult("k1", Disposition.OPENED_INCIDENT, Optional.of(new IncidentId(1))));
      IncidentDetail d = detail(result);
      assertThat(d.incident().state()).isEqualTo(IncidentState.TRIGGERED);
      assertThat(d.incident().title()).isEqualTo("alert k1");
      assertThat(d.alerts()).singleElement().satisfies(a -> {
        assertThat(a.dedupKey()).isEqualTo("k1");
        assertThat(a.state()).isEqualTo(IncidentState.TRIGGERED);
        assertThat(a.firstSeen()).isEqualTo(T0);
        assertThat(a.details()).containsEntry("runbook", "see wiki");
      });
    }

    @Test
    void aTrigger_forAnOpenAlert_updatesIt_andOpensNothing() {
      accept(trigger("k1", "service", "checkout"));
      clock.advance(Duration.ofMinutes(5));

      IntakeResult again = accept(trigger(AM, "k1", AlertSeverity.CRITICAL, "now with more errors", "service", "checkout"));

      assertThat(again).isEqualTo(new IntakeResult("k1", Disposition.UPDATED, Optional.of(new IncidentId(1))));
      assertThat(engine.list(IncidentQuery.all(10))).hasSize(1);
      assertThat(detail(again).alerts()).singleElement().satisfies(a -> {
        assertThat(a.summary()).isEqualTo("now with more errors");
        assertThat(a.firstSeen()).isEqualTo(T0);
        assertThat(a.lastSeen()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
      });
    }

    @Test
    void aTrigger_afterTheAlertResolved_opensANewAlert() {
      accept(trigger("k1", "service", "checkout"));
      accept(resolve("k1"));
      clock.advance(Duration.ofMinutes(1));

      IntakeResult again = accept(trigger("k1", "service", "checkout"));

      assertThat(again.disposition()).isEqualTo(Disposition.OPENED_INCIDENT);
      assertThat(again.incident()).contains(new IncidentId(2));
      IncidentAlert first = engine.get(new IncidentId(1)).orElseThrow().alerts().getFirst();
      IncidentAlert second = detail(again).alerts().getFirst();
      assertThat(second.id()).isNotEqualTo(first.id());
      assertThat(first.state()).isEqualTo(IncidentState.RESOLVED);
      assertThat(second.state()).isEqualTo(IncidentState.TRIGGERED);
    }

    @Test
    void anAcknowledgeOrResolve_ofAnUnknownKey_isDropped() {
      assertThat(engine.accept(List.of(acknowledge("nope"), resolve("nope"))))
          .extracting(IntakeResult::disposition)
          .containsExactly(Disposition.DROPPED, Disposition.DROPPED);
      assertThat(engine.list(IncidentQuery.all(10))).isEmpty();
    }

    @Test
    void anAcknowledgeOrResolve_ofAResolvedKey_isDropped_andChangesNothing() {
      accept(trigger("k1", "service", "checkout"));
      accept(resolve("k1"));
      Incident resolved = incident(1);
      clock.advance(Duration.ofMinutes(1));

      assertThat(engine.accept(List.of(acknowledge("k1"), resolve("k1"))))
          .extracting(IntakeResult::disposition)
          .containsExactly(Disposition.DROPPED, Disposition.DROPPED);
      assertThat(incident(1)).isEqualTo(resolved);
    }

    @Test
    void aTrigger_withoutAKey_getsAGeneratedOne_andAlwaysOpensANewAlert() {
      List<IntakeResult> results = engine.accept(List.of(keyless("service", "checkout"), keyless("service", "checkout")));

      assertThat(results).extracting(IntakeResult::disposition)
          .containsExactly(Disposition.OPENED_INCIDENT, Disposition.JOINED_INCIDENT);
      assertThat(results.get(0).dedupKey()).isNotBlank().isNotEqualTo(results.get(1).dedupKey());
      assertThat(detail(results.get(0)).alerts()).extracting(IncidentAlert::dedupKey)
          .containsExactly(results.get(0).dedupKey(), results.get(1).dedupKey());
    }

    @Test
    void theSameKey_inTwoIntegrations_isTwoAlerts() {
      accept(trigger("am-eu", "k1", AlertSeverity.CRITICAL, "eu", "service", "checkout"));
      IntakeResult other = accept(trigger("am-us", "k1", AlertSeverity.CRITICAL, "us", "service", "checkout"));
      accept(resolve("am-eu", "k1"));

      assertThat(other.disposition()).isEqualTo(Disposition.JOINED_INCIDENT);
      assertThat(alerts("am-us")).singleElement().extracting(IncidentAlert::summary).isEqualTo("us");
      assertThat(alerts("am-eu")).isEmpty();
      assertThat(incident(1).state()).as("one of two alerts still fires").isEqualTo(IncidentState.TRIGGERED);
    }

    @Test
    void aResolveThenTrigger_withinReopenWithin_opensANewAlert_inTheReopenedIncident() {
      with(List.of("service"), true, Duration.ofMinutes(10));
      accept(trigger("k1", "service", "checkout"));
      clock.advance(Duration.ofMinutes(1));
      accept(resolve("k1"));
      clock.advance(Duration.ofMinutes(10));

      IntakeResult again = accept(trigger("k1", "service", "checkout"));

      assertThat(again).isEqualTo(new IntakeResult("k1", Disposition.JOINED_INCIDENT, Optional.of(new IncidentId(1))));
      Incident reopened = incident(1);
      assertThat(reopened.state()).isEqualTo(IncidentState.TRIGGERED);
      assertThat(reopened.reopenCount()).isEqualTo(1);
      assertThat(reopened.resolvedAt()).isEmpty();
      assertThat(reopened.notifyAfter()).isEqualTo(clock.instant().plusSeconds(30));
      assertThat(detail(again).alerts()).extracting(IncidentAlert::state)
          .containsExactly(IncidentState.RESOLVED, IncidentState.TRIGGERED);
      assertThat(timelineTexts(1)).last().asString().startsWith("reopened: an alert of its group fired again 600s");
      assertThat(engine.list(IncidentQuery.all(10))).hasSize(1);
    }

    @Test
    void aResolveThenTrigger_afterReopenWithin_opensANewIncident() {
      with(List.of("service"), true, Duration.ofMinutes(10));
      accept(trigger("k1", "service", "checkout"));
      accept(resolve("k1"));
      clock.advance(Duration.ofMinutes(10).plusMillis(1));

      IntakeResult again = accept(trigger("k1", "service", "checkout"));

      assertThat(again.disposition()).isEqualTo(Disposition.OPENED_INCIDENT);
      assertThat(again.incident()).contains(new IncidentId(2));
      assertThat(incident(1).state()).isEqualTo(IncidentState.RESOLVED);
    }

    @Test
    void aResolveThenTrigger_withReopenOff_opensANewIncident_evenAMomentLater() {
      accept(trigger("k1", "service", "checkout"));
      accept(resolve("k1"));

      assertThat(accept(trigger("k1", "service", "checkout")).incident()).contains(new IncidentId(2));
    }
  }

  @Nested
  class Grouping {

    @Test
    void alertsOfOneService_groupIntoOneIncident_andOtherServicesOpenTheirOwn() {
      List<IntakeResult> results = engine.accept(List.of(
          trigger("a", "service", "checkout", "slo", "checkout-availability"),
          trigger("b", "service", "checkout", "slo", "checkout-latency"),
          trigger("c", "service", "search")));

      assertThat(results).extracting(IntakeResult::disposition)
          .containsExactly(Disposition.OPENED_INCIDENT, Disposition.JOINED_INCIDENT, Disposition.OPENED_INCIDENT);
      assertThat(results).extracting(r -> r.incident().orElseThrow().number()).containsExactly(1L, 1L, 2L);
      Incident checkout = incident(1);
      assertThat(checkout.services()).containsExactly("checkout");
      assertThat(checkout.slos()).containsExactly("checkout-availability", "checkout-latency");
      assertThat(checkout.groupKey()).isEqualTo("by:service=\"checkout\"");
    }

    @Test
    void aJoiningAlert_thatIsWorse_raisesTheIncidentsSeverity() {
      accept(trigger(AM, "a", AlertSeverity.WARNING, "slow", "service", "checkout"));
      assertThat(incident(1).severity()).isEqualTo(AlertSeverity.WARNING);

      accept(trigger(AM, "b", AlertSeverity.CRITICAL, "down", "service", "checkout"));

      assertThat(incident(1).severity()).isEqualTo(AlertSeverity.CRITICAL);
    }

    @Test
    void withTwoGroupByLabels_aMissingOneCountsAsEmpty() {
      with(List.of("service", "env"), true, Duration.ZERO);
      List<IntakeResult> results = engine.accept(List.of(
          trigger("a", "service", "checkout", "env", "prod"),
          trigger("b", "service", "checkout"),
          trigger("c", "service", "checkout", "env", "prod"),
          trigger("d", "env", "")));

      assertThat(results).extracting(r -> r.incident().orElseThrow().number()).containsExactly(1L, 2L, 1L, 3L);
      assertThat(incident(2).groupKey()).isEqualTo("by:service=\"checkout\",env=\"\"");
    }

    @Test
    void alertsWithNoGroupByLabel_groupByIntegrationAndAlertname_orStayAlone() {
      List<IntakeResult> results = engine.accept(List.of(
          trigger("a", "alertname", "DiskFull"),
          trigger("b", "alertname", "DiskFull"),
          trigger("other", "b2", AlertSeverity.CRITICAL, "same name, other integration", "alertname", "DiskFull"),
          trigger("c"),
          trigger("d")));

      assertThat(results).extracting(r -> r.incident().orElseThrow().number()).containsExactly(1L, 1L, 2L, 3L, 4L);
      assertThat(incident(3).groupKey()).isEqualTo("alert:\"alertmanager\",\"c\"");
      assertThat(incident(3).title()).isEqualTo("alert c");
    }

    @Test
    void aNewIncident_waitsTheGroupWaitBeforeItNotifies() {
      accept(trigger("a", "service", "checkout"));

      assertThat(incident(1).openedAt()).isEqualTo(T0);
      assertThat(incident(1).notifyAfter()).isEqualTo(T0.plusSeconds(30));
    }
  }

  @Nested
  class Silences {

    Silence silence(String matcher, Instant startsAt, Instant endsAt) {
      return engine.silence(List.of(LabelMatcher.parse(matcher)), startsAt, endsAt, "alice", "failover drill");
    }

    @Test
    void anActiveSilence_keepsTheAlert_withoutAnIncident() {
      Silence s = silence("service=\"checkout\"", T0, T0.plus(Duration.ofHours(1)));

      IntakeResult result = accept(trigger("k1", "service", "checkout"));

      assertThat(result).isEqualTo(new IntakeResult("k1", Disposition.SILENCED, Optional.empty()));
      assertThat(engine.list(IncidentQuery.all(10))).isEmpty();
      assertThat(alerts(AM)).singleElement().satisfies(a -> {
        assertThat(a.suppression()).contains(new Suppression(Suppression.Kind.SILENCED, "silence " + s.id()));
        assertThat(a.incident()).isEmpty();
      });
      assertThat(accept(resolve("k1")).disposition()).isEqualTo(Disposition.RESOLVED);
      assertThat(alerts(AM)).isEmpty();
    }

    @Test
    void aSilence_thatHasNotStarted_doesNotSilence() {
      silence("service=\"checkout\"", T0.plusSeconds(60), T0.plus(Duration.ofHours(1)));

      assertThat(accept(trigger("k1", "service", "checkout")).disposition()).isEqualTo(Disposition.OPENED_INCIDENT);
    }

    @Test
    void anExpiredSilence_doesNotSilence() {
      Silence s = silence("service=\"checkout\"", T0, T0.plus(Duration.ofHours(1)));
      clock.advance(Duration.ofMinutes(5));
      Silence expired = engine.expireSilence(s.id()).orElseThrow();

      assertThat(expired.endsAt()).isEqualTo(clock.instant());
      assertThat(expired.stateAt(clock.instant())).isEqualTo(Silence.State.EXPIRED);
      assertThat(accept(trigger("k1", "service", "checkout")).disposition()).isEqualTo(Disposition.OPENED_INCIDENT);
      assertThat(engine.silences(false, 10)).isEmpty();
      assertThat(engine.silences(true, 10)).containsExactly(expired);
      assertThat(engine.expireSilence(SilenceId.random())).isEmpty();
    }

    @Test
    void aSilenceThatEnds_byTime_stopsSilencing() {
      silence("service=\"checkout\"", T0, T0.plus(Duration.ofHours(1)));
      clock.advance(Duration.ofHours(1));

      assertThat(accept(trigger("k1", "service", "checkout")).disposition()).isEqualTo(Disposition.OPENED_INCIDENT);
    }

    @Test
    void regexMatchers_areAnchoredAtBothEnds() {
      silence("service=~\"check\"", T0, T0.plus(Duration.ofHours(1)));
      assertThat(accept(trigger("k1", "service", "checkout")).disposition()).isEqualTo(Disposition.OPENED_INCIDENT);

      silence("service=~\"check.*|search\"", T0, T0.plus(Duration.ofHours(1)));
      assertThat(accept(trigger("k2", "service", "search")).disposition()).isEqualTo(Disposition.SILENCED);
      assertThat(accept(trigger("k3", "service", "research")).disposition()).isEqualTo(Disposition.OPENED_INCIDENT);
    }

    @Test
    void aSilencedAlert_triggeredAgainAfterTheSilenceEnds_getsItsIncident() {
      Silence s = silence("service=\"checkout\"", T0, T0.plus(Duration.ofHours(1)));
      accept(trigger("k1", "service", "checkout"));
      assertThat(accept(trigger("k1", "service", "checkout")).disposition()).as("still silenced").isEqualTo(Disposition.UPDATED);
      engine.expireSilence(s.id());

      IntakeResult again = accept(trigger("k1", "service", "checkout"));

      assertThat(again.disposition()).isEqualTo(Disposition.OPENED_INCIDENT);
      assertThat(detail(again).alerts()).singleElement().satisfies(a -> {
        assertThat(a.suppression()).isEmpty();
        assertThat(a.firstSeen()).isEqualTo(T0);
      });
    }

    @Test
    void aSilence_thatWouldMatchEverything_orHasEnded_isRefused_withTheValue() {
      assertThatThrownBy(() -> silence("team=~\".*\"", T0, T0.plusSeconds(60)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("team=~\".*\"");
      assertThatThrownBy(() -> silence("service=\"checkout\"", T0.minusSeconds(120), T0.minusSeconds(60)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has passed");
      assertThatThrownBy(() -> engine.silence(List.of(LabelMatcher.parse("service=x")), T0, T0.plusSeconds(60), "alice", " "))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("comment");
      assertThat(engine.silences(true, 10)).isEmpty();
    }
  }

  @Nested
  class MaintenanceWindows {

    @Test
    void aWeeklyWindow_runningPastSundayMidnight_inBerlin_silencesIntoMondayMorning() {
      // Sunday 23:00 Europe/Berlin (UTC+1 in March before the change) for 3 hours: until Monday 02:00.
      engine.saveMaintenanceWindow(new MaintenanceWindow("db-patching", List.of(LabelMatcher.parse("service=db")),
          Set.of(DayOfWeek.SUNDAY), LocalTime.of(23, 0), Duration.ofHours(3), ZoneId.of("Europe/Berlin"), "dba", "patches"));

      clock.set(Instant.parse("2026-03-02T00:30:00Z")); // Monday 01:30 in Berlin
      assertThat(accept(trigger("k1", "service", "db")).disposition()).isEqualTo(Disposition.SILENCED);
      assertThat(alerts(AM).getFirst().suppression().orElseThrow().by()).isEqualTo("maintenance db-patching");
      assertThat(accept(trigger("k2", "service", "web")).disposition()).as("other service").isEqualTo(Disposition.OPENED_INCIDENT);

      clock.set(Instant.parse("2026-03-02T01:00:00Z")); // Monday 02:00 in Berlin: over
      assertThat(accept(trigger("k3", "service", "db")).disposition()).isEqualTo(Disposition.OPENED_INCIDENT);
    }

    @Test
    void windows_areStoredByName_replaced_andDeleted() {
      MaintenanceWindow w = new MaintenanceWindow("nightly", List.of(LabelMatcher.parse("service=db")),
          Set.of(DayOfWeek.MONDAY), LocalTime.of(2, 0), Duration.ofHours(1), ZoneId.of("UTC"), "dba", "");

      assertThat(engine.saveMaintenanceWindow(w)).isTrue();
      assertThat(engine.saveMaintenanceWindow(w)).isFalse();
      assertThat(engine.maintenanceWindows()).containsExactly(w);
      assertThat(engine.deleteMaintenanceWindow("nightly")).isTrue();
      assertThat(engine.deleteMaintenanceWindow("nightly")).isFalse();
      assertThat(engine.maintenanceWindows()).isEmpty();
    }
  }

  @Nested
  class Inhibition {

    @Test
    void anOpenPage_inhibitsTheTicketOfTheSameSlo_butNotOfAnotherSlo() {
      accept(trigger("page-a", "service", "checkout", "slo", "a", "severity", "page"));

      IntakeResult ticketA = accept(trigger("ticket-a", "service", "checkout", "slo", "a", "severity", "ticket"));
      IntakeResult ticketB = accept(trigger("ticket-b", "service", "checkout", "slo", "b", "severity", "ticket"));

      assertThat(ticketA).isEqualTo(new IntakeResult("ticket-a", Disposition.INHIBITED, Optional.empty()));
      assertThat(alerts(AM)).filteredOn(a -> a.dedupKey().equals("ticket-a")).singleElement()
          .extracting(a -> a.suppression().orElseThrow().by()).isEqualTo("alert alertmanager/page-a");
      assertThat(ticketB.disposition()).isEqualTo(Disposition.JOINED_INCIDENT);
    }

    @Test
    void aTicketThatCameFirst_staysInItsIncident_whenThePageFires() {
      accept(trigger("ticket-a", "service", "checkout", "slo", "a", "severity", "ticket"));
      accept(trigger("page-a", "service", "checkout", "slo", "a", "severity", "page"));

      assertThat(engine.get(new IncidentId(1)).orElseThrow().alerts()).extracting(IncidentAlert::dedupKey)
          .containsExactly("ticket-a", "page-a");
    }

    @Test
    void anInhibitedTicket_getsItsIncident_onItsNextTrigger_afterThePageResolved() {
      accept(trigger("page-a", "service", "checkout", "slo", "a", "severity", "page"));
      accept(trigger("ticket-a", "service", "checkout", "slo", "a", "severity", "ticket"));
      accept(resolve("page-a"));
      assertThat(incident(1).state()).isEqualTo(IncidentState.RESOLVED);

      IntakeResult again = accept(trigger("ticket-a", "service", "checkout", "slo", "a", "severity", "ticket"));

      assertThat(again).isEqualTo(new IntakeResult("ticket-a", Disposition.OPENED_INCIDENT, Optional.of(new IncidentId(2))));
    }

    @Test
    void withoutRules_nothingIsInhibited() {
      engine = new IncidentEngine(store, clock, new IncidentSettings(List.of("service"), Duration.ZERO, true,
          Duration.ZERO, List.of()));
      accept(trigger("page-a", "service", "checkout", "slo", "a", "severity", "page"));

      assertThat(accept(trigger("ticket-a", "service", "checkout", "slo", "a", "severity", "ticket")).disposition())
          .isEqualTo(Disposition.JOINED_INCIDENT);
    }
  }

  @Nested
  class AutoResolve {

    @Test
    void whenOn_theIncidentResolves_onceAllItsAlertsHave_byTheIntegration() {
      engine.accept(List.of(trigger("a", "service", "checkout"), trigger("b", "service", "checkout")));
      clock.advance(Duration.ofMinutes(3));

      accept(resolve("a"));
      assertThat(incident(1).state()).isEqualTo(IncidentState.TRIGGERED);
      clock.advance(Duration.ofMinutes(2));
      IntakeResult last = accept(resolve("b"));

      assertThat(last).isEqualTo(new IntakeResult("b", Disposition.RESOLVED, Optional.of(new IncidentId(1))));
      Incident resolved = incident(1);
      assertThat(resolved.state()).isEqualTo(IncidentState.RESOLVED);
      assertThat(resolved.resolvedAt()).contains(T0.plus(Duration.ofMinutes(5)));
      assertThat(resolved.resolvedBy()).contains(AM);
      assertThat(resolved.timeToResolve()).contains(Duration.ofMinutes(5));
    }

    @Test
    void whenOff_theIncidentStaysOpen_andTheTimelineSaysWhy() {
      with(List.of("service"), false, Duration.ZERO);
      accept(trigger("a", "service", "checkout"));

      accept(resolve("a"));

      assertThat(incident(1).state()).isEqualTo(IncidentState.TRIGGERED);
      assertThat(timelineTexts(1)).last().asString().contains("auto-resolve is off");
      assertThat(engine.resolve(new IncidentId(1), "bob")).isInstanceOf(IncidentOutcome.Applied.class);
      assertThat(incident(1).resolvedBy()).contains("bob");
    }
  }

  @Nested
  class Lifecycle {

    final IncidentId one = new IncidentId(1);

    @Test
    void acknowledge_acknowledgesTheIncidentAndItsAlerts_once_andRefusesAResolvedOne() {
      engine.accept(List.of(trigger("a", "service", "checkout"), trigger("b", "service", "checkout")));
      clock.advance(Duration.ofMinutes(4));

      IncidentOutcome first = engine.acknowledge(one, " alice ");
      IncidentOutcome again = engine.acknowledge(one, "bob");

      assertThat(first).isInstanceOfSatisfying(IncidentOutcome.Applied.class, a -> {
        assertThat(a.changed()).isTrue();
        assertThat(a.incident().state()).isEqualTo(IncidentState.ACKNOWLEDGED);
        assertThat(a.incident().acknowledgedBy()).contains("alice");
        assertThat(a.incident().timeToAcknowledge()).contains(Duration.ofMinutes(4));
      });
      assertThat(again).isInstanceOfSatisfying(IncidentOutcome.Applied.class, a -> {
        assertThat(a.changed()).isFalse();
        assertThat(a.incident().acknowledgedBy()).contains("alice");
      });
      assertThat(engine.get(one).orElseThrow().alerts()).extracting(IncidentAlert::state)
          .containsOnly(IncidentState.ACKNOWLEDGED);

      engine.resolve(one, "alice");
      assertThat(engine.acknowledge(one, "bob")).isInstanceOfSatisfying(IncidentOutcome.Refused.class,
          r -> assertThat(r.reason()).contains("resolved").contains("reopen"));
    }

    @Test
    void resolve_resolvesTheAlertsAsGovernorSeesThem_soALateResolveIsDropped_andATriggerOpensAnew() {
      accept(trigger("a", "service", "checkout"));

      assertThat(engine.resolve(one, "alice")).isEqualTo(new IncidentOutcome.Applied(incident(1), true));
      assertThat(engine.resolve(one, "alice")).isEqualTo(new IncidentOutcome.Applied(incident(1), false));

      assertThat(engine.get(one).orElseThrow().alerts()).extracting(IncidentAlert::state).containsOnly(IncidentState.RESOLVED);
      assertThat(accept(resolve("a")).disposition()).isEqualTo(Disposition.DROPPED);
      assertThat(accept(trigger("a", "service", "checkout")).incident()).contains(new IncidentId(2));
    }

    @Test
    void reopen_bringsBackAResolvedIncident_andRefusesAnOpenOne() {
      accept(trigger("a", "service", "checkout"));
      clock.advance(Duration.ofMinutes(2));
      engine.acknowledge(one, "alice");
      engine.resolve(one, "alice");

      assertThat(engine.reopen(one, "carol", "customers still see errors"))
          .isInstanceOfSatisfying(IncidentOutcome.Applied.class, a -> {
            assertThat(a.incident().state()).isEqualTo(IncidentState.TRIGGERED);
            assertThat(a.incident().reopenCount()).isEqualTo(1);
            assertThat(a.incident().resolvedAt()).isEmpty();
            assertThat(a.incident().acknowledgedAt()).as("the first response is kept").contains(T0.plus(Duration.ofMinutes(2)));
          });
      assertThat(engine.reopen(one, "carol", "again")).isInstanceOfSatisfying(IncidentOutcome.Refused.class,
          r -> assertThat(r.reason()).isEqualTo("incident #1 is triggered; only a resolved incident can be reopened"));
      // A reopened incident without open alerts is a person's call; it can be acknowledged again.
      assertThat(engine.acknowledge(one, "carol")).isInstanceOf(IncidentOutcome.Applied.class);
      assertThat(incident(1).state()).isEqualTo(IncidentState.ACKNOWLEDGED);
    }

    @Test
    void anUnknownIncident_isNotFound_forEveryChange() {
      IncidentId nine = new IncidentId(9);
      TimelineEntry entry = TimelineEntry.of(T0, Kind.NOTIFICATION, "notifier", "paged alice");

      assertThat(List.of(engine.acknowledge(nine, "a"), engine.resolve(nine, "a"), engine.reopen(nine, "a", "why"),
          engine.note(nine, "a", "text"), engine.assignRole(nine, "commander", "a", "a"), engine.record(nine, entry)))
          .containsOnly(new IncidentOutcome.NotFound(nine));
      assertThat(engine.get(nine)).isEmpty();
    }

    @Test
    void alertsAcknowledgedAtTheirSource_acknowledgeTheIncident_onlyOnceAllOpenOnesAre() {
      engine.accept(List.of(trigger("a", "service", "checkout"), trigger("b", "service", "checkout"),
          trigger("c", "service", "checkout")));
      accept(resolve("c"));

      assertThat(accept(acknowledge("a"))).isEqualTo(new IntakeResult("a", Disposition.ACKNOWLEDGED, Optional.of(one)));
      assertThat(incident(1).state()).isEqualTo(IncidentState.TRIGGERED);
      accept(acknowledge("b"));

      assertThat(incident(1).state()).isEqualTo(IncidentState.ACKNOWLEDGED);
      assertThat(incident(1).acknowledgedBy()).contains(AM);
    }

    @Test
    void aNewAlert_joiningAnAcknowledgedIncident_leavesItAcknowledged() {
      accept(trigger("a", "service", "checkout"));
      engine.acknowledge(one, "alice");

      accept(trigger("b", "service", "checkout"));

      assertThat(incident(1).state()).isEqualTo(IncidentState.ACKNOWLEDGED);
    }

    @Test
    void roles_areAssigned_andHandedOver_andValidated() {
      accept(trigger("a", "service", "checkout"));

      engine.assignRole(one, "commander", "alice", "bob");
      assertThat(engine.assignRole(one, "commander", "alice", "bob")).isInstanceOfSatisfying(
          IncidentOutcome.Applied.class, a -> assertThat(a.changed()).isFalse());
      engine.assignRole(one, "commander", "carol", "alice");
      engine.assignRole(one, "scribe", "dave", "carol");

      assertThat(incident(1).roles()).containsExactlyInAnyOrderEntriesOf(Map.of("commander", "carol", "scribe", "dave"));
      assertThat(timelineTexts(1)).contains("carol is commander, taking over from alice");
      assertThatThrownBy(() -> engine.assignRole(one, "Incident Commander", "x", "y"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Incident Commander'");
    }

    @Test
    void badInput_isAnIllegalArgument_namingTheValue_andChangesNothing() {
      accept(trigger("a", "service", "checkout"));
      Incident before = incident(1);

      assertThatThrownBy(() -> engine.acknowledge(one, " ")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("got ' '");
      assertThatThrownBy(() -> engine.note(one, "alice", "")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("text");
      assertThatThrownBy(() -> engine.reopen(one, "alice", null)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("why");
      assertThat(incident(1)).isEqualTo(before);
      assertThat(engine.get(one).orElseThrow().timeline()).hasSize(2);
    }
  }

  @Nested
  class Timeline {

    @Test
    void everyAlert_stateChange_note_role_andRecordedEntry_isOnTheTimeline_withWhoAndWhen() {
      IncidentId one = new IncidentId(1);
      accept(trigger("a", "service", "checkout"));
      clock.advance(Duration.ofMinutes(1));
      accept(trigger("b", "service", "checkout"));
      clock.advance(Duration.ofMinutes(1));
      engine.record(one, new TimelineEntry(clock.instant(), Kind.NOTIFICATION, "notifier", "paged alice by email",
          Map.of("channel", "email alice@example.com")));
      engine.acknowledge(one, "alice");
      engine.assignRole(one, "commander", "alice", "alice");
      engine.note(one, "alice", "rolling back 1.4.2");
      clock.advance(Duration.ofMinutes(1));
      accept(trigger(AM, "b", AlertSeverity.WARNING, "calmer", "service", "checkout"));
      accept(resolve("a"));
      accept(resolve("b"));

      List<TimelineEntry> timeline = engine.get(one).orElseThrow().timeline();
      Instant t1 = T0.plusSeconds(60);
      Instant t2 = T0.plusSeconds(120);
      Instant t3 = T0.plusSeconds(180);
      assertThat(timeline).extracting(TimelineEntry::at, TimelineEntry::kind, TimelineEntry::actor, TimelineEntry::text)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(T0, Kind.STATE, AM, "incident opened"),
              org.assertj.core.groups.Tuple.tuple(T0, Kind.ALERT, AM, "alert fired: alert a (critical)"),
              org.assertj.core.groups.Tuple.tuple(t1, Kind.ALERT, AM, "alert joined: alert b (critical)"),
              org.assertj.core.groups.Tuple.tuple(t2, Kind.NOTIFICATION, "notifier", "paged alice by email"),
              org.assertj.core.groups.Tuple.tuple(t2, Kind.STATE, "alice", "acknowledged by alice"),
              org.assertj.core.groups.Tuple.tuple(t2, Kind.ROLE, "alice", "alice is commander"),
              org.assertj.core.groups.Tuple.tuple(t2, Kind.COMMENT, "alice", "rolling back 1.4.2"),
              org.assertj.core.groups.Tuple.tuple(t3, Kind.ALERT, AM,
                  "alert alertmanager/b changed severity from critical to warning"),
              org.assertj.core.groups.Tuple.tuple(t3, Kind.ALERT, AM, "alert alertmanager/a resolved at its source"),
              org.assertj.core.groups.Tuple.tuple(t3, Kind.ALERT, AM, "alert alertmanager/b resolved at its source"),
              org.assertj.core.groups.Tuple.tuple(t3, Kind.STATE, AM, "resolved: all its alerts resolved"));
      assertThat(timeline.get(1).detail()).containsEntry("dedupKey", "a").containsEntry("severity", "critical");
      assertThat(timeline.get(3).detail()).containsEntry("channel", "email alice@example.com");
      assertThat(timeline.get(5).detail()).containsEntry("role", "commander").containsEntry("person", "alice");
    }
  }

  @Nested
  class ListenersAndAtomicity {

    @Test
    void listeners_hearEachChange_afterItIsStored_andAFailingOneUndoesNothing() {
      List<String> heard = new ArrayList<>();
      engine.addListener(new IncidentListener() {
        @Override
        public void opened(Incident incident) {
          heard.add("opened " + incident.id() + " stored=" + engine.get(incident.id()).isPresent());
          throw new IllegalStateException("a broken listener");
        }
      });
      engine.addListener(new IncidentListener() {
        @Override
        public void opened(Incident incident) {
          heard.add("second heard " + incident.id());
        }

        @Override
        public void acknowledged(Incident incident, String by) {
          heard.add("acknowledged " + incident.id() + " by " + by);
        }

        @Override
        public void resolved(Incident incident, String by) {
          heard.add("resolved " + incident.id() + " by " + by);
        }

        @Override
        public void reopened(Incident incident, String by) {
          heard.add("reopened " + incident.id() + " by " + by);
        }

        @Override
        public void changed(Incident incident, TimelineEntry why) {
          heard.add("changed " + incident.id() + ": " + why.text());
        }
      });

      engine.accept(List.of(trigger("a", "service", "checkout"), trigger("b", "service", "checkout")));
      engine.assignRole(new IncidentId(1), "commander", "alice", "bob");
      engine.acknowledge(new IncidentId(1), "alice");
      engine.resolve(new IncidentId(1), "alice");
      engine.reopen(new IncidentId(1), "bob", "not fixed");

      assertThat(heard).containsExactly(
          "opened #1 stored=true",
          "second heard #1",
          "changed #1: alert joined: alert b (critical)",
          "changed #1: alice is commander",
          "acknowledged #1 by alice",
          "resolved #1 by alice",
          "reopened #1 by bob");
      assertThat(incident(1).state()).isEqualTo(IncidentState.TRIGGERED);
    }

    @Test
    void aBatch_isStoredWholeOrNotAtAll() {
      accept(trigger("a", "service", "checkout"));
      store.failOnAlertSave(a -> a.dedupKey().equals("boom"));
      List<String> heard = new ArrayList<>();
      engine.addListener(new IncidentListener() {
        @Override
        public void opened(Incident incident) {
          heard.add("opened " + incident.id());
        }
      });

      assertThatThrownBy(() -> engine.accept(List.of(trigger("b", "service", "search"), resolve("a"),
          trigger("boom", "service", "web")))).isInstanceOf(IllegalStateException.class);

      assertThat(engine.list(IncidentQuery.all(10))).extracting(Incident::id).containsExactly(new IncidentId(1));
      assertThat(incident(1).state()).isEqualTo(IncidentState.TRIGGERED);
      assertThat(heard).as("nothing was stored, so nobody hears of it").isEmpty();
    }
  }

  @Nested
  class Listing {

    @Test
    void list_filtersByStateAndService_newestFirst() {
      engine.accept(List.of(trigger("a", "service", "checkout"), trigger("b", "service", "search"),
          trigger("c", "service", "web")));
      engine.acknowledge(new IncidentId(2), "alice");
      engine.resolve(new IncidentId(3), "alice");

      assertThat(engine.list(IncidentQuery.open(10))).extracting(i -> i.id().number()).containsExactly(2L, 1L);
      assertThat(engine.list(new IncidentQuery(Set.of(IncidentState.RESOLVED), Optional.empty(), Optional.empty(), 10)))
          .extracting(i -> i.id().number()).containsExactly(3L);
      assertThat(engine.list(new IncidentQuery(Set.of(), Optional.of("search"), Optional.empty(), 10)))
          .extracting(i -> i.id().number()).containsExactly(2L);
      assertThat(engine.list(IncidentQuery.all(1))).extracting(i -> i.id().number()).containsExactly(3L);
      assertThat(allAlerts()).hasSize(3);
    }
  }
}

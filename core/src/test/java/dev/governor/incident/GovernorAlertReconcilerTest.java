package dev.governor.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.alert.Alert;
import dev.governor.alert.AlertKey;
import dev.governor.alert.AlertState;
import dev.governor.alert.Severity;
import dev.governor.incident.IntakeResult.Disposition;
import dev.governor.slo.BudgetingMethod;
import dev.governor.slo.Catalog;
import dev.governor.slo.MetricSource;
import dev.governor.slo.Objective;
import dev.governor.slo.Ratio;
import dev.governor.slo.Service;
import dev.governor.slo.ServiceName;
import dev.governor.slo.Sli;
import dev.governor.slo.SliMetric;
import dev.governor.basics.SliName;
import dev.governor.slo.Slo;
import dev.governor.basics.SloName;
import dev.governor.slo.SloWindow;
import dev.governor.testing.FakeClock;
import dev.governor.testing.InMemoryAlertStore;
import dev.governor.testing.InMemoryIncidentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GovernorAlertReconcilerTest {

  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  final FakeClock clock = new FakeClock(T0);
  final InMemoryAlertStore alerts = new InMemoryAlertStore();
  final InMemoryIncidentStore store = new InMemoryIncidentStore();
  final IncidentEngine engine = new IncidentEngine(store, clock, IncidentSettings.DEFAULTS);
  Catalog catalog = catalog("checkout-availability", "checkout");
  final GovernorAlertReconciler reconciler = new GovernorAlertReconciler(alerts, () -> catalog, engine, clock);

  static Catalog catalog(String slo, String service) {
    MetricSource pushed = new MetricSource(MetricSource.GOVERNOR, Optional.empty(), Map.of());
    Sli sli = new Sli(SliName.of(slo), slo, "", new SliMetric.RatioMetric(false, Optional.of(pushed), Optional.empty(),
        Optional.of(pushed), Optional.empty(), Optional.empty()));
    Slo s = new Slo(SloName.of(slo), slo, "", ServiceName.of(service), sli, new SloWindow.Rolling(Duration.ofDays(28)),
        BudgetingMethod.OCCURRENCES, List.of(new Objective("default", "default", Ratio.parsePercent("99.9"),
            Optional.empty(), Optional.empty(), Optional.empty())), List.of(), Map.of(), Map.of());
    return new Catalog(List.of(new Service(ServiceName.of(service), service, "", Map.of("team", "payments"))),
        List.of(s), List.of(), List.of(), List.of(), List.of(), List.of());
  }

  static Alert firing(String id, String rule, Severity severity) {
    return new Alert(id, new AlertKey(SloName.of("checkout-availability"), "default", rule), severity,
        AlertState.FIRING, T0.minusSeconds(30), Optional.empty(), "checkout-availability burns its budget (" + rule + ")");
  }

  @Test
  void aFiringAlert_isTriggeredOnce_withItsLabels_andResolvedWhenItStopsFiring() {
    Alert page = firing("alert-1", "page", Severity.PAGE);
    alerts.save(page);

    assertThat(reconciler.reconcile()).extracting(IntakeResult::disposition).containsExactly(Disposition.OPENED_INCIDENT);
    assertThat(reconciler.reconcile()).as("idempotent").isEmpty();

    IncidentDetail d = engine.get(new IncidentId(1)).orElseThrow();
    assertThat(d.alerts()).singleElement().satisfies(a -> {
      assertThat(a.integration()).isEqualTo("governor");
      assertThat(a.dedupKey()).isEqualTo("alert-1");
      assertThat(a.source()).isEqualTo(SignalSource.GOVERNOR);
      assertThat(a.severity()).isEqualTo(AlertSeverity.CRITICAL);
      assertThat(a.startedAt()).isEqualTo(T0.minusSeconds(30));
      assertThat(a.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("slo", "checkout-availability",
          "objective", "default", "service", "checkout", "severity", "page", "rule", "page"));
    });
    assertThat(d.incident().services()).containsExactly("checkout");

    clock.advance(Duration.ofMinutes(7));
    alerts.save(page.resolved(clock.instant()));
    assertThat(reconciler.reconcile()).extracting(IntakeResult::disposition).containsExactly(Disposition.RESOLVED);
    assertThat(engine.get(new IncidentId(1)).orElseThrow().incident().state()).isEqualTo(IncidentState.RESOLVED);
    assertThat(reconciler.reconcile()).isEmpty();
  }

  @Test
  void anyRule_isCarriedThrough_andATicketOfAPagedSlo_isInhibited() {
    // Saved ticket first: the reconciler still sends the page first.
    alerts.save(firing("alert-2", "ticket", Severity.TICKET));
    alerts.save(firing("alert-3", "nodata", Severity.TICKET));
    alerts.save(firing("alert-1", "page", Severity.PAGE));
    reconciler.reconcile();

    List<IncidentAlert> open = engine.openAlerts("governor");
    assertThat(open).extracting(a -> a.labels().get("rule")).containsExactlyInAnyOrder("page", "ticket", "nodata");
    assertThat(open).filteredOn(a -> a.labels().get("rule").equals("ticket")).singleElement()
        .satisfies(a -> assertThat(a.suppression().map(Suppression::kind)).contains(Suppression.Kind.INHIBITED));
  }

  @Test
  void aSuppressedAlert_isTriedAgainEachTick_andGetsItsIncidentWhenTheSilenceEnds() {
    Silence silence = engine.silence(List.of(LabelMatcher.parse("slo=checkout-availability")), T0,
        T0.plus(Duration.ofHours(1)), "alice", "load test");
    alerts.save(firing("alert-1", "page", Severity.PAGE));

    assertThat(reconciler.reconcile()).extracting(IntakeResult::disposition).containsExactly(Disposition.SILENCED);
    assertThat(reconciler.reconcile()).extracting(IntakeResult::disposition).containsExactly(Disposition.UPDATED);
    engine.expireSilence(silence.id());

    assertThat(reconciler.reconcile()).extracting(IntakeResult::disposition).containsExactly(Disposition.OPENED_INCIDENT);
    assertThat(reconciler.reconcile()).isEmpty();
  }

  @Test
  void anAlertWhoseIncidentAPersonResolved_isNotTriggeredAgainWhileItFires() {
    alerts.save(firing("alert-1", "page", Severity.PAGE));
    reconciler.reconcile();
    engine.resolve(new IncidentId(1), "alice");

    assertThat(reconciler.reconcile()).isEmpty();
    assertThat(engine.list(IncidentQuery.all(10))).hasSize(1);
  }

  @Test
  void anAlertOfAnSloThatIsGone_hasNoServiceLabel() {
    catalog = Catalog.EMPTY;
    alerts.save(firing("alert-1", "page", Severity.PAGE));
    reconciler.reconcile();

    assertThat(engine.openAlerts("governor")).singleElement().satisfies(a -> assertThat(a.labels()).doesNotContainKey("service"));
  }
}

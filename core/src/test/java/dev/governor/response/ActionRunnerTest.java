package dev.governor.response;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.incident.AlertSeverity;
import dev.governor.incident.IncidentEngine;
import dev.governor.incident.IncidentId;
import dev.governor.incident.IncidentQuery;
import dev.governor.incident.IncidentSettings;
import dev.governor.incident.Signal;
import dev.governor.incident.SignalAction;
import dev.governor.incident.SignalSource;
import dev.governor.notify.Channel;
import dev.governor.notify.NotificationKey;
import dev.governor.testing.FakeClock;
import dev.governor.testing.InMemoryIncidentStore;
import dev.governor.testing.InMemoryOutbox;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ActionRunnerTest {

  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  static final Channel.Webhook HOOK = new Channel.Webhook(URI.create("http://127.0.0.1:9/runbook"), Optional.of("s"));

  final FakeClock clock = new FakeClock(T0);
  final IncidentEngine engine = new IncidentEngine(new InMemoryIncidentStore(), clock, IncidentSettings.DEFAULTS);
  final InMemoryOutbox outbox = new InMemoryOutbox();

  ActionRunner runner(List<IncidentAction> actions) {
    ActionRunner runner = new ActionRunner(engine, actions, Optional.of(AlertSeverity.CRITICAL), outbox::enqueue,
        new IncidentMessages(URI.create("http://127.0.0.1:8080")), clock);
    engine.addListener(runner);
    return runner;
  }

  IncidentId trigger(String service, AlertSeverity severity) {
    engine.accept(List.of(new Signal(SignalSource.ALERTMANAGER, "am", SignalAction.TRIGGER, Optional.of("k-" + service),
        service + " is down", severity, Map.of("service", service), Map.of(), List.of(), T0)));
    return engine.list(IncidentQuery.all(1)).getFirst().id();
  }

  List<String> timeline(IncidentId id) {
    return engine.get(id).orElseThrow().timeline().stream().filter(e -> e.actor().equals(ActionRunner.ACTOR))
        .map(e -> e.kind().label() + ": " + e.text()).toList();
  }

  @Test
  void anAction_isCalledOncePerEvent_forTheServicesAndSeveritiesItAsksFor() {
    ActionRunner runner = runner(List.of(
        new IncidentAction("runbook", HOOK, Set.of("opened", "resolved"), Set.of("checkout"), AlertSeverity.ERROR)));
    IncidentId checkout = trigger("checkout", AlertSeverity.CRITICAL);
    IncidentId payments = trigger("payments", AlertSeverity.CRITICAL);
    IncidentId minor = trigger("checkout-web", AlertSeverity.WARNING);
    runner.run();
    engine.acknowledge(checkout, "alice");
    engine.resolve(checkout, "alice");
    assertThat(outbox.keys()).containsExactly("incident-1/action/runbook/opened", "incident-1/action/runbook/resolved");
    assertThat(outbox.get(NotificationKey.of("incident-1/action/runbook/opened")).orElseThrow().notification().message()
        .subject()).isEqualTo("[#1 OPENED] checkout: checkout is down");
    assertThat(timeline(checkout)).contains(
        "action: called action runbook (webhook http://127.0.0.1:9/runbook) for opened",
        "action: called action runbook (webhook http://127.0.0.1:9/runbook) for resolved");
    assertThat(timeline(payments)).noneMatch(l -> l.contains("runbook"));
    assertThat(timeline(minor)).isEmpty();
  }

  @Test
  void aCriticalIncident_recordsTheDeployFreezeOnce_andAWarningDoesNot() {
    ActionRunner runner = runner(List.of());
    IncidentId critical = trigger("checkout", AlertSeverity.CRITICAL);
    IncidentId warning = trigger("search", AlertSeverity.WARNING);
    runner.run();
    runner.run();
    assertThat(timeline(critical)).containsExactly(
        "action: deploys of checkout are frozen until this incident resolves (critical)");
    assertThat(timeline(warning)).isEmpty();
    assertThat(runner.freezes(engine.get(critical).orElseThrow().incident())).isTrue();
    engine.resolve(critical, "alice");
    assertThat(runner.freezes(engine.get(critical).orElseThrow().incident())).isFalse();
  }

  @Test
  void anActionNeedsKnownEvents() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            new IncidentAction("runbook", HOOK, Set.of("started"), Set.of(), AlertSeverity.INFO))
        .hasMessageContaining("opened, acknowledged, resolved").hasMessageContaining("started");
  }
}

package dev.governor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.incident.AlertSeverity;
import dev.governor.incident.Signal;
import dev.governor.incident.SignalAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProbeAlarmsTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private static Probe http(int failuresToOpen) {
    return new Probe("shop", "", new ProbeCheck.Tcp("shop.internal", 443), Duration.ofSeconds(10),
        Duration.ofSeconds(5), failuresToOpen, Optional.of("shop"), Map.of("team", "web"));
  }

  private static Probe tls() {
    return new Probe("shop-cert", "", new ProbeCheck.TlsExpiry("shop.internal", 443, ProbeCheck.Tls.DEFAULT,
        Duration.ofDays(30), Duration.ofDays(7)), Duration.ofHours(1), Duration.ofSeconds(5), 1, Optional.empty(), Map.of());
  }

  private static ProbeResult run(Probe probe, int n, ProbeOutcome outcome) {
    return new ProbeResult(probe.name(), T0.plusSeconds(10L * n), Duration.ofMillis(20), outcome,
        outcome == ProbeOutcome.DOWN ? "HTTP 503" : "");
  }

  @Test
  void threeFailuresInARow_triggerOneCriticalAlert_andTheFirstPassResolvesIt() {
    Probe probe = http(3);
    ProbeAlarms alarms = new ProbeAlarms();
    List<Signal> signals = new ArrayList<>();
    ProbeOutcome[] runs = {ProbeOutcome.DOWN, ProbeOutcome.DOWN, ProbeOutcome.UP, ProbeOutcome.DOWN, ProbeOutcome.DOWN,
        ProbeOutcome.DOWN, ProbeOutcome.DOWN, ProbeOutcome.DEGRADED, ProbeOutcome.UP};
    for (int i = 0; i < runs.length; i++) signals.addAll(alarms.judge(probe, run(probe, i, runs[i])));

    assertThat(signals).extracting(Signal::action).containsExactly(SignalAction.TRIGGER, SignalAction.RESOLVE);
    Signal trigger = signals.getFirst();
    assertThat(trigger.at()).isEqualTo(T0.plusSeconds(50)); // the third failure in a row, the run's own time
    assertThat(trigger.severity()).isEqualTo(AlertSeverity.CRITICAL);
    assertThat(trigger.dedupKey()).contains("probe/shop");
    assertThat(trigger.integration()).isEqualTo(ProbeAlarms.INTEGRATION);
    assertThat(trigger.labels()).containsEntry("service", "shop").containsEntry("probe", "shop")
        .containsEntry("team", "web").containsEntry("alertname", "ProbeFailing");
    assertThat(trigger.summary()).contains("failed 3 times in a row").contains("HTTP 503");
    assertThat(signals.get(1).at()).isEqualTo(T0.plusSeconds(70)); // degraded passes: the site answers
  }

  @Test
  void aProbeThatNeverOpens_sendsNothing_butCountsItsFailures() {
    Probe probe = http(0);
    ProbeAlarms alarms = new ProbeAlarms();
    for (int i = 0; i < 10; i++) assertThat(alarms.judge(probe, run(probe, i, ProbeOutcome.DOWN))).isEmpty();
    assertThat(alarms.failuresInARow("shop")).isEqualTo(10);
  }

  @Test
  void afterARestart_theStreakContinuesFromTheStoredRuns_withoutASecondTrigger() {
    Probe probe = http(3);
    ProbeAlarms alarms = new ProbeAlarms();
    alarms.resume(probe, List.of(run(probe, 4, ProbeOutcome.DOWN), run(probe, 3, ProbeOutcome.DOWN),
        run(probe, 2, ProbeOutcome.DOWN), run(probe, 1, ProbeOutcome.UP)));

    assertThat(alarms.judge(probe, run(probe, 5, ProbeOutcome.DOWN))).isEmpty();
    assertThat(alarms.judge(probe, run(probe, 6, ProbeOutcome.UP))).extracting(Signal::action)
        .containsExactly(SignalAction.RESOLVE);
  }

  @Test
  void twoFailuresStoredBeforeARestart_openOnTheThird() {
    Probe probe = http(3);
    ProbeAlarms alarms = new ProbeAlarms();
    alarms.resume(probe, List.of(run(probe, 2, ProbeOutcome.DOWN), run(probe, 1, ProbeOutcome.DOWN)));

    assertThat(alarms.judge(probe, run(probe, 3, ProbeOutcome.DOWN))).extracting(Signal::action)
        .containsExactly(SignalAction.TRIGGER);
  }

  @Test
  void aCertificateInsideItsWarningPeriod_raisesAWarning_resolvedWhenRenewed() {
    Probe probe = tls();
    ProbeAlarms alarms = new ProbeAlarms();

    List<Signal> warned = alarms.judge(probe, run(probe, 0, ProbeOutcome.DEGRADED));
    assertThat(alarms.judge(probe, run(probe, 1, ProbeOutcome.DEGRADED))).isEmpty();
    List<Signal> renewed = alarms.judge(probe, run(probe, 2, ProbeOutcome.UP));

    assertThat(warned).singleElement().satisfies(s -> {
      assertThat(s.severity()).isEqualTo(AlertSeverity.WARNING);
      assertThat(s.dedupKey()).contains("probe/shop-cert/certificate");
      assertThat(s.labels()).containsEntry("alertname", "CertificateExpiresSoon").doesNotContainKey("service");
    });
    assertThat(renewed).extracting(Signal::action).containsExactly(SignalAction.RESOLVE);
  }

  @Test
  void forgettingADownProbe_resolvesItsAlert() {
    Probe probe = http(1);
    ProbeAlarms alarms = new ProbeAlarms();
    alarms.judge(probe, run(probe, 0, ProbeOutcome.DOWN));

    assertThat(alarms.forget(probe, T0.plusSeconds(60))).extracting(Signal::action).containsExactly(SignalAction.RESOLVE);
    assertThat(alarms.failuresInARow("shop")).isZero();
  }
}

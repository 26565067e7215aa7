package dev.governor.probe;

import dev.governor.incident.AlertSeverity;
import dev.governor.incident.Signal;
import dev.governor.incident.SignalAction;
import dev.governor.incident.SignalSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns probe results into alert signals, without waiting for the burn-rate arithmetic: a site that
 * is down should page before a 30-day budget notices. {@code failuresToOpen} failed runs in a row
 * trigger a critical alert (which opens an incident); the first run that passes resolves it. A TLS
 * certificate inside its warning period triggers a warning of its own, resolved once it is renewed.
 *
 * <p>Signals are edges: one trigger when a streak reaches its length, one resolve when it ends.
 * The intake's dedup keys make a repeated trigger harmless, so after a restart {@link #resume}
 * may seed the streaks from stored results without fear of opening a second incident.
 *
 * <p>Not thread-safe: one thread hands it the results in the order each probe ran them.
 */
public final class ProbeAlarms {

  /** The integration probe alerts come in by; its alerts are keyed by probe. */
  public static final String INTEGRATION = "governor-probes";

  private final Map<String, Integer> failuresInARow = new HashMap<>();
  private final Map<String, Boolean> down = new HashMap<>();
  private final Map<String, Boolean> certificateWarned = new HashMap<>();

  /** Seeds a probe's streak from its newest results (newest first), as a restarted server finds them. */
  public void resume(Probe probe, List<ProbeResult> newestFirst) {
    int streak = 0;
    for (ProbeResult result : newestFirst) {
      if (result.outcome().passed()) break;
      streak++;
    }
    failuresInARow.put(probe.name(), streak);
    down.put(probe.name(), probe.failuresToOpen() > 0 && streak >= probe.failuresToOpen());
    boolean warned = probe.check() instanceof ProbeCheck.TlsExpiry && !newestFirst.isEmpty()
        && newestFirst.getFirst().outcome() == ProbeOutcome.DEGRADED;
    certificateWarned.put(probe.name(), warned);
  }

  /** The signals this result calls for (none, most of the time). */
  public List<Signal> judge(Probe probe, ProbeResult result) {
    List<Signal> signals = new ArrayList<>(1);
    String name = probe.name();
    int streak = result.outcome().passed() ? 0 : failuresInARow.getOrDefault(name, 0) + 1;
    failuresInARow.put(name, streak);
    boolean wasDown = down.getOrDefault(name, false);
    if (!wasDown && probe.failuresToOpen() > 0 && streak >= probe.failuresToOpen()) {
      down.put(name, true);
      signals.add(signal(probe, result, SignalAction.TRIGGER, downKey(name), AlertSeverity.CRITICAL, "ProbeFailing",
          probe.check().type() + " probe " + name + " failed " + streak + " times in a row: " + result.detail()));
    } else if (wasDown && result.outcome().passed()) {
      down.put(name, false);
      signals.add(signal(probe, result, SignalAction.RESOLVE, downKey(name), AlertSeverity.CRITICAL, "ProbeFailing",
          probe.check().type() + " probe " + name + " passes again"));
    }
    if (probe.check() instanceof ProbeCheck.TlsExpiry) {
      boolean warned = certificateWarned.getOrDefault(name, false);
      if (!warned && result.outcome() == ProbeOutcome.DEGRADED) {
        certificateWarned.put(name, true);
        signals.add(signal(probe, result, SignalAction.TRIGGER, certificateKey(name), AlertSeverity.WARNING,
            "CertificateExpiresSoon", "TLS certificate of " + probe.check().target() + ": " + result.detail()));
      } else if (warned && result.outcome() == ProbeOutcome.UP) {
        certificateWarned.put(name, false);
        signals.add(signal(probe, result, SignalAction.RESOLVE, certificateKey(name), AlertSeverity.WARNING,
            "CertificateExpiresSoon", "TLS certificate of " + probe.check().target() + " is renewed"));
      }
    }
    return signals;
  }

  /** Failed runs in a row of a probe, as of the last result judged. */
  public int failuresInARow(String probe) {
    return failuresInARow.getOrDefault(probe, 0);
  }

  /** Forgets a probe that was deleted. Its open alert, if any, is resolved by the returned signals. */
  public List<Signal> forget(Probe probe, java.time.Instant at) {
    List<Signal> signals = new ArrayList<>();
    ProbeResult gone = new ProbeResult(probe.name(), at, java.time.Duration.ZERO, ProbeOutcome.UP, "probe deleted");
    if (down.getOrDefault(probe.name(), false)) {
      signals.add(signal(probe, gone, SignalAction.RESOLVE, downKey(probe.name()), AlertSeverity.CRITICAL,
          "ProbeFailing", "probe " + probe.name() + " was deleted"));
    }
    if (certificateWarned.getOrDefault(probe.name(), false)) {
      signals.add(signal(probe, gone, SignalAction.RESOLVE, certificateKey(probe.name()), AlertSeverity.WARNING,
          "CertificateExpiresSoon", "probe " + probe.name() + " was deleted"));
    }
    failuresInARow.remove(probe.name());
    down.remove(probe.name());
    certificateWarned.remove(probe.name());
    return signals;
  }

  static String downKey(String probe) {
    return "probe/" + probe;
  }

  static String certificateKey(String probe) {
    return "probe/" + probe + "/certificate";
  }

  private static Signal signal(Probe probe, ProbeResult result, SignalAction action, String key, AlertSeverity severity,
      String alertname, String summary) {
    Map<String, String> labels = new LinkedHashMap<>(probe.labels());
    labels.put("alertname", alertname);
    labels.put("probe", probe.name());
    labels.put("severity", severity.label());
    probe.service().ifPresent(s -> labels.put("service", s));
    Map<String, String> details = new LinkedHashMap<>();
    details.put("target", probe.check().target());
    details.put("outcome", result.outcome().label());
    if (!result.detail().isEmpty()) details.put("detail", result.detail());
    return new Signal(SignalSource.GOVERNOR, INTEGRATION, action, Optional.of(key), summary, severity, labels, details,
        List.of(), result.startedAt());
  }
}

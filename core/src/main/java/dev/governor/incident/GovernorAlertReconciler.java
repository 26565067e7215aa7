package dev.governor.incident;

import dev.governor.alert.Alert;
import dev.governor.alert.AlertStore;
import dev.governor.alert.Severity;
import dev.governor.slo.Catalog;
import dev.governor.slo.Slo;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Feeds Governor's own alerts (burn-rate pages and tickets, OpenSLO conditions, any rule the
 * evaluator has) to the incident engine as signals of integration {@value #INTEGRATION}, with the
 * alert's id as the dedup key.
 *
 * <p>Each alert that opens or resolves is handed over right after the evaluator stores it
 * ({@link #changed}), so an incident opens within the request whose events proved the burn.
 * {@link #reconcile} is the safety sweep behind that: it reconciles state rather than relaying
 * events, so whatever a crash lost between the two is caught up: every firing
 * alert the engine has never seen is triggered, and every alert the engine holds open that is no
 * longer firing is resolved. A crash or restart between an alert firing and the next tick loses
 * nothing, and running it twice sends nothing twice. An alert the engine already resolved (a
 * person resolved its incident) is not triggered again while it keeps firing: the person decided,
 * and a new incident every tick would be noise; its next firing has a new id and opens anew. An
 * alert the engine holds suppressed is triggered again on every tick, so that it gets its
 * incident once its silence, maintenance window or inhibiting page ends.
 *
 * <p>Labels: {@code slo}, {@code objective}, {@code service} (the SLO's, while the SLO exists),
 * {@code severity} ({@code page} or {@code ticket}) and {@code rule}. Pages are critical, tickets
 * warnings.
 */
public final class GovernorAlertReconciler implements dev.governor.alert.AlertListener {

  public static final String INTEGRATION = "governor";

  private final AlertStore alerts;
  private final java.util.function.Function<dev.governor.basics.SloName, Optional<Slo>> slos;
  private final IncidentEngine engine;
  private final InstantSource clock;

  public GovernorAlertReconciler(AlertStore alerts, Supplier<Catalog> catalog, IncidentEngine engine,
      InstantSource clock) {
    this(alerts, name -> catalog.get().slo(name), engine, clock);
  }

  /** @param slos finds an alert's SLO: an applied one, or an instance of a grouped one */
  public GovernorAlertReconciler(AlertStore alerts, java.util.function.Function<dev.governor.basics.SloName,
      Optional<Slo>> slos, IncidentEngine engine, InstantSource clock) {
    this.alerts = alerts;
    this.slos = slos;
    this.engine = engine;
    this.clock = clock;
  }

  /** Sends what differs and returns what the engine made of it; empty when nothing differs. */
  public List<IntakeResult> reconcile() {
    Instant now = clock.instant();
    // Pages before tickets, so that a page and its ticket firing in the same tick always end the
    // same way: the ticket inhibited, whatever order the store lists them in.
    Map<String, Alert> firing = alerts.firing().stream()
        .sorted(Comparator.comparing(Alert::severity).thenComparing(Alert::startedAt).thenComparing(Alert::id))
        .collect(Collectors.toMap(Alert::id, a -> a, (a, b) -> a, LinkedHashMap::new));
    List<IncidentAlert> open = engine.openAlerts(INTEGRATION);
    Set<String> suppressed = open.stream().filter(a -> a.suppression().isPresent())
        .map(IncidentAlert::dedupKey).collect(Collectors.toSet());
    Set<String> known = engine.knownDedupKeys(INTEGRATION, firing.keySet());
    List<Signal> signals = new ArrayList<>();
    for (Alert alert : firing.values()) {
      if (!known.contains(alert.id()) || suppressed.contains(alert.id())) {
        signals.add(trigger(alert, slos.apply(alert.key().slo())));
      }
    }
    for (IncidentAlert held : open) {
      if (!firing.containsKey(held.dedupKey())) {
        signals.add(new Signal(SignalSource.GOVERNOR, INTEGRATION, SignalAction.RESOLVE, Optional.of(held.dedupKey()),
            held.summary(), held.severity(), Map.of(), Map.of(), List.of(), now));
      }
    }
    return engine.accept(signals);
  }

  /** Hands one stored alert change to the incident engine: a trigger when it opened, a resolve when it ended. */
  @Override
  public void changed(Alert alert) {
    if (alert.resolvedAt().isEmpty()) {
      engine.accept(List.of(trigger(alert, slos.apply(alert.key().slo()))));
      return;
    }
    AlertSeverity severity = alert.severity() == Severity.PAGE ? AlertSeverity.CRITICAL : AlertSeverity.WARNING;
    engine.accept(List.of(new Signal(SignalSource.GOVERNOR, INTEGRATION, SignalAction.RESOLVE, Optional.of(alert.id()),
        alert.summary(), severity, Map.of(), Map.of(), List.of(), alert.resolvedAt().get())));
  }

  static Signal trigger(Alert alert, Optional<Slo> slo) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("slo", alert.key().slo().value());
    labels.put("objective", alert.key().objective());
    slo.ifPresent(s -> labels.put("service", s.service().value()));
    labels.put("severity", alert.severity().label());
    labels.put("rule", alert.key().rule());
    // An instance of a grouped SLO: its group, and its label values, which incident grouping and
    // routing can use (endpoint=/search); they never replace the labels above.
    slo.flatMap(Slo::instance).ifPresent(i -> {
      labels.put("slo_group", i.group().value());
      i.labels().forEach(labels::putIfAbsent);
    });
    AlertSeverity severity = alert.severity() == Severity.PAGE ? AlertSeverity.CRITICAL : AlertSeverity.WARNING;
    return new Signal(SignalSource.GOVERNOR, INTEGRATION, SignalAction.TRIGGER, Optional.of(alert.id()),
        alert.summary(), severity, labels, Map.of(), List.of(), alert.startedAt());
  }
}

package dev.governor.testing;

import dev.governor.alert.Alert;
import dev.governor.alert.AlertState;
import dev.governor.alert.AlertStore;
import dev.governor.basics.SloName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An alert store in a map, for the evaluator's unit tests; it passes the JDBC stores' contract. */
public class InMemoryAlertStore implements AlertStore {
  private final Map<String, Alert> alerts = new LinkedHashMap<>();

  @Override
  public synchronized void save(Alert alert) {
    alerts.put(alert.id(), alert);
  }

  @Override
  public synchronized List<Alert> firing() {
    return alerts.values().stream().filter(a -> a.state() == AlertState.FIRING).toList();
  }

  @Override
  public synchronized List<Alert> list(Optional<AlertState> state, Optional<SloName> slo, int limit) {
    if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    List<Alert> all = new ArrayList<>(alerts.values());
    // Newest first, and alerts that started together by id, as the databases order them.
    all.sort(Comparator.comparing(Alert::startedAt).thenComparing(Alert::id).reversed());
    return all.stream()
        .filter(a -> state.map(s -> a.state() == s).orElse(true))
        .filter(a -> slo.map(s -> a.key().slo().equals(s)).orElse(true))
        .limit(limit)
        .toList();
  }
}

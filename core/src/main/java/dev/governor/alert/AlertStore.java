package dev.governor.alert;

import java.util.List;
import java.util.Optional;

/** Durable alert history. */
public interface AlertStore {

  /** Inserts the alert or replaces the one with the same id. */
  void save(Alert alert);

  /** Alerts that are firing now, for the evaluator to pick up after a restart. */
  List<Alert> firing();

  /** Alerts newest first, optionally only those in {@code state} or of one SLO. */
  List<Alert> list(Optional<AlertState> state, Optional<dev.governor.basics.SloName> slo, int limit);
}

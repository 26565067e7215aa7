package dev.governor.alert;

import java.util.List;
import java.util.Optional;

/** Durable alert history. */
public interface AlertStore {

  /** Inserts the alert or replaces the one with the same id. */
  void save(Alert alert);

  /**
   * Saves every alert of {@code alerts} as {@link #save} does, all of them or, when it throws,
   * none: a tick that opens or resolves thousands at once stores them in one commit. This default
   * suits a store whose saves cannot fail; a durable one overrides it.
   */
  default void saveAll(List<Alert> alerts) {
    for (Alert alert : alerts) save(alert);
  }

  /** Alerts that are firing now, for the evaluator to pick up after a restart. */
  List<Alert> firing();

  /** Alerts newest first, optionally only those in {@code state} or of one SLO. */
  List<Alert> list(Optional<AlertState> state, Optional<dev.governor.basics.SloName> slo, int limit);
}

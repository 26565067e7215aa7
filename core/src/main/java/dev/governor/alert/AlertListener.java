package dev.governor.alert;

/**
 * Hears of each alert that opened or resolved, right after the change is stored: how an alert
 * reaches the incident engine within the request that proved it, not on the next sweep.
 */
@FunctionalInterface
public interface AlertListener {

  /** {@code alert} is as stored: firing, or resolved with its resolution time. */
  void changed(Alert alert);
}

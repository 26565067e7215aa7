package dev.governor.incident;

/** Where an alert signal came from. */
public enum SignalSource {
  /** Governor's own burn-rate, condition and no-data alerts. */
  GOVERNOR,
  /** Prometheus Alertmanager's webhook (version 4). */
  ALERTMANAGER,
  /** Any sender of PagerDuty Events API v2 (Alertmanager's pagerduty_configs among them). */
  PAGERDUTY
}

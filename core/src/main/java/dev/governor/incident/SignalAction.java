package dev.governor.incident;

/** What a signal asks for, in the words of PagerDuty's event_action. */
public enum SignalAction {
  TRIGGER,
  ACKNOWLEDGE,
  RESOLVE
}

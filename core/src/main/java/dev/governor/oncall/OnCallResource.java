package dev.governor.oncall;

/** What an on-call document defines: a person, a schedule or an escalation policy. */
public sealed interface OnCallResource permits User, Schedule, EscalationPolicy {

  OnCallKind kind();

  /** The document's {@code metadata.name}. */
  String resourceName();
}

package dev.governor.incident;

/**
 * What a change asked of an incident came to. A refusal (acknowledging a resolved incident) is an
 * answer, not an error: the API says 409; an unknown incident is a 404.
 */
public sealed interface IncidentOutcome {

  /**
   * Done, or already so.
   *
   * @param changed false when the incident already was as asked (acknowledging it twice)
   */
  record Applied(Incident incident, boolean changed) implements IncidentOutcome {}

  record NotFound(IncidentId id) implements IncidentOutcome {}

  /** Not done: {@code reason} says why and what to do instead. */
  record Refused(Incident incident, String reason) implements IncidentOutcome {}
}

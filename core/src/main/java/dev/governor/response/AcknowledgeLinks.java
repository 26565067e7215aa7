package dev.governor.response;

import dev.governor.incident.IncidentId;
import java.util.Optional;

/**
 * Makes the one-click acknowledge link a page carries: signed for the incident and the person
 * paged, expiring, good once. The server signs them; core only asks for one per page.
 */
@FunctionalInterface
public interface AcknowledgeLinks {

  /** Pages without a link. */
  AcknowledgeLinks NONE = (incident, person) -> Optional.empty();

  /** The path and query of the link, such as {@code /ack/12?t=...}; empty for none. */
  Optional<String> pathFor(IncidentId incident, String person);
}

package dev.governor.status;

import dev.governor.incident.IncidentId;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An update for the public about an incident, written by a responder and kept apart from the
 * incident's internal timeline: only this text, its title and its components reach the page.
 *
 * @param title the incident's public title; the first update must give one, later ones may change it
 * @param components the keys of the components it affects
 * @param impact how badly, which raises those components to at least this state while the incident is not resolved
 */
public record StatusUpdate(long id, IncidentId incident, Instant at, Phase phase, Optional<String> title, String message,
    List<String> components, Optional<ComponentState> impact) {

  public static final int LONGEST_MESSAGE = 5_000;

  /** Where the incident stands, in Statuspage's words. */
  public enum Phase {
    INVESTIGATING, IDENTIFIED, MONITORING, RESOLVED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public String words() {
      return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }

    public static Phase of(String label) {
      for (Phase p : values()) if (p.label().equals(label)) return p;
      throw new IllegalArgumentException("status must be investigating, identified, monitoring or resolved, got '"
          + (label.length() > 40 ? label.substring(0, 40) + "…" : label) + "'");
    }
  }

  public StatusUpdate {
    if (message == null || message.isBlank() || message.length() > LONGEST_MESSAGE) {
      throw new IllegalArgumentException("a status update needs a message of 1-" + LONGEST_MESSAGE + " characters");
    }
    title.ifPresent(t -> {
      if (t.isBlank() || t.length() > 200) throw new IllegalArgumentException("a public title is 1-200 characters");
    });
    components = List.copyOf(components);
    if (impact.isPresent() && (impact.get() == ComponentState.OPERATIONAL || impact.get() == ComponentState.UNDER_MAINTENANCE)) {
      throw new IllegalArgumentException("impact is degraded, partial_outage or major_outage");
    }
  }
}

package dev.governor.response;

import dev.governor.incident.AlertSeverity;
import dev.governor.incident.Incident;
import dev.governor.notify.Channel;
import dev.governor.basics.Names;
import java.util.Set;

/**
 * An automated response: a webhook (a runbook automation, a chat-ops bot) told of incident events,
 * delivered from the outbox like a page, so at least once and HMAC-signed when it has a secret.
 *
 * @param events which of {@link #EVENTS} it is told of
 * @param services only incidents of these services; empty for all
 * @param minSeverity only incidents at least this severe
 */
public record IncidentAction(String name, Channel.Webhook target, Set<String> events, Set<String> services,
    AlertSeverity minSeverity) {

  public static final Set<String> EVENTS = Set.of("opened", "acknowledged", "resolved", "reopened");

  public IncidentAction {
    if (name == null || !Names.isValid(name)) {
      throw new IllegalArgumentException("an action name is lowercase letters, digits, '-', '_', '.', such as runbook,"
          + " got '" + name + "'");
    }
    if (target == null) throw new IllegalArgumentException("action " + name + " needs a webhook URL");
    events = Set.copyOf(events);
    if (events.isEmpty() || !EVENTS.containsAll(events)) {
      throw new IllegalArgumentException("action " + name + " needs events among opened, acknowledged, resolved,"
          + " reopened, got " + events);
    }
    services = Set.copyOf(services);
    if (minSeverity == null) minSeverity = AlertSeverity.INFO;
  }

  public boolean wants(Incident incident, String event) {
    return events.contains(event)
        && !minSeverity.worseThan(incident.severity())
        && (services.isEmpty() || incident.services().stream().anyMatch(services::contains));
  }
}

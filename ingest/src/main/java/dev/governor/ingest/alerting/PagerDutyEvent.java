package dev.governor.ingest.alerting;

import dev.governor.incident.AlertSeverity;
import dev.governor.incident.Signal;
import dev.governor.incident.SignalAction;
import dev.governor.incident.SignalLink;
import dev.governor.incident.SignalSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One valid PagerDuty Events API v2 alert event, read but not yet routed: its {@code routing_key}
 * picks the integration, and {@link #signal} then makes the {@link Signal}.
 */
public record PagerDutyEvent(
    String routingKey,
    SignalAction action,
    Optional<String> dedupKey,
    String summary,
    AlertSeverity severity,
    Map<String, String> labels,
    Map<String, String> details,
    List<SignalLink> links,
    Instant at) {

  public PagerDutyEvent {
    if (routingKey == null || routingKey.isBlank()) throw new IllegalArgumentException("an event needs a routing key");
    labels = Map.copyOf(labels);
    details = Map.copyOf(details);
    links = List.copyOf(links);
  }

  /** The signal this event makes when its routing key belongs to {@code integration}. */
  public Signal signal(String integration) {
    return new Signal(SignalSource.PAGERDUTY, integration, action, dedupKey, summary, severity, labels,
        details, links, at);
  }
}

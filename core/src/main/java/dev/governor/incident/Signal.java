package dev.governor.incident;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One alert event as Governor takes it in, whatever sent it: a trigger, acknowledgement or
 * resolution of the alert named by {@code dedupKey} within {@code integration}.
 *
 * <p>The dedup rules are PagerDuty's: a trigger with the key of an open alert updates it; a trigger
 * after that alert resolved opens a new one; an acknowledge or resolve for an unknown or resolved
 * key is dropped; a trigger without a key always opens a new alert (the intake gives it a key).
 *
 * @param integration the integration that received it ("governor" for Governor's own alerts); keys
 *     of different integrations never collide
 * @param labels what grouping, silences, inhibition and routing match on: service, slo,
 *     severity, alertname, …
 * @param details free text to show: annotations, PagerDuty custom_details flattened to strings
 * @param at when the sender says the alert started or changed; the time of receipt when it did not say
 */
public record Signal(
    SignalSource source,
    String integration,
    SignalAction action,
    Optional<String> dedupKey,
    String summary,
    AlertSeverity severity,
    Map<String, String> labels,
    Map<String, String> details,
    List<SignalLink> links,
    Instant at) {

  public Signal {
    if (integration == null || integration.isBlank()) throw new IllegalArgumentException("a signal needs an integration");
    if (dedupKey.isPresent() && dedupKey.get().isBlank()) {
      throw new IllegalArgumentException("a dedup key must not be blank; leave it out instead");
    }
    if (dedupKey.isEmpty() && action != SignalAction.TRIGGER) {
      throw new IllegalArgumentException("a " + action + " signal needs a dedup key: it names the alert it changes");
    }
    if (summary == null) summary = "";
    labels = Map.copyOf(labels);
    details = Map.copyOf(details);
    links = List.copyOf(links);
  }
}

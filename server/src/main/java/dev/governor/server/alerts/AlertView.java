package dev.governor.server.alerts;

import dev.governor.alert.Alert;

/** An alert as the API writes it; times are RFC 3339 in UTC, {@code resolvedAt} null while firing. */
public record AlertView(
    String id,
    String slo,
    String objective,
    String rule,
    String severity,
    String state,
    String startedAt,
    String resolvedAt,
    String summary) {

  public static AlertView of(Alert alert) {
    return new AlertView(
        alert.id(),
        alert.key().slo().value(),
        alert.key().objective(),
        alert.key().rule(),
        alert.severity().label(),
        alert.state().label(),
        alert.startedAt().toString(),
        alert.resolvedAt().map(Object::toString).orElse(null),
        alert.summary());
  }
}

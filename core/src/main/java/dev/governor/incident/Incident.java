package dev.governor.incident;

import dev.governor.basics.Names;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An incident: related alerts grouped into one thing for people to respond to.
 *
 * @param severity the worst severity of its alerts
 * @param services the values of the {@code service} label of its alerts, sorted; free text, since
 *     alerts from Alertmanager and PagerDuty senders need not name a Governor service
 * @param slos the values of the {@code slo} label of its alerts, sorted
 * @param labels the labels of the alert that opened it (its {@code team} says whose it is)
 * @param notifyAfter when the escalation runner should page: the open time plus the group wait,
 *     so alerts that fire together page once; moved on a reopen
 * @param acknowledgedAt the first acknowledgement, kept through a reopen: time to acknowledge
 *     measures how fast someone first responded
 * @param resolvedAt the last resolution; empty while the incident is open
 * @param roles role (commander, communications, scribe …) to person
 * @param reopenCount how often it was reopened
 */
public record Incident(
    IncidentId id,
    String title,
    IncidentState state,
    AlertSeverity severity,
    List<String> services,
    List<String> slos,
    Map<String, String> labels,
    String groupKey,
    Instant openedAt,
    Instant notifyAfter,
    Optional<Instant> acknowledgedAt,
    Optional<String> acknowledgedBy,
    Optional<Instant> resolvedAt,
    Optional<String> resolvedBy,
    Map<String, String> roles,
    int reopenCount) {

  public Incident {
    if (id == null) throw new IllegalArgumentException("an incident needs an id");
    if (title == null || title.isBlank()) throw new IllegalArgumentException("incident " + id + " needs a title");
    if (groupKey == null || groupKey.isBlank()) throw new IllegalArgumentException("incident " + id + " needs a group key");
    if ((state == IncidentState.RESOLVED) != resolvedAt.isPresent() || resolvedAt.isPresent() != resolvedBy.isPresent()) {
      throw new IllegalArgumentException("incident " + id + " has resolvedAt and resolvedBy exactly when it is resolved,"
          + " got " + state.label() + ", " + resolvedAt + ", " + resolvedBy);
    }
    if (acknowledgedAt.isPresent() != acknowledgedBy.isPresent()
        || (state == IncidentState.ACKNOWLEDGED && acknowledgedAt.isEmpty())) {
      throw new IllegalArgumentException("incident " + id + " is acknowledged with a time and a person, got "
          + state.label() + ", " + acknowledgedAt + ", " + acknowledgedBy);
    }
    for (Optional<Instant> t : List.of(acknowledgedAt, resolvedAt)) {
      if (t.isPresent() && t.get().isBefore(openedAt)) {
        throw new IllegalArgumentException("incident " + id + " opened at " + openedAt + " cannot change before it, at " + t.get());
      }
    }
    if (notifyAfter.isBefore(openedAt)) {
      throw new IllegalArgumentException("incident " + id + " cannot notify (" + notifyAfter + ") before it opened (" + openedAt + ")");
    }
    if (reopenCount < 0) throw new IllegalArgumentException("incident " + id + " has a reopen count of 0 or more, got " + reopenCount);
    services = services.stream().distinct().sorted().toList();
    slos = slos.stream().distinct().sorted().toList();
    labels = Map.copyOf(labels);
    for (String role : roles.keySet()) requireRole(role);
    roles = Map.copyOf(roles);
  }

  /** Role names follow resource names: commander, communications, scribe, ops-lead … */
  static String requireRole(String role) {
    if (!Names.isValid(role)) {
      throw new IllegalArgumentException(
          "a role is lowercase letters, digits, '-', '_', '.', such as commander, got '" + role + "'");
    }
    return role;
  }

  public boolean isOpen() {
    return state.isOpen();
  }

  /** From opening to the first acknowledgement; empty when nobody acknowledged it. */
  public Optional<Duration> timeToAcknowledge() {
    return acknowledgedAt.map(at -> Duration.between(openedAt, at));
  }

  /** From opening to resolution (the last, after a reopen); empty while it is open. */
  public Optional<Duration> timeToResolve() {
    return resolvedAt.map(at -> Duration.between(openedAt, at));
  }

  /** The roles sorted by name, for showing. */
  public Map<String, String> sortedRoles() {
    return new TreeMap<>(roles);
  }

  Incident acknowledged(Instant at, String by) {
    return new Incident(id, title, IncidentState.ACKNOWLEDGED, severity, services, slos, labels, groupKey, openedAt,
        notifyAfter, acknowledgedAt.or(() -> Optional.of(at)), acknowledgedBy.or(() -> Optional.of(by)),
        Optional.empty(), Optional.empty(), roles, reopenCount);
  }

  Incident resolved(Instant at, String by) {
    return new Incident(id, title, IncidentState.RESOLVED, severity, services, slos, labels, groupKey, openedAt,
        notifyAfter, acknowledgedAt, acknowledgedBy, Optional.of(at), Optional.of(by), roles, reopenCount);
  }

  Incident reopened(Instant notifyAfter) {
    return new Incident(id, title, IncidentState.TRIGGERED, severity, services, slos, labels, groupKey, openedAt,
        notifyAfter, acknowledgedAt, acknowledgedBy, Optional.empty(), Optional.empty(), roles, reopenCount + 1);
  }

  Incident withRole(String role, String person) {
    Map<String, String> next = new TreeMap<>(roles);
    next.put(role, person);
    return new Incident(id, title, state, severity, services, slos, labels, groupKey, openedAt, notifyAfter,
        acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy, next, reopenCount);
  }

  /**
   * Severity, title, services and SLOs as its alerts say now. The severity is the worst any alert
   * reached, so paging does not stop when the worst one resolves first. The title describes the most
   * severe alert still firing: a ticket that opened the incident must not be what the person paged
   * for the page alert that joined it reads. Among alerts of the same severity the title stays put.
   */
  Incident summarising(List<IncidentAlert> alerts) {
    AlertSeverity worst = alerts.isEmpty() ? severity : alerts.getFirst().severity();
    for (IncidentAlert a : alerts) if (a.severity().worseThan(worst)) worst = a.severity();
    List<String> svc = alerts.stream().map(a -> a.labels().get("service")).filter(IncidentEngine::present).toList();
    List<String> slo = alerts.stream().map(a -> a.labels().get("slo")).filter(IncidentEngine::present).toList();
    return new Incident(id, describedBy(alerts), state, worst, svc, slo, labels, groupKey, openedAt, notifyAfter,
        acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy, roles, reopenCount);
  }

  private String describedBy(List<IncidentAlert> alerts) {
    List<IncidentAlert> firing = alerts.stream().filter(IncidentAlert::isOpen).toList();
    if (firing.isEmpty()) return title;
    AlertSeverity top = firing.getFirst().severity();
    for (IncidentAlert a : firing) if (a.severity().worseThan(top)) top = a.severity();
    AlertSeverity worstFiring = top;
    List<IncidentAlert> candidates = firing.stream().filter(a -> a.severity() == worstFiring).toList();
    if (candidates.stream().anyMatch(a -> IncidentEngine.title(a).equals(title))) return title;
    return IncidentEngine.title(candidates.getFirst());
  }
}

package dev.governor.response;

import dev.governor.incident.AlertSeverity;
import dev.governor.incident.Incident;
import dev.governor.incident.IncidentDetail;
import dev.governor.incident.IncidentEngine;
import dev.governor.incident.IncidentListener;
import dev.governor.incident.IncidentQuery;
import dev.governor.incident.IncidentState;
import dev.governor.incident.TimelineEntry;
import dev.governor.notify.Notification;
import dev.governor.notify.NotificationKey;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Automated responses to incident events: the configured {@link IncidentAction} webhooks, and the
 * deploy freeze's line on the timeline.
 *
 * <p>Like {@link EscalationRunner} it keeps no state: each action call is a notification under a
 * key of the incident, action and event ({@code incident-12/action/runbook/opened}), so the outbox
 * sends it once, and it goes on the timeline as ACTION exactly when it was new. Listener calls
 * lost to a crash are made up by {@link #run()} on the next tick for the events an open incident
 * has had (opened, and acknowledged if it is); a resolution's call is not, since resolved
 * incidents are not rescanned.
 *
 * <p>The freeze itself is decided by the gate from the open incidents when it is asked; this only
 * writes when it starts, once per incident life.
 */
public final class ActionRunner implements IncidentListener {

  public static final String ACTOR = "automation";

  private final IncidentEngine incidents;
  private final List<IncidentAction> actions;
  private final Optional<AlertSeverity> freezeFrom;
  private final Predicate<Notification> enqueue;
  private final IncidentMessages messages;
  private final InstantSource clock;

  /** @param freezeFrom the least severity of an open incident that freezes deploys; empty: none does */
  public ActionRunner(IncidentEngine incidents, List<IncidentAction> actions, Optional<AlertSeverity> freezeFrom,
      Predicate<Notification> enqueue, IncidentMessages messages, InstantSource clock) {
    this.incidents = incidents;
    this.actions = List.copyOf(actions);
    this.freezeFrom = freezeFrom;
    this.enqueue = enqueue;
    this.messages = messages;
    this.clock = clock;
  }

  /** Whether {@code incident} freezes the deploys of its services now. */
  public boolean freezes(Incident incident) {
    return freezes(incident, freezeFrom);
  }

  /** Whether {@code incident} freezes deploys now, when incidents of {@code freezeFrom} or worse do. */
  public static boolean freezes(Incident incident, Optional<AlertSeverity> freezeFrom) {
    return incident.isOpen() && !incident.services().isEmpty()
        && freezeFrom.map(least -> !least.worseThan(incident.severity())).orElse(false);
  }

  /** Makes up for listener calls lost to a crash: the events every open incident has had. */
  public void run() {
    for (Incident i : incidents.list(IncidentQuery.open(EscalationRunner.MAX_OPEN))) {
      handle(i, i.reopenCount() > 0 ? "reopened" : "opened");
      if (i.state() == IncidentState.ACKNOWLEDGED) handle(i, "acknowledged");
    }
  }

  @Override
  public void opened(Incident incident) {
    handle(incident, "opened");
  }

  @Override
  public void acknowledged(Incident incident, String by) {
    handle(incident, "acknowledged");
  }

  @Override
  public void resolved(Incident incident, String by) {
    handle(incident, "resolved");
  }

  @Override
  public void reopened(Incident incident, String by) {
    handle(incident, "reopened");
  }

  @Override
  public void changed(Incident incident, TimelineEntry why) {
    // An alert that made it critical starts the freeze.
    freezeLine(incident);
  }

  private synchronized void handle(Incident incident, String event) {
    freezeLine(incident);
    List<IncidentAction> wanted = actions.stream().filter(a -> a.wants(incident, event)).toList();
    if (wanted.isEmpty()) return;
    Instant now = clock.instant();
    IncidentDetail detail = incidents.get(incident.id()).orElseThrow();
    for (IncidentAction action : wanted) {
      NotificationKey key = ResponseKeys.action(incident, action.name(), event);
      if (enqueue.test(new Notification(key, action.target(), messages.action(detail, event), now))) {
        incidents.record(incident.id(), new TimelineEntry(now, TimelineEntry.Kind.ACTION, ACTOR,
            "called action " + action.name() + " (" + action.target().describe() + ") for " + event,
            Map.of("key", key.value(), "action", action.name(), "event", event)));
      }
    }
  }

  private synchronized void freezeLine(Incident incident) {
    if (!freezes(incident)) return;
    String key = ResponseKeys.lifePrefix(incident) + "freeze";
    IncidentDetail detail = incidents.get(incident.id()).orElseThrow();
    Incident now = detail.incident();
    if (!freezes(now) || detail.timeline().stream().anyMatch(e -> key.equals(e.detail().get("key")))) return;
    incidents.record(now.id(), new TimelineEntry(clock.instant(), TimelineEntry.Kind.ACTION, ACTOR,
        "deploys of " + String.join(", ", now.services()) + " are frozen until this incident resolves ("
            + now.severity().label() + ")", Map.of("key", key)));
  }
}

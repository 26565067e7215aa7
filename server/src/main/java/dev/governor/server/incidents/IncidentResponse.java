package dev.governor.server.incidents;

import dev.governor.delivery.gate.IncidentFreeze;
import dev.governor.incident.Incident;
import dev.governor.incident.IncidentEngine;
import dev.governor.incident.IncidentListener;
import dev.governor.incident.TimelineEntry;
import dev.governor.oncall.OnCallDirectory;
import dev.governor.response.ActionRunner;
import dev.governor.response.EscalationRunner;
import dev.governor.response.IncidentMessages;
import dev.governor.server.config.ServerConfig;
import dev.governor.server.notify.NotificationDispatcher;
import dev.governor.server.oncall.StoredOnCall;
import dev.governor.server.timing.DueTimer;
import dev.governor.basics.Names;
import dev.governor.slo.ServiceName;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Wires incident response into a running server: escalation and actions listen to the engine and
 * to the notification dispatcher, and a {@link DueTimer} of its own runs escalation when it can
 * have something to do: right after any change to an incident, at the instant the last run said the
 * next page falls due (a group wait ending, the next level of a policy), and every {@link #SWEEP}
 * as a safety net. The sweep is what makes paging restart-safe (see {@link EscalationRunner}): it
 * also makes up the actions a crash kept from being called. Nothing here polls the database while
 * no incident is triggered.
 */
public final class IncidentResponse implements AutoCloseable {

  /** How often escalation and actions run when nothing asked for them. */
  static final Duration SWEEP = Duration.ofMinutes(5);

  /** How soon a run that failed (the database is away) is tried again. */
  static final Duration RETRY = Duration.ofSeconds(5);

  private final EscalationRunner escalation;
  private final ActionRunner actions;
  private final DueTimer timer;

  private IncidentResponse(EscalationRunner escalation, ActionRunner actions, InstantSource clock) {
    this.escalation = escalation;
    this.actions = actions;
    this.timer = new DueTimer("governor-incident-response", clock, SWEEP, RETRY, this::run);
  }

  /**
   * Registers escalation and actions and starts the timer; its first run is a sweep, which pages
   * what fell due while the server was down.
   *
   * @param listening the server's own address, for links when no public URL is configured
   */
  public static IncidentResponse start(ServerConfig.Response config, URI listening, IncidentEngine incidents,
      OnCallDirectory onCall, NotificationDispatcher notifications, InstantSource clock,
      dev.governor.response.AcknowledgeLinks acknowledgeLinks) {
    IncidentMessages messages = new IncidentMessages(config.publicUrl().orElse(listening));
    EscalationRunner escalation = new EscalationRunner(incidents, onCall, notifications.outbox(),
        notifications::enqueue, messages, config.pageFrom(), clock, acknowledgeLinks);
    ActionRunner actions = new ActionRunner(incidents, config.actions(), config.freezeDeploysFrom(),
        notifications::enqueue, messages, clock);
    incidents.addListener(escalation);
    incidents.addListener(actions);
    notifications.addListener(escalation);
    IncidentResponse response = new IncidentResponse(escalation, actions, clock);
    // After escalation's own listener: an incident's change may move its next page (a new group
    // wait, a reopening, an acknowledgement that ends it), so the next due instant is worked out again.
    incidents.addListener(response.changes());
    if (onCall instanceof StoredOnCall stored) stored.onChange(response::wake);
    response.timer.start();
    return response;
  }

  private Optional<Instant> run(boolean sweep) {
    try {
      return escalation.run();
    } finally {
      if (sweep) actions.run();
    }
  }

  /** Runs escalation soon, in the timer's thread: after a change that may make a page due. */
  public void wake() {
    timer.wake();
  }

  private IncidentListener changes() {
    return new IncidentListener() {
      @Override
      public void opened(Incident incident) {
        wake();
      }

      @Override
      public void acknowledged(Incident incident, String by) {
        wake();
      }

      @Override
      public void resolved(Incident incident, String by) {
        wake();
      }

      @Override
      public void reopened(Incident incident, String by) {
        wake();
      }

      @Override
      public void changed(Incident incident, TimelineEntry why) {
        wake();
      }
    };
  }

  /** Stops the timer, waiting for a run in progress so the database is not closed under it. */
  @Override
  public void close() {
    timer.close();
  }

  /**
   * The open incidents that freeze deploys now, one entry per service: an input of the deploy gate.
   * Worked out again only when the engine's open-incident snapshot is a new one: gates ask at every
   * decision, and a pass over a hundred open incidents was a twentieth of a decision's CPU.
   */
  public static Supplier<List<IncidentFreeze>> freezes(IncidentEngine incidents, ServerConfig.Response config) {
    if (config.freezeDeploysFrom().isEmpty()) return List::of;
    record Worked(List<Incident> from, List<IncidentFreeze> freezes) {}
    AtomicReference<Worked> last = new AtomicReference<>(new Worked(null, List.of()));
    return () -> {
      List<Incident> open = incidents.openIncidents();
      Worked known = last.get();
      if (known.from() == open) return known.freezes();
      List<IncidentFreeze> freezes = open.stream()
          .filter(i -> ActionRunner.freezes(i, config.freezeDeploysFrom()))
          .flatMap(i -> i.services().stream().filter(Names::isValid)
              .map(s -> new IncidentFreeze(i.id().number(), ServiceName.of(s), i.severity().label())))
          .toList();
      last.set(new Worked(open, freezes));
      return freezes;
    };
  }
}

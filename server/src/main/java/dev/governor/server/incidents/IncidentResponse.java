package dev.governor.server.incidents;

import dev.governor.delivery.gate.IncidentFreeze;
import dev.governor.incident.IncidentEngine;
import dev.governor.incident.IncidentQuery;
import dev.governor.oncall.OnCallDirectory;
import dev.governor.response.ActionRunner;
import dev.governor.response.EscalationRunner;
import dev.governor.response.IncidentMessages;
import dev.governor.server.config.ServerConfig;
import dev.governor.server.notify.NotificationDispatcher;
import dev.governor.slo.Names;
import dev.governor.slo.ServiceName;
import java.net.URI;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Supplier;

/**
 * Wires incident response into a running server: escalation and actions listen to the engine and
 * to the notification dispatcher, and {@link #tick()} runs after every evaluation tick, which is
 * what makes paging restart-safe (see {@link EscalationRunner}).
 */
public final class IncidentResponse {

  private final EscalationRunner escalation;
  private final ActionRunner actions;

  private IncidentResponse(EscalationRunner escalation, ActionRunner actions) {
    this.escalation = escalation;
    this.actions = actions;
  }

  /** @param listening the server's own address, for links when no public URL is configured */
  public static IncidentResponse start(ServerConfig.Response config, URI listening, IncidentEngine incidents,
      OnCallDirectory onCall, NotificationDispatcher notifications, InstantSource clock) {
    IncidentMessages messages = new IncidentMessages(config.publicUrl().orElse(listening));
    EscalationRunner escalation = new EscalationRunner(incidents, onCall, notifications.outbox(),
        notifications::enqueue, messages, config.pageFrom(), clock);
    ActionRunner actions = new ActionRunner(incidents, config.actions(), config.freezeDeploysFrom(),
        notifications::enqueue, messages, clock);
    incidents.addListener(escalation);
    incidents.addListener(actions);
    notifications.addListener(escalation);
    return new IncidentResponse(escalation, actions);
  }

  /** Pages what fell due and makes up for listener calls a crash lost. */
  public void tick() {
    try {
      escalation.run();
    } finally {
      actions.run();
    }
  }

  /** The open incidents that freeze deploys now, one entry per service: an input of the deploy gate. */
  public static Supplier<List<IncidentFreeze>> freezes(IncidentEngine incidents, ServerConfig.Response config) {
    return () -> config.freezeDeploysFrom().isEmpty() ? List.of()
        : incidents.list(IncidentQuery.open(1000)).stream()
            .filter(i -> ActionRunner.freezes(i, config.freezeDeploysFrom()))
            .flatMap(i -> i.services().stream().filter(Names::isValid)
                .map(s -> new IncidentFreeze(i.id().number(), ServiceName.of(s), i.severity().label())))
            .toList();
  }
}

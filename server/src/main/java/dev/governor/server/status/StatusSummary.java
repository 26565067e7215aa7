package dev.governor.server.status;

import java.util.List;

/**
 * The public page as JSON, for scripts and other status aggregators: what the HTML shows and nothing
 * more (public names, states, incident updates, maintenance).
 */
record StatusSummary(String title, String updatedAt, String status, String description, List<Component> components,
    List<StatusSnapshot.PublicIncident> incidents, List<StatusSnapshot.PlannedWork> maintenance) {

  record Component(String key, String name, String state, String description, String uptime) {}

  static StatusSummary of(StatusSnapshot s) {
    return new StatusSummary(s.title(), s.builtAt().toString(), s.overall().label(),
        dev.governor.server.ui.StatusPageHtml.overall(s),
        s.components().stream().map(c -> new Component(c.key(), c.name(), c.state().label(), c.description(), c.uptime()))
            .toList(), s.incidents(), s.maintenance());
  }
}

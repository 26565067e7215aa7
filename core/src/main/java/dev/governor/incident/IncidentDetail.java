package dev.governor.incident;

import java.util.List;

/** An incident with its alerts (in the order they arrived) and its timeline (in order). */
public record IncidentDetail(Incident incident, List<IncidentAlert> alerts, List<TimelineEntry> timeline) {
  public IncidentDetail {
    alerts = List.copyOf(alerts);
    timeline = List.copyOf(timeline);
  }
}

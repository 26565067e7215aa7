package dev.governor.slo;

import dev.governor.alert.Alert;
import java.time.Instant;
import java.util.List;

/** An SLO evaluated at one instant: every objective, and the alerts firing for it now. */
public record SloStatus(Slo slo, Instant at, List<ObjectiveStatus> objectives, List<Alert> firingAlerts) {
  public SloStatus {
    objectives = List.copyOf(objectives);
    firingAlerts = List.copyOf(firingAlerts);
  }
}

package dev.governor.server;

import dev.governor.incident.IncidentId;
import dev.governor.incident.IntakeResult;
import dev.governor.incident.Signal;
import dev.governor.incident.SignalIntake;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A test double of the incident engine behind the intake routes: records every signal it is given
 * and opens an incident per signal, numbered from 1, making up "made-up-N" keys for signals without one.
 */
final class RecordingIntake implements SignalIntake {

  private final List<Signal> accepted = new ArrayList<>();

  @Override
  public synchronized List<IntakeResult> accept(List<Signal> signals) {
    List<IntakeResult> results = new ArrayList<>();
    for (Signal s : signals) {
      accepted.add(s);
      results.add(new IntakeResult(s.dedupKey().orElse("made-up-" + accepted.size()),
          IntakeResult.Disposition.OPENED_INCIDENT, Optional.of(new IncidentId(accepted.size()))));
    }
    return results;
  }

  synchronized List<Signal> accepted() {
    return List.copyOf(accepted);
  }
}

package dev.governor.ingest.alerting;

import dev.governor.incident.Signal;
import java.util.List;

/**
 * A decoded alert payload: all its signals when it has no problem, otherwise no signals and every
 * problem. A payload is taken or refused whole, so a refused one changes nothing.
 */
public record DecodedSignals(List<Signal> signals, List<PayloadProblem> problems) {
  public DecodedSignals {
    signals = List.copyOf(signals);
    problems = List.copyOf(problems);
    if (!problems.isEmpty() && !signals.isEmpty()) {
      throw new IllegalArgumentException("a payload with problems carries no signals");
    }
  }

  public boolean isValid() {
    return problems.isEmpty();
  }
}

package dev.governor.ingest.events;

import dev.governor.sli.IngestOutcome;
import dev.governor.sli.SliEvent;
import java.util.List;

/**
 * A decoded batch: all its events when it has no problem, otherwise no events and every problem.
 * A batch is taken or refused whole, so a caller never sees half of one.
 */
public record DecodedBatch(List<SliEvent> events, List<IngestOutcome.EventProblem> problems) {
  public DecodedBatch {
    events = List.copyOf(events);
    problems = List.copyOf(problems);
    if (!problems.isEmpty() && !events.isEmpty()) {
      throw new IllegalArgumentException("a batch with problems carries no events");
    }
  }

  public boolean isValid() {
    return problems.isEmpty();
  }
}

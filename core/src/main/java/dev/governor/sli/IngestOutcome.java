package dev.governor.sli;

import java.util.List;

/** What became of a batch of events: all accepted, or all rejected with every reason. */
public sealed interface IngestOutcome permits IngestOutcome.Accepted, IngestOutcome.Rejected {

  /** Stored durably: {@code events} events landed in {@code buckets} minute buckets. */
  record Accepted(int events, int buckets) implements IngestOutcome {}

  /** Nothing was stored. */
  record Rejected(List<EventProblem> problems) implements IngestOutcome {
    public Rejected {
      problems = List.copyOf(problems);
    }
  }

  /** What is wrong with the event at {@code index} of the batch, and which field. */
  record EventProblem(int index, String field, String message) {}
}

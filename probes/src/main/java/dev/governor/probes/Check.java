package dev.governor.probes;

import dev.governor.probe.ProbeOutcome;
import java.time.Duration;

/** What one check found: its outcome and a short detail, before the runner stamps and times it. */
record Check(ProbeOutcome outcome, String detail) {

  static Check up(String detail) {
    return new Check(ProbeOutcome.UP, detail);
  }

  static Check degraded(String detail) {
    return new Check(ProbeOutcome.DEGRADED, detail);
  }

  static Check down(String detail) {
    return new Check(ProbeOutcome.DOWN, detail);
  }

  /** A check of one kind, run on a thread the runner can give up on. */
  interface Kind<C> {
    /**
     * Runs the check, never longer than {@code timeout} when the target behaves, and throws only for
     * failures of the target (which the runner reports as its detail).
     */
    Check run(C check, Duration timeout) throws Exception;
  }
}

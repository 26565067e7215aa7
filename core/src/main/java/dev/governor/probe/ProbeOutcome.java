package dev.governor.probe;

/** How one run of a probe went. */
public enum ProbeOutcome {
  /** Every check held. */
  UP,
  /** Every check held, but slower than the probe's degraded latency, or a certificate expires soon. */
  DEGRADED,
  /** A check failed, or the run did not finish within its timeout. */
  DOWN;

  /** Whether the run counts as good for an availability SLI: up or degraded. */
  public boolean passed() {
    return this != DOWN;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

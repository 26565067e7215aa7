package dev.governor.probe;

/**
 * Runs one probe once, blocking. Returns within the probe's timeout (and a little slack), and
 * turns every failure of the target into a {@link ProbeOutcome#DOWN} result, never an exception.
 */
public interface ProbeRunner {
  ProbeResult run(Probe probe);
}

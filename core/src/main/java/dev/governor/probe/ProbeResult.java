package dev.governor.probe;

import dev.governor.basics.Names;
import java.time.Duration;
import java.time.Instant;

/**
 * One run of a probe, stamped with the time the probe started by the clock of the process that
 * ran it. A minute without results is a gap, never "up".
 *
 * @param latency how long the run took; a run that timed out took its timeout
 * @param detail what went wrong or what to know ("HTTP 500", "connection refused", "certificate
 *     expires in 5 days"), at most {@value #LONGEST_DETAIL} characters; empty when all is well
 */
public record ProbeResult(String probe, Instant startedAt, Duration latency, ProbeOutcome outcome, String detail) {

  public static final int LONGEST_DETAIL = 500;

  public ProbeResult {
    Names.check(probe, "a probe result's probe");
    if (latency.isNegative()) throw new IllegalArgumentException("a probe's latency cannot be negative, got " + latency);
    if (detail == null) detail = "";
    if (detail.length() > LONGEST_DETAIL) detail = detail.substring(0, LONGEST_DETAIL - 1) + "…";
  }
}

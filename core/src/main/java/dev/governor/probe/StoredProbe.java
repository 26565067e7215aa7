package dev.governor.probe;

import java.time.Instant;

/** An applied Probe document: the probe, the YAML it came from and when it was applied. */
public record StoredProbe(Probe probe, String source, Instant appliedAt) {}

package dev.governor.probe;

import java.time.Instant;

/** An applied Probe document as the user wrote it; the server parses it again when it loads. */
public record StoredProbe(String name, String source, Instant appliedAt) {}

package dev.governor.capacity;

import java.time.Instant;

/** An applied CapacitySignal document as the user wrote it; the signal is parsed from it. */
public record StoredCapacitySignal(String name, String source, Instant appliedAt) {}

package dev.governor.slo;

import java.time.Instant;

/**
 * One applied OpenSLO document as the user wrote it (Sloth specs are stored as the OpenSLO they
 * translate to). The source text is the truth; the model is parsed from it when Governor starts.
 */
public record StoredResource(ResourceKind kind, String name, String source, Instant appliedAt) {}

package dev.governor.delivery.gate;

import java.time.Instant;

/** An applied ErrorBudgetPolicy document as the user wrote it; the policy is parsed from it. */
public record StoredPolicy(String name, String source, Instant appliedAt) {}

package dev.governor.adjustment;

import java.time.Instant;

/**
 * An applied BudgetAdjustment document as it was written, parsed again when the server loads.
 *
 * @param appliedBy who applied this version: a person's account, a service account, or "anonymous"
 *     on a server without sign-in
 */
public record StoredAdjustment(String name, String source, Instant appliedAt, String appliedBy) {}

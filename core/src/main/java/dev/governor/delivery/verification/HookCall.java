package dev.governor.delivery.verification;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * One call of the rollback hook waiting in the outbox, or delivered.
 *
 * @param id the outbox's number; 0 before it is stored
 * @param payload the JSON body, exactly as it is signed and sent
 */
public record HookCall(
    long id,
    String deployment,
    URI url,
    String payload,
    int attempts,
    Instant nextAttemptAt,
    Optional<Instant> deliveredAt,
    Optional<String> lastError) {}

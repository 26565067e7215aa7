package dev.governor.prometheus.promql;

import dev.governor.basics.SliName;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How pulling one SLI from Prometheus goes, for {@code GET /api/v1/sources} and {@code /metrics}.
 *
 * @param dataSource the DataSource name(s), or {@code inline}
 * @param url the backend's base URL (never its credentials); empty for a refused SLI
 * @param state {@code ok}, {@code catching-up} (more than a few minutes behind), {@code failing}
 *     (the last attempt failed; retried with backoff), {@code degraded} (pulled, but the data
 *     looks incomplete: see {@code warning}), {@code pending} (not pulled yet) or {@code refused}
 *     (see {@code lastError})
 * @param syncedThrough every minute before this instant has been pulled (or had no data)
 * @param lag how far {@code syncedThrough} is behind the clock
 * @param lastError the last failure, or for a refused SLI why it is not pulled
 * @param warning why a pulled SLI is {@code degraded}
 * @param queries range queries sent
 * @param failures attempts that failed since the SLI was planned
 */
public record SourceStatus(
    SliName sli,
    String dataSource,
    Optional<String> url,
    String state,
    Optional<Instant> syncedThrough,
    Optional<Duration> lag,
    Optional<Instant> lastSuccess,
    Optional<String> lastError,
    Optional<Instant> lastErrorAt,
    Optional<String> warning,
    long queries,
    long failures) {}

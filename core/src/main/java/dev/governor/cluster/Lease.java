package dev.governor.cluster;

import java.net.URI;
import java.time.Instant;

/**
 * The leader's lease as the database holds it. {@code since} and {@code expires} are the database's
 * clock, the one clock every replica shares; a replica compares them with nothing of its own.
 *
 * @param url where the other replicas forward the requests they cannot answer themselves
 * @param live whether it had not run out when it was read, by the same clock
 */
public record Lease(LeaderTerm term, URI url, Instant since, Instant expires, boolean live) {}

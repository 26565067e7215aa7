package dev.governor.cluster;

import java.net.URI;
import java.time.Instant;

/**
 * A Governor process that is, or was lately, part of the cluster.
 *
 * @param id unique to one run of one process, so a restarted replica is a new member
 * @param name what the operator calls it (host and port by default), for people
 * @param seen when it last said it was alive, by the database's clock
 */
public record Replica(String id, String name, URI url, Instant started, Instant seen) {}

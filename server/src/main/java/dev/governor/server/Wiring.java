package dev.governor.server;

import dev.governor.server.config.ServerConfig;
import dev.governor.server.http.RequestBodies;
import dev.governor.server.http.ServerMetrics;
import dev.governor.slo.Evaluator;
import dev.governor.storage.jdbc.Database;
import java.time.InstantSource;

/**
 * What every feature is built from: the configuration, the stores, the clock and the engine.
 *
 * @param fencing when this server may send what no database transaction can take back (a page, a
 *     hook call), and the term it sends it with
 */
public record Wiring(ServerConfig config, Database database, InstantSource clock, Evaluator evaluator,
    RequestBodies bodies, ServerMetrics metrics, Fencing fencing) {}

package dev.governor.server.cluster;

import dev.governor.cluster.LeaderTerm;
import dev.governor.server.http.ServerMetrics;
import dev.governor.storage.jdbc.Database;
import io.javalin.config.JavalinConfig;
import java.util.Map;

/**
 * What a server started by a replica that took the lease needs of the cluster: the term to fence
 * its database writes with, whether it may still act (for the sends a database cannot fence), and
 * the cluster's route, readiness and metrics.
 */
public final class LeaderRole {

  private final LeaderTerm term;
  private final ClusterView view;
  private final Forwarder forwarder;
  private final String secret;

  LeaderRole(LeaderTerm term, ClusterView view, Forwarder forwarder, String secret) {
    this.secret = secret;
    this.term = term;
    this.view = view;
    this.forwarder = forwarder;
  }

  public LeaderTerm term() {
    return term;
  }

  /** Makes every write of {@code database} one of this term's, refused once a later term took over. */
  public void fence(Database database) {
    database.fenceWrites(term, view.leadership().duration());
  }

  /**
   * Whether this term still leads and may act now: asked right before each page, hook call or other
   * send that no database transaction can take back.
   */
  public dev.governor.server.Fencing fencing() {
    return new dev.governor.server.Fencing(() -> view.leadership().leads(term), java.util.OptionalLong.of(term.term()));
  }

  /** This replica's role and the lease, for /readyz. */
  public Map<String, Object> describe() {
    return view.describe();
  }

  /**
   * {@code GET /api/v1/cluster}, the cluster's metrics, and the client address a follower vouches
   * for believed (the sign-in throttle counts failures per address).
   */
  public void install(JavalinConfig cfg, ServerMetrics metrics) {
    cfg.routes.before(ctx -> dev.governor.server.http.ClientAddress.believeReplicas(ctx, secret));
    cfg.routes.get("/api/v1/cluster", ctx -> ctx.json(view.document()));
    ClusterMetrics.register(metrics.registry(), view.leadership(), forwarder);
  }
}

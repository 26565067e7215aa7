package dev.governor.server.cluster;

import dev.governor.server.config.ServerConfig;
import dev.governor.server.http.HostCheck;
import dev.governor.server.http.Json;
import dev.governor.server.http.Problems;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a replica that does not lead serves on the API's port: its own health, readiness and
 * metrics, and every other request forwarded to the leader. It holds no engine and no stores, so
 * starting one takes a fraction of a second, and switching to a leader's full server costs no
 * cache to warm.
 */
final class Front implements AutoCloseable {

  private final Javalin app;

  private Front(Javalin app) {
    this.app = app;
  }

  static Front start(ServerConfig config, int port, Forwarder forwarder, ClusterView view, ClusterMetrics metrics) {
    Javalin app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.jsonMapper(Json.javalinMapper());
      cfg.http.maxRequestSize = config.maxRequestBytes();
      new Problems(config.maxRequestBytes()).install(cfg.routes);
      // The same guard against DNS rebinding as the leader's, before anything is forwarded.
      if (!config.authEnabled()) cfg.routes.before(new HostCheck(config.response().publicUrl(), config.cluster().advertiseUrl()));
      cfg.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "up")));
      cfg.routes.get("/readyz", ctx -> ready(ctx, view));
      // Open as the leader's are, or, with auth.publicMetrics off, the leader's behind its sign-in:
      // a follower has no accounts of its own to check a token against.
      if (config.access().publicMetrics()) cfg.routes.get("/metrics", metrics::scrape);
      cfg.routes.get("/*", forwarder::forward);
      cfg.routes.post("/*", forwarder::forward);
      cfg.routes.put("/*", forwarder::forward);
      cfg.routes.patch("/*", forwarder::forward);
      cfg.routes.delete("/*", forwarder::forward);
      cfg.routes.head("/*", forwarder::forward);
      cfg.routes.options("/*", forwarder::forward);
    });
    app.start(config.bind(), port);
    return new Front(app);
  }

  /**
   * Ready while another replica leads: then every request has somewhere to go. A load balancer
   * takes a replica out while the cluster has no leader, and puts it back once one took over.
   */
  private static void ready(Context ctx, ClusterView view) {
    Map<String, Object> cluster = view.describe();
    if (!view.anotherLeads()) {
      throw new dev.governor.server.http.HttpProblem.ServiceUnavailable(
          "not ready: no replica leads the cluster right now", Map.of("cluster", cluster), Forwarder.RETRY_AFTER_SECONDS);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "ready");
    body.put("cluster", cluster);
    ctx.json(body);
  }

  int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}

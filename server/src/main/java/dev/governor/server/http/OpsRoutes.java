package dev.governor.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Health, readiness, metrics and the API's own description. */
public final class OpsRoutes {

  private final ReadinessCheck database;
  private final java.util.function.BooleanSupplier sumsLoaded;
  private final ServerMetrics metrics;
  private final java.util.Optional<java.util.function.Supplier<Map<String, Object>>> cluster;
  private final byte[] openApi;

  /** Ready as soon as the database answers; for tests of the routes alone. */
  public OpsRoutes(ReadinessCheck database, ServerMetrics metrics) {
    this(database, () -> true, metrics, java.util.Optional.empty());
  }

  /**
   * @param database answers within a bound whatever the database does, so /readyz does too
   * @param sumsLoaded whether the running sums are loaded, so that statuses are exact
   * @param cluster this replica's role and the leader's lease, for a cluster's leader
   */
  public OpsRoutes(ReadinessCheck database, java.util.function.BooleanSupplier sumsLoaded, ServerMetrics metrics,
      java.util.Optional<java.util.function.Supplier<Map<String, Object>>> cluster) {
    this.cluster = cluster;
    this.database = database;
    this.sumsLoaded = sumsLoaded;
    this.metrics = metrics;
    this.openApi = openApiDocument();
  }

  public void register(RoutesConfig routes) {
    routes.get("/healthz", this::health);
    routes.get("/readyz", this::ready);
    routes.get("/metrics", metrics::scrape);
    routes.get("/api/openapi.yaml", this::openApi);
  }

  /** The process is up and answers; says nothing about its dependencies, by design. */
  private void health(Context ctx) {
    ctx.json(Map.of("status", "up"));
  }

  /**
   * Ready when the running sums are loaded and the database answers; {@code checks} says what is
   * up and what is down.
   */
  private void ready(Context ctx) {
    if (!sumsLoaded.getAsBoolean()) {
      throw new HttpProblem.ServiceUnavailable("not ready: the running sums of the SLOs are still loading",
          Map.of("checks", Map.of("sums", "loading")));
    }
    ReadinessCheck.Result result = database.check();
    if (result.down().isPresent()) {
      String why = result.down().get();
      throw new HttpProblem.ServiceUnavailable("not ready: the " + database.name() + " " + why,
          Map.of("checks", Map.of(database.name(), "down: " + why)));
    }
    Map<String, Object> clusterView = cluster.map(java.util.function.Supplier::get).orElse(null);
    if (clusterView != null && Boolean.TRUE.equals(clusterView.get("unsure"))) {
      // It holds its term but could not renew for most of the lease: it sends nothing, and another
      // replica may be about to take over. A load balancer should not send it requests meanwhile.
      throw new HttpProblem.ServiceUnavailable("not ready: this replica leads but could not renew its lease",
          Map.of("cluster", clusterView));
    }
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("status", "ready");
    body.put("checks", Map.of(database.name(), "up", "sums", "loaded"));
    if (clusterView != null) body.put("cluster", clusterView);
    ctx.json(body);
  }

  private void openApi(Context ctx) {
    ctx.contentType("application/yaml").result(openApi);
  }

  public static byte[] openApiDocument() {
    try (InputStream in = OpsRoutes.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) throw new IllegalStateException("openapi.yaml is missing from the server jar");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

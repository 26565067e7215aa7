package dev.governor.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Health, readiness, metrics and the API's own description. */
public final class OpsRoutes {

  private final BooleanSupplier databaseHealthy;
  private final ServerMetrics metrics;
  private final byte[] openApi;

  public OpsRoutes(BooleanSupplier databaseHealthy, ServerMetrics metrics) {
    this.databaseHealthy = databaseHealthy;
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

  private void ready(Context ctx) {
    if (!databaseHealthy.getAsBoolean()) {
      throw new HttpProblem.ServiceUnavailable("the database does not answer");
    }
    ctx.json(Map.of("status", "ready"));
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

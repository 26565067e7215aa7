package dev.governor.server.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Answers 503 with {@code Retry-After} while the server is starting and its running sums are
 * not loaded yet: a number from half-loaded sums would be wrong, and an event accepted then could
 * not be counted. Health, readiness, metrics and the API description answer all along, so a load
 * balancer or an operator can watch the start.
 */
public final class LoadingGate implements Handler {

  private static final Set<String> ALWAYS = Set.of("/healthz", "/readyz", "/metrics", "/api/openapi.yaml");

  private final BooleanSupplier loaded;

  public LoadingGate(BooleanSupplier loaded) {
    this.loaded = loaded;
  }

  @Override
  public void handle(Context ctx) {
    if (loaded.getAsBoolean() || ALWAYS.contains(ctx.path()) || ctx.path().startsWith("/static/")) return;
    throw new HttpProblem.ServiceUnavailable("Governor is starting: it is loading the running sums of its SLOs"
        + " from the store; retry in a few seconds (GET /readyz says when it is ready)");
  }
}

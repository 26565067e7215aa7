package dev.governor.server.export;

import dev.governor.server.Feature;
import dev.governor.server.Wiring;
import io.javalin.config.JavalinConfig;

/** {@code GET /api/v1/export}: the whole configuration as the YAML files it was applied from. */
public final class ExportFeature implements Feature {

  private final Wiring wiring;

  public ExportFeature(Wiring wiring) {
    this.wiring = wiring;
  }

  @Override
  public void install(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/export", ctx -> ctx.json(ConfigurationExport.of(wiring.database())));
  }
}

package dev.governor.server.sources;

import dev.governor.prometheus.promql.PromqlPuller;
import dev.governor.prometheus.promql.SourceStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How pulling each SLI from its Prometheus goes: {@code GET /api/v1/sources}. */
public final class SourceRoutes {

  private final PromqlPuller puller;

  public SourceRoutes(PromqlPuller puller) {
    this.puller = puller;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/v1/sources", this::list);
  }

  private void list(Context ctx) {
    List<Map<String, Object>> sources = puller.statuses().stream().map(SourceRoutes::view).toList();
    ctx.json(Map.of("sources", sources));
  }

  static Map<String, Object> view(SourceStatus s) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("sli", s.sli().value());
    v.put("type", "Prometheus");
    v.put("dataSource", s.dataSource());
    s.url().ifPresent(u -> v.put("url", u));
    v.put("state", s.state());
    s.syncedThrough().ifPresent(t -> v.put("syncedThrough", t.toString()));
    s.lag().ifPresent(l -> v.put("lagSeconds", l.toSeconds()));
    s.lastSuccess().ifPresent(t -> v.put("lastSuccess", t.toString()));
    s.lastError().ifPresent(e -> v.put("lastError", e));
    s.lastErrorAt().ifPresent(t -> v.put("lastErrorAt", t.toString()));
    v.put("queries", s.queries());
    v.put("failures", s.failures());
    return v;
  }
}

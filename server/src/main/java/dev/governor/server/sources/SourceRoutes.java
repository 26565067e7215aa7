package dev.governor.server.sources;

import dev.governor.prometheus.matching.PushIntake;
import dev.governor.prometheus.matching.PushSources;
import dev.governor.prometheus.promql.PromqlPuller;
import dev.governor.prometheus.promql.SourceStatus;
import dev.governor.slo.Catalog;
import dev.governor.slo.Sli;
import dev.governor.basics.SliName;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every SLI whose data lives in Prometheus and how it is fed: {@code GET /api/v1/sources}. Each has
 * a {@code mode}: {@code pull} (PromQL, with the puller's progress), {@code push} (remote-write,
 * OTLP) or {@code none}, with the {@code reason} it gets no data, so that an SLI that can be fed
 * by neither is seen rather than silently empty.
 */
public final class SourceRoutes {

  private final PromqlPuller puller;
  private final PushIntake push;
  private final Supplier<Catalog> catalog;

  public SourceRoutes(PromqlPuller puller, PushIntake push, Supplier<Catalog> catalog) {
    this.puller = puller;
    this.push = push;
    this.catalog = catalog;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/v1/sources", this::list);
  }

  private void list(Context ctx) {
    ctx.json(Map.of("sources", sources()));
  }

  List<Map<String, Object>> sources() {
    List<Map<String, Object>> sources = new ArrayList<>();
    Map<SliName, Boolean> listed = new LinkedHashMap<>();
    for (SourceStatus s : puller.statuses()) {
      sources.add(view(s));
      listed.put(s.sli(), true);
    }
    push.pushForm().forEach((sli, problem) -> {
      if (listed.putIfAbsent(sli, true) != null) return;
      Map<String, Object> v = head(sli, problem.isEmpty() ? "push" : "none");
      v.put("state", problem.isEmpty() ? "ok" : "refused");
      problem.ifPresent(p -> v.put("reason", p));
      sources.add(v);
    });
    for (Sli sli : catalog.get().indicators().values()) {
      boolean prometheus = sli.metric().sources().stream().anyMatch(m -> PushSources.TYPE.equalsIgnoreCase(m.type()));
      if (!prometheus || listed.containsKey(sli.name())) continue;
      Map<String, Object> v = head(sli.name(), "none");
      v.put("state", "refused");
      v.put("reason", "SLI " + sli.name() + " reads Prometheus but is neither pulled nor pushed: it is pulled when an"
          + " SLO uses it and every source has a url (inline or from its DataSource), and pushed when it is good (or"
          + " bad) over total and every source is type: Prometheus with a spec of only a plain selector query");
      sources.add(v);
    }
    return sources;
  }

  private static Map<String, Object> head(SliName sli, String mode) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("sli", sli.value());
    v.put("type", "Prometheus");
    v.put("mode", mode);
    return v;
  }

  static Map<String, Object> view(SourceStatus s) {
    boolean refused = s.state().equals("refused");
    Map<String, Object> v = head(s.sli(), refused ? "none" : "pull");
    v.put("dataSource", s.dataSource());
    s.url().ifPresent(u -> v.put("url", u));
    v.put("state", s.state());
    if (refused) s.lastError().ifPresent(e -> v.put("reason", e));
    s.syncedThrough().ifPresent(t -> v.put("syncedThrough", t.toString()));
    s.lag().ifPresent(l -> v.put("lagSeconds", l.toSeconds()));
    s.lastSuccess().ifPresent(t -> v.put("lastSuccess", t.toString()));
    s.lastError().ifPresent(e -> v.put("lastError", e));
    s.lastErrorAt().ifPresent(t -> v.put("lastErrorAt", t.toString()));
    s.warning().ifPresent(w -> v.put("warning", w));
    v.put("queries", s.queries());
    v.put("failures", s.failures());
    return v;
  }
}

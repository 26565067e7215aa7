package dev.governor.server.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Governor's own metrics, served at {@code /metrics} in the Prometheus text format. One registry
 * per server (not the global default), so two servers in one JVM, as in tests, do not collide.
 */
public final class ServerMetrics {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  private final Counter httpRequests = Counter.builder()
      .name("governor_http_requests_total")
      .help("HTTP requests answered, by route template, method and status")
      .labelNames("route", "method", "status")
      .register(registry);
  private final Counter eventsAccepted = Counter.builder()
      .name("governor_events_accepted_total")
      .help("SLI events stored")
      .register(registry);
  private final Counter eventsRejected = Counter.builder()
      .name("governor_events_rejected_total")
      .help("SLI events in batches that were refused")
      .register(registry);
  private final Histogram ingestDuration = Histogram.builder()
      .name("governor_ingest_duration_seconds")
      .help("Time to validate and durably store one event batch")
      .unit(Unit.SECONDS)
      .classicOnly()
      .register(registry);
  private final Histogram tickDuration = Histogram.builder()
      .name("governor_evaluation_tick_duration_seconds")
      .help("Time of one evaluator tick (windows advanced, alert rules evaluated)")
      .unit(Unit.SECONDS)
      .classicOnly()
      .register(registry);

  /**
   * @param slosLoaded the number of SLOs in the evaluator's catalog
   * @param alertsFiring the number of firing alerts, empty when the store cannot tell right now
   */
  public ServerMetrics(Supplier<Integer> slosLoaded, Supplier<OptionalInt> alertsFiring) {
    GaugeWithCallback.builder()
        .name("governor_slos_loaded")
        .help("SLOs the evaluator evaluates")
        .callback(cb -> cb.call(slosLoaded.get()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("governor_alerts_firing")
        .help("Alerts firing now")
        .callback(cb -> alertsFiring.get().ifPresent(n -> cb.call(n)))
        .register(registry);
    JvmMetrics.builder().register(registry);
  }

  /** A Javalin request logger: runs once per answered request, errors included. */
  public void recordRequest(Context ctx, Float millis) {
    Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
    String route = matched == null ? "unmatched" : matched.path;
    httpRequests.labelValues(route, ctx.method().name(), Integer.toString(ctx.statusCode())).inc();
  }

  public void eventsAccepted(long events, long nanos) {
    eventsAccepted.inc(events);
    ingestDuration.observe(nanos / 1e9);
  }

  public void eventsRejected(long events) {
    eventsRejected.inc(events);
  }

  public void tick(long nanos) {
    tickDuration.observe(nanos / 1e9);
  }

  public void scrape(Context ctx) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out, registry.scrape());
    ctx.contentType(writer.getContentType()).result(out.toByteArray());
  }
}

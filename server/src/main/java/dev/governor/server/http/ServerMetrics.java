package dev.governor.server.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
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

  /**
   * How often and how long event batches waited for a shard of the running sums held exclusive by
   * something else: a tick, a fill of recent minutes, a rebuild, a load or a composite's repair, or
   * on a shard with a timeslice objective another ingest. The engine keeps that wait to
   * milliseconds; the ratio of the two rates is the mean wait of a batch that waited.
   */
  public void intakeWaits(Supplier<dev.governor.slo.IntakeWaits.Totals> totals) {
    CounterWithCallback.builder()
        .name("governor_ingest_shard_waits")
        .help("Event batches that waited for a shard of the running sums held exclusive (a tick, a fill, a load)")
        .callback(cb -> cb.call(totals.get().batches()))
        .register(registry);
    CounterWithCallback.builder()
        .name("governor_ingest_shard_wait_seconds")
        .help("Time event batches spent waiting for shards of the running sums held exclusive (a tick, a fill, a load)")
        .unit(Unit.SECONDS)
        .callback(cb -> cb.call(totals.get().total().toNanos() / 1e9))
        .register(registry);
  }

  /** Counts of the push receivers (remote-write, OTLP): what matched an SLI, what was dropped. */
  public void pushIntake(Supplier<dev.governor.prometheus.matching.PushIntake.Stats> stats) {
    CounterWithCallback.builder()
        .name("governor_push_series_unmatched")
        .help("Pushed series (one per series of a request) that no SLI selector matches; dropped")
        .labelNames("receiver")
        .callback(cb -> stats.get().seriesUnmatched().forEach((r, n) -> cb.call(n, receiver(r))))
        .register(registry);
    CounterWithCallback.builder()
        .name("governor_push_series_matched")
        .help("Pushed series (one per series of a request) that an SLI selector matches")
        .labelNames("receiver")
        .callback(cb -> stats.get().seriesMatched().forEach((r, n) -> cb.call(n, receiver(r))))
        .register(registry);
    CounterWithCallback.builder()
        .name("governor_push_samples")
        .help("Samples of matched series: counted, baseline (a series' first) or ignored (out of order, NaN)")
        .labelNames("receiver", "outcome")
        .callback(cb -> {
          var s = stats.get();
          s.samplesCounted().forEach((r, n) -> cb.call(n, receiver(r), "counted"));
          s.samplesBaseline().forEach((r, n) -> cb.call(n, receiver(r), "baseline"));
          s.samplesIgnored().forEach((r, n) -> cb.call(n, receiver(r), "ignored"));
        })
        .register(registry);
    CounterWithCallback.builder()
        .name("governor_push_counts_dropped")
        .help("Pushed good/bad counts above their minute's total, or refused by the evaluator, that were dropped")
        .callback(cb -> cb.call(stats.get().countsDropped()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("governor_push_series_tracked")
        .help("Pushed series whose last value is remembered to compute increments")
        .callback(cb -> cb.call(stats.get().seriesTracked()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("governor_push_slis")
        .help("SLIs fed by push (remote-write, OTLP)")
        .callback(cb -> cb.call(stats.get().pushedSlis()))
        .register(registry);
  }

  /** Counts of the Kafka intake: records counted and dead-lettered, events, failed batches. */
  public void kafkaIntake(Supplier<dev.governor.server.kafka.KafkaIntake.Stats> stats) {
    CounterWithCallback.builder()
        .name("governor_kafka_records")
        .help("Records of the Kafka topic whose offsets are stored: counted, or sent to the dead-letter topic")
        .labelNames("outcome")
        .callback(cb -> {
          var s = stats.get();
          cb.call(s.recordsCounted(), "counted");
          cb.call(s.recordsDeadLettered(), "dead_lettered");
        })
        .register(registry);
    CounterWithCallback.builder()
        .name("governor_kafka_events")
        .help("SLI events stored from the Kafka topic")
        .callback(cb -> cb.call(stats.get().events()))
        .register(registry);
    CounterWithCallback.builder()
        .name("governor_kafka_failed_batches")
        .help("Polls of the Kafka topic that could not be stored (store or dead-letter topic down), read again after a pause")
        .callback(cb -> cb.call(stats.get().failedBatches()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("governor_kafka_partitions")
        .help("Partitions of the Kafka topic this replica consumes")
        .callback(cb -> cb.call(stats.get().partitions()))
        .register(registry);
  }

  private static String receiver(dev.governor.prometheus.matching.PushIntake.Receiver r) {
    return r == dev.governor.prometheus.matching.PushIntake.Receiver.REMOTE_WRITE ? "remote_write" : "otlp";
  }

  /**
   * Per pulled SLI: how far its data lags, when a pull last succeeded, and the queries and failures
   * so far (counters read from {@code sources}, which keeps them).
   */
  public void promqlSources(Supplier<java.util.List<dev.governor.prometheus.promql.SourceStatus>> sources) {
    GaugeWithCallback.builder()
        .name("governor_promql_lag_seconds")
        .help("How far the pulled minutes of an SLI are behind the clock")
        .unit(Unit.SECONDS)
        .labelNames("sli")
        .callback(cb -> sources.get().forEach(s -> s.lag().ifPresent(l -> cb.call(l.toMillis() / 1e3, s.sli().value()))))
        .register(registry);
    GaugeWithCallback.builder()
        .name("governor_promql_last_success_timestamp_seconds")
        .help("When a PromQL pull of an SLI last succeeded")
        .labelNames("sli")
        .callback(cb -> sources.get().forEach(s -> s.lastSuccess().ifPresent(
            t -> cb.call(t.toEpochMilli() / 1e3, s.sli().value()))))
        .register(registry);
    GaugeWithCallback.builder()
        .name("governor_promql_source_up")
        .help("1 when the last PromQL pull of an SLI succeeded, 0 when it failed or the SLI is refused")
        .labelNames("sli", "state")
        .callback(cb -> sources.get().forEach(s -> cb.call(
            s.state().equals("failing") || s.state().equals("refused") ? 0 : 1, s.sli().value(), s.state())))
        .register(registry);
    CounterWithCallback.builder()
        .name("governor_promql_queries")
        .help("PromQL range queries sent for an SLI")
        .labelNames("sli")
        .callback(cb -> sources.get().forEach(s -> cb.call(s.queries(), s.sli().value())))
        .register(registry);
    CounterWithCallback.builder()
        .name("governor_promql_failures")
        .help("PromQL pulls of an SLI that failed (and were retried)")
        .labelNames("sli")
        .callback(cb -> sources.get().forEach(s -> cb.call(s.failures(), s.sli().value())))
        .register(registry);
  }

  /**
   * Per probe: runs started, runs skipped because the previous one still ran, and how late the last
   * one started after it was due (read from {@code probes}, which keeps them).
   */
  public void probes(Supplier<java.util.List<dev.governor.probes.ProbeScheduler.Stats>> probes) {
    CounterWithCallback.builder()
        .name("governor_probe_runs")
        .help("Probe runs started")
        .labelNames("probe")
        .callback(cb -> probes.get().forEach(p -> cb.call(p.runs(), p.probe())))
        .register(registry);
    CounterWithCallback.builder()
        .name("governor_probe_skipped_runs")
        .help("Probe runs skipped because the probe's previous run was still going")
        .labelNames("probe")
        .callback(cb -> probes.get().forEach(p -> cb.call(p.skipped(), p.probe())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("governor_probe_start_lateness_seconds")
        .help("How late the probe's last run started after it was due")
        .unit(Unit.SECONDS)
        .labelNames("probe")
        .callback(cb -> probes.get().forEach(p -> cb.call(p.lastLateness().toNanos() / 1e9, p.probe())))
        .register(registry);
  }

  /**
   * The instances of each grouped SLO, and the events refused because their label values would have
   * made an instance past the SLO's limit.
   */
  public void groupedSlos(dev.governor.slo.Evaluator evaluator) {
    GaugeWithCallback.builder()
        .name("governor_slo_instances")
        .help("Instances a grouped SLO has made (one per distinct value set of its groupBy labels)")
        .labelNames("slo")
        .callback(cb -> evaluator.catalog().slos().stream().filter(dev.governor.slo.Slo::isGrouped)
            .forEach(s -> evaluator.instanceCount(s.name()).ifPresent(c -> cb.call(c.count(), s.name().value()))))
        .register(registry);
    GaugeWithCallback.builder()
        .name("governor_slo_instance_limit")
        .help("The most instances a grouped SLO makes")
        .labelNames("slo")
        .callback(cb -> evaluator.catalog().slos().stream().filter(dev.governor.slo.Slo::isGrouped)
            .forEach(s -> evaluator.instanceCount(s.name()).ifPresent(c -> cb.call(c.limit(), s.name().value()))))
        .register(registry);
    CounterWithCallback.builder()
        .name("governor_slo_instance_refused_events")
        .help("Events refused an instance because their label values would pass the grouped SLO's instance limit"
            + " (they still count in the SLO as a whole)")
        .labelNames("slo")
        .callback(cb -> evaluator.refusedInstanceEvents().forEach((slo, n) -> cb.call(n, slo.value())))
        .register(registry);
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

  /** The registry, for metrics of parts the server does not own, such as a cluster's lease. */
  public PrometheusRegistry registry() {
    return registry;
  }

  public void scrape(Context ctx) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out, registry.scrape());
    ctx.contentType(writer.getContentType()).result(out.toByteArray());
  }
}

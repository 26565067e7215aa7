package dev.governor.server.cluster;

import dev.governor.cluster.Lease;
import dev.governor.cluster.Leadership;
import io.javalin.http.Context;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The cluster's metrics: whether this replica leads, the term and since when, and how many requests
 * it forwarded. A leader serves them beside all of its own; a follower serves only these and the
 * JVM's, since it runs nothing else.
 */
final class ClusterMetrics {

  private final PrometheusRegistry registry;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  private ClusterMetrics(PrometheusRegistry registry) {
    this.registry = registry;
  }

  /** A follower's own registry, with the JVM's metrics. */
  static ClusterMetrics ofFollower(Leadership leadership, Forwarder forwarder) {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    register(registry, leadership, forwarder);
    return new ClusterMetrics(registry);
  }

  /** Adds the cluster's metrics to a leader's registry. */
  static void register(PrometheusRegistry registry, Leadership leadership, Forwarder forwarder) {
    GaugeWithCallback.builder()
        .name("governor_cluster_leader")
        .help("1 while this replica leads the cluster and may act, else 0")
        .labelNames("replica")
        .callback(cb -> cb.call(leadership.leads() ? 1 : 0, leadership.name()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("governor_cluster_term")
        .help("The term of the leader's lease as last read: one more at every takeover")
        .callback(cb -> leadership.lease().ifPresent(l -> cb.call(l.term().term())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("governor_cluster_leader_since_seconds")
        .help("When the current leader took its lease, in Unix seconds by the database's clock")
        .callback(cb -> leadership.lease().filter(Lease::live).ifPresent(l -> cb.call(l.since().toEpochMilli() / 1000.0)))
        .register(registry);
    CounterWithCallback.builder()
        .name("governor_cluster_forwarded_requests")
        .help("Requests this replica forwarded to the leader and had an answer to")
        .callback(cb -> cb.call(forwarder.forwarded.sum()))
        .register(registry);
    CounterWithCallback.builder()
        .name("governor_cluster_forward_failures")
        .help("Requests this replica could not forward: the leader did not answer")
        .callback(cb -> cb.call(forwarder.failed.sum()))
        .register(registry);
  }

  void scrape(Context ctx) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out, registry.scrape());
    ctx.contentType(writer.getContentType()).result(out.toByteArray());
  }
}

package dev.governor.prometheus.matching;

import dev.governor.slo.MetricSource;
import dev.governor.slo.Sli;
import dev.governor.slo.SliMetric;
import java.util.Set;

/**
 * Which SLIs are fed by push (remote-write, OTLP) and which by the PromQL pull source: one rule,
 * here, so that no SLI is ever counted from both.
 *
 * <p>A metric source is in <em>push form</em> when its type is {@code Prometheus}, it names no
 * DataSource ({@code metricSourceRef}) and its {@code spec} holds nothing but {@code query}:
 * <pre>{@code
 * good:  {metricSource: {type: Prometheus, spec: {query: 'http_requests_total{job="checkout",code!~"5.."}'}}}
 * total: {metricSource: {type: Prometheus, spec: {query: 'http_requests_total{job="checkout"}'}}}
 * }</pre>
 * An SLI is <em>push-fed</em> when it is a ratio of good (or bad) over total and every one of its
 * sources is in push form; each query must then be a plain series selector of counters
 * ({@link SeriesSelector}). Anything with a DataSource, or with connection details in its spec,
 * is for the pull source. An SLI that mixes both forms is fed by neither, and
 * {@link SelectorIndex#problems()} says so.
 */
public final class PushSources {

  public static final String TYPE = "Prometheus";
  private static final Set<String> PUSH_SPEC_KEYS = Set.of("query");

  private PushSources() {}

  /** Whether {@code source} is in push form (see the class comment). */
  public static boolean isPushForm(MetricSource source) {
    return TYPE.equalsIgnoreCase(source.type())
        && source.dataSourceRef().isEmpty()
        && PUSH_SPEC_KEYS.containsAll(source.spec().keySet())
        && source.spec().get("query") instanceof String;
  }

  /** Whether {@code sli} is fed by remote-write and OTLP pushes; the pull source skips these. */
  public static boolean isPushFed(Sli sli) {
    return sli.metric() instanceof SliMetric.RatioMetric r
        && r.total().isPresent()
        && (r.good().isPresent() || r.bad().isPresent())
        && r.sources().stream().allMatch(PushSources::isPushForm);
  }
}

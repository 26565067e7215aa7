package dev.governor.prometheus.rules;

import dev.governor.slo.MetricSource;
import dev.governor.slo.Sli;
import dev.governor.slo.SliMetric;
import java.util.Optional;
import java.util.regex.Matcher;
import dev.governor.prometheus.matching.PlainSelector;
import java.util.regex.Pattern;

/**
 * An SLI's error ratio (bad events over all events) as PromQL for any window.
 *
 * <p>Each query of a Prometheus metric source takes one of two forms:
 * <ul>
 *   <li>a query with Sloth's window placeholder, {@code sum(rate(http_requests_total[{{.window}}]))},
 *       whose placeholder is replaced by the window ({@code {{ .window }}} with spaces too);</li>
 *   <li>a plain counter selector, {@code http_requests_total{code=~"5.."}}, which becomes
 *       {@code sum(rate(selector[window]))}: summed because the SLI is one series, and {@code rate}
 *       rather than {@code increase} because the two give the same ratio and {@code rate} is what
 *       Sloth's queries, and the dashboards built on them, use.</li>
 * </ul>
 * Any other query has a fixed range or none, so it cannot be made to cover 5 minutes and 30 days
 * alike, and is refused. So are other template actions than {@code .window}.
 *
 * <p>Events ratios divide by the total only where the total is above zero. Without traffic, 0/0
 * is NaN; a NaN recorded at 5m would make the sum over the whole window (and with it the period
 * burn rate and the budget remaining) NaN for as long as the window lasts, and a bad count over a
 * zero total would be +Inf, which passes every alert threshold. Filtering the divisor with
 * {@code > 0} records no sample instead, so a quiet SLI has no ratio, not a wrong one, and never
 * alerts. A raw ratio query has no total to guard; it is used as written.
 */
final class ErrorRatioQuery {

  private static final Pattern WINDOW = Pattern.compile("\\{\\{\\s*\\.window\\s*}}");

  private enum Shape { BAD_OVER_TOTAL, GOOD_OVER_TOTAL, RAW_FAILURE, RAW_SUCCESS }

  /** One query, ready to be written for a window. */
  private sealed interface Windowed {
    String at(String window);
  }

  private record Templated(String query) implements Windowed {
    @Override
    public String at(String window) {
      return WINDOW.matcher(query).replaceAll(Matcher.quoteReplacement(window));
    }
  }

  /** @param by the grouped SLO's groupBy labels as PromQL's {@code by}, or empty */
  private record CounterSelector(String selector, String by) implements Windowed {
    @Override
    public String at(String window) {
      return "sum" + by + "(rate(" + selector + "[" + window + "]))";
    }
  }

  /** The query, or why the SLI has none. */
  sealed interface Read permits Found, NotFound {}

  record Found(ErrorRatioQuery query) implements Read {}

  record NotFound(String reason) implements Read, PartRead {}

  /** One query of the SLI, or why it cannot be windowed. */
  private sealed interface PartRead {}

  private record Part(Windowed windowed) implements PartRead {}

  private final Shape shape;
  private final Windowed first;
  private final Optional<Windowed> total;

  private ErrorRatioQuery(Shape shape, Windowed first, Optional<Windowed> total) {
    this.shape = shape;
    this.first = first;
    this.total = total;
  }

  /** The error ratio of {@code sli}, whose sources the caller has checked are all Prometheus. */
  static Read of(Sli sli) {
    return of(sli, java.util.List.of());
  }

  /**
   * The error ratio of {@code sli} per value set of {@code groupBy} (a grouped SLO: one ratio, and so
   * one alert, per instance), or as one series when it is empty. A plain selector is summed
   * {@code by} them; a templated query must aggregate by them itself, or start with a plain
   * {@code sum(}, which becomes {@code sum by (...)(}.
   */
  static Read of(Sli sli, java.util.List<String> groupBy) {
    String by = groupBy.isEmpty() ? "" : " by (" + String.join(", ", groupBy) + ") ";
    if (!(sli.metric() instanceof SliMetric.RatioMetric m)) {
      return new NotFound("its SLI " + sli.name() + " is a threshold metric (a value compared with op/value),"
          + " which these rules cannot express; measure it as a ratioMetric of good and total counters"
          + " instead (for a latency: the histogram bucket le=\"0.3\" over its _count)");
    }
    Shape shape;
    MetricSource firstSource;
    String firstRole;
    if (m.raw().isPresent()) {
      shape = m.rawType().orElseThrow() == SliMetric.RawType.FAILURE ? Shape.RAW_FAILURE : Shape.RAW_SUCCESS;
      firstSource = m.raw().get();
      firstRole = "raw";
    } else if (m.bad().isPresent()) {
      shape = Shape.BAD_OVER_TOTAL;
      firstSource = m.bad().get();
      firstRole = "bad";
    } else {
      shape = Shape.GOOD_OVER_TOTAL;
      firstSource = m.good().orElseThrow();
      firstRole = "good";
    }
    boolean raw = shape == Shape.RAW_FAILURE || shape == Shape.RAW_SUCCESS;
    Windowed first;
    switch (windowed(firstSource, firstRole, m.counter(), raw, by, groupBy)) {
      case NotFound no -> { return no; }
      case Part p -> first = p.windowed();
    }
    Optional<Windowed> total = Optional.empty();
    if (!raw) {
      switch (windowed(m.total().orElseThrow(), "total", m.counter(), false, by, groupBy)) {
        case NotFound no -> { return no; }
        case Part p -> total = Optional.of(p.windowed());
      }
    }
    return new Found(new ErrorRatioQuery(shape, first, total));
  }

  private static PartRead windowed(MetricSource source, String role, boolean counter, boolean raw, String by,
      java.util.List<String> groupBy) {
    Object q = source.spec().get("query");
    if (!(q instanceof String text) || text.isBlank()) {
      return new NotFound("the " + role + " metric source has no spec.query; give the PromQL query there");
    }
    String query = text.strip().replace("\r\n", "\n");
    String withoutWindow = WINDOW.matcher(query).replaceAll("");
    if (withoutWindow.contains("{{")) {
      return new NotFound("the " + role + " query '" + query + "' has a template action other than {{.window}};"
          + " {{.window}} is the only placeholder these rules fill in");
    }
    if (!withoutWindow.equals(query)) {
      if (by.isEmpty()) return new Part(new Templated(query));
      if (query.startsWith("sum(")) return new Part(new Templated("sum" + by + query.substring(3)));
      if (groupBy.stream().allMatch(query::contains) && query.contains("by")) return new Part(new Templated(query));
      return new NotFound("the SLO is grouped by " + groupBy + " but the " + role + " query '" + query + "' neither"
          + " starts with sum( nor aggregates by them; write it as sum by (" + String.join(", ", groupBy) + ") (...)");
    }
    if (!raw && isSelector(query)) {
      if (!counter) {
        return new NotFound("the " + role + " query '" + query + "' is a plain selector, which is read as a counter,"
            + " but the ratioMetric says counter: false; set counter: true, or write the query with [{{.window}}]");
      }
      return new Part(new CounterSelector(query, by));
    }
    return new NotFound("the " + role + " query '" + query + "' covers a fixed range, so it cannot be computed"
        + " over 5m, 1h and the whole window alike; write {{.window}} where the range goes, e.g."
        + " sum(rate(http_requests_total[{{.window}}]))"
        + (raw ? "" : ", or give the plain counter selector, e.g. http_requests_total{code=~\"5..\"}"));
  }

  /** Whether {@code query} is a lone instant-vector selector; see {@link PlainSelector}. */
  static boolean isSelector(String query) {
    return PlainSelector.matches(query);
  }

  /** The error ratio over {@code window} (a Prometheus duration such as 5m or 30d). */
  String at(String window) {
    String first = this.first.at(window);
    return switch (shape) {
      case BAD_OVER_TOTAL -> "(" + first + ")\n/\n((" + total.orElseThrow().at(window) + ") > 0)\n";
      case GOOD_OVER_TOTAL -> "1 - (\n  (" + first + ")\n  /\n  ((" + total.orElseThrow().at(window) + ") > 0)\n)\n";
      case RAW_FAILURE -> "(" + first + ")\n";
      case RAW_SUCCESS -> "1 - (" + first + ")\n";
    };
  }
}

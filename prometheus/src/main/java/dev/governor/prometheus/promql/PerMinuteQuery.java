package dev.governor.prometheus.promql;

import dev.governor.prometheus.matching.PlainSelector;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns the query of a Prometheus metric source into PromQL whose value at a time T is the number
 * of events in the minute (T-1m, T].
 *
 * <p>Two forms are accepted, the same two the rules export accepts, with one difference in what the
 * placeholder form must compute:
 * <ul>
 *   <li>a query with Sloth's window placeholder {@code {{.window}}} (spaces allowed), which must
 *       yield a <em>count of events per window</em>: {@code sum(increase(http_requests_total[{{.window}}]))}.
 *       The placeholder becomes {@code 1m}. {@code rate(x[{{.window}}])} is read as
 *       {@code increase(x[{{.window}}])}: every Sloth SLI is written with rate, and
 *       {@code rate(x[w])} is {@code increase(x[w]) / w}, so in a ratio of good (bad) over total
 *       over the same window the division cancels and the increase form yields the events per
 *       window that Governor counts, with the same ratio. This holds for the sums of rates SLIs
 *       are written with; a query that scales a rate by a constant would be off by it (as it
 *       would be if written with increase). {@code irate} is refused: it is
 *       the rate between the last two samples, not over the window, so no rewrite preserves it;</li>
 *   <li>a plain counter selector, {@code http_requests_total{code=~"5.."}}, with {@code counter: true}
 *       on the ratioMetric, which becomes {@code sum(increase(selector[1m]))}.</li>
 * </ul>
 * Any other query (a fixed range, or none) is refused: it cannot be made to cover one minute.
 */
public final class PerMinuteQuery {

  private static final Pattern WINDOW = Pattern.compile("\\{\\{\\s*\\.window\\s*}}");
  private static final Pattern RATE = Pattern.compile("(?<![A-Za-z0-9_:])rate\\s*\\(");
  private static final Pattern IRATE = Pattern.compile("(?<![A-Za-z0-9_:])irate\\s*\\(");

  private PerMinuteQuery() {}

  /** The per-minute query, or why {@code query} has none. */
  public sealed interface Read permits Query, Refused {}

  public record Query(String promql) implements Read {}

  public record Refused(String reason) implements Read {}

  /**
   * @param role good, bad or total, for the messages
   * @param counter the ratioMetric's {@code counter}
   */
  public static Read of(Object query, String role, boolean counter) {
    return of(query, role, counter, List.of());
  }

  /**
   * As {@link #of(Object, String, boolean)}, per value set of {@code groupBy} (the labels of grouped
   * SLOs over the SLI): a plain selector is summed {@code by} them, a templated query that starts
   * with a plain {@code sum(} gets them, and any other must keep them itself.
   */
  public static Read of(Object query, String role, boolean counter, List<String> groupBy) {
    String sum = groupBy.isEmpty() ? "sum(" : "sum by (" + String.join(", ", groupBy) + ") (";
    if (!(query instanceof String text) || text.isBlank()) {
      return new Refused("the " + role + " metric source has no spec.query; give the PromQL query there");
    }
    String q = text.strip().replace("\r\n", "\n");
    String withoutWindow = WINDOW.matcher(q).replaceAll("");
    if (withoutWindow.contains("{{")) {
      return new Refused("the " + role + " query '" + q + "' has a template action other than {{.window}}");
    }
    if (!withoutWindow.equals(q)) {
      if (IRATE.matcher(q).find()) {
        return new Refused("the " + role + " query '" + q + "' uses irate(), the rate between the last two samples"
            + " rather than over the window; Governor needs the number of events per window: write "
            + IRATE.matcher(q).replaceAll("increase(") + " (the same ratio, so the rules export reads it too)");
      }
      // rate(x[w]) = increase(x[w]) / w: the same ratio, and increase is the count per window (class comment).
      q = RATE.matcher(q).replaceAll("increase(");
      if (!groupBy.isEmpty()) {
        if (q.startsWith("sum(")) {
          q = sum + q.substring(4);
        } else if (!groupBy.stream().allMatch(q::contains)) {
          return new Refused("the " + role + " query '" + q + "' must keep the labels " + groupBy + " its grouped SLOs"
              + " make instances by: start it with sum( (Governor adds by (...)) or write " + sum + "...)");
        }
      }
      return new Query(WINDOW.matcher(q).replaceAll("1m"));
    }
    if (isSelector(q)) {
      if (!counter) {
        return new Refused("the " + role + " query '" + q + "' is a plain selector, which is read as a counter,"
            + " but the ratioMetric says counter: false; set counter: true, or write"
            + " sum(increase(" + q + "[{{.window}}]))");
      }
      return new Query(sum + "increase(" + q + "[1m]))");
    }
    return new Refused("the " + role + " query '" + q + "' covers a fixed range, so it cannot be read minute by"
        + " minute; write {{.window}} where the range goes, e.g. sum(increase(http_requests_total[{{.window}}])),"
        + " or give a plain counter selector with counter: true");
  }

  /** Whether {@code query} is a lone instant-vector selector; see {@link PlainSelector}. */
  static boolean isSelector(String query) {
    return PlainSelector.matches(query);
  }
}

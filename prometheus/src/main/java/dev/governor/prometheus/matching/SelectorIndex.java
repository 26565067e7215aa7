package dev.governor.prometheus.matching;

import dev.governor.slo.Catalog;
import dev.governor.slo.MetricSource;
import dev.governor.slo.Sli;
import dev.governor.slo.SliMetric;
import dev.governor.slo.SliName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The selectors of every push-fed SLI of a catalog, indexed by metric name, so that matching a
 * pushed series costs one hash lookup plus the selectors of that one metric. Series of metrics
 * that no selector names are dropped after that lookup. Selectors without a fixed metric name
 * ({@code {__name__=~"http_.+", job="api"}}) are tried on every series; they are allowed but
 * cost more.
 */
public final class SelectorIndex {

  public enum Role {
    GOOD, BAD, TOTAL
  }

  /** One selector of one SLI: the series it matches count as that SLI's good, bad or total. */
  public record Target(SliName sli, Role role, SeriesSelector selector) {}

  public static final SelectorIndex EMPTY = new SelectorIndex(Map.of(), List.of(), List.of(), Map.of(), 0);

  private final Map<String, List<Target>> byMetric;
  private final List<Target> anyMetric;
  private final List<String> problems;
  /** Per SLI in push form: empty when push feeds it, else why not. */
  private final Map<SliName, Optional<String>> pushForm;
  private final int slis;

  private SelectorIndex(Map<String, List<Target>> byMetric, List<Target> anyMetric, List<String> problems,
      Map<SliName, Optional<String>> pushForm, int slis) {
    this.byMetric = byMetric;
    this.anyMetric = anyMetric;
    this.problems = problems;
    this.pushForm = pushForm;
    this.slis = slis;
  }

  /** The index of {@code catalog}'s push-fed SLIs ({@link PushSources#isPushFed}). */
  public static SelectorIndex of(Catalog catalog) {
    Map<String, List<Target>> byMetric = new HashMap<>();
    List<Target> anyMetric = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<SliName, Optional<String>> pushForm = new java.util.LinkedHashMap<>();
    int slis = 0;
    for (Sli sli : catalog.indicators().values()) {
      if (!PushSources.isPushFed(sli)) {
        boolean some = sli.metric().sources().stream().anyMatch(PushSources::isPushForm);
        if (some) {
          problems.add("SLI " + sli.name() + " mixes pushed selectors with other sources (a DataSource,"
              + " connection details, raw or threshold metrics), so neither push nor pull feeds it;"
              + " give every source the same form");
          pushForm.put(sli.name(), Optional.of(problems.getLast()));
        }
        continue;
      }
      SliMetric.RatioMetric ratio = (SliMetric.RatioMetric) sli.metric();
      List<Target> mine = new ArrayList<>();
      int before = problems.size();
      add(sli, Role.GOOD, ratio.good(), mine, problems);
      add(sli, Role.BAD, ratio.bad(), mine, problems);
      add(sli, Role.TOTAL, ratio.total(), mine, problems);
      if (mine.size() != 2) { // a problem was reported; half an SLI would count wrong ratios
        pushForm.put(sli.name(), Optional.of(String.join("; ", problems.subList(before, problems.size()))));
        continue;
      }
      pushForm.put(sli.name(), Optional.empty());
      slis++;
      for (Target t : mine) {
        t.selector().metricName().ifPresentOrElse(
            name -> byMetric.computeIfAbsent(name, k -> new ArrayList<>()).add(t),
            () -> anyMetric.add(t));
      }
    }
    byMetric.replaceAll((k, v) -> List.copyOf(v));
    return new SelectorIndex(Map.copyOf(byMetric), List.copyOf(anyMetric), List.copyOf(problems),
        java.util.Collections.unmodifiableMap(pushForm), slis);
  }

  private static void add(Sli sli, Role role, Optional<MetricSource> source, List<Target> out, List<String> problems) {
    if (source.isEmpty()) return;
    String query = (String) source.get().spec().get("query");
    try {
      out.add(new Target(sli.name(), role, SeriesSelector.parse(query)));
    } catch (IllegalArgumentException e) {
      problems.add("SLI " + sli.name() + ", " + role.name().toLowerCase(java.util.Locale.ROOT)
          + " query: " + e.getMessage());
    }
  }

  /** The targets whose selector matches the series; empty for most series, cheaply. */
  public List<Target> match(Labels labels) {
    List<Target> candidates = byMetric.getOrDefault(labels.metricName(), List.of());
    if (candidates.isEmpty() && anyMetric.isEmpty()) return List.of();
    List<Target> matched = new ArrayList<>(2);
    for (Target t : candidates) if (t.selector().matches(labels)) matched.add(t);
    for (Target t : anyMetric) if (t.selector().matches(labels)) matched.add(t);
    return matched;
  }

  /** Why some push-form SLIs are not fed: selectors that do not parse, mixed forms. */
  public List<String> problems() {
    return problems;
  }

  /**
   * Every SLI with a source in push form, in catalog order: empty when push feeds it, otherwise why
   * it is fed by nothing (a query that is not a plain selector, such as Sloth's rate queries, or a
   * mix of forms).
   */
  public Map<SliName, Optional<String>> pushForm() {
    return pushForm;
  }

  /** How many SLIs push feeds. */
  public int sliCount() {
    return slis;
  }
}

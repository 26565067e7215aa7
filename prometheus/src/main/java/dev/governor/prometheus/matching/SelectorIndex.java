package dev.governor.prometheus.matching;

import dev.governor.slo.Catalog;
import dev.governor.slo.MetricSource;
import dev.governor.slo.Sli;
import dev.governor.slo.SliMetric;
import dev.governor.basics.SliName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The selectors of every push-fed SLI of a catalog, indexed so that matching a pushed series tries
 * only the few selectors that can match it. First by metric name: series of metrics that no
 * selector names are dropped after one hash lookup. Then, within a metric, by one equality matcher
 * of each selector: a thousand SLIs that all select {@code http_requests_total{job="api", sli="..."}}
 * would otherwise each test every series of that metric, which made matching most of the cost of
 * remote-write intake. Each selector is filed under its equality matcher on the label with the
 * most distinct values among the metric's selectors ({@code sli} above, not {@code job}, which
 * every selector shares), so a series costs one lookup per such label and then the full test of
 * the selectors filed under its values only. Selectors with no equality matcher (only {@code !=},
 * {@code =~}, {@code !~}) are tried on every series of their metric, and selectors without a fixed
 * metric name ({@code {__name__=~"http_.+", job="api"}}) on every series there is; they are allowed
 * but cost more.
 *
 * <p>An index is immutable and belongs to one catalog: {@link PushIntake} keeps each series' match
 * result for as long as the index it came from is the current one.
 */
public final class SelectorIndex {

  public enum Role {
    GOOD, BAD, TOTAL
  }

  /** One selector of one SLI: the series it matches count as that SLI's good, bad or total. */
  public record Target(SliName sli, Role role, SeriesSelector selector) {}

  public static final SelectorIndex EMPTY = new SelectorIndex(Map.of(), Group.of(List.of()), List.of(), Map.of(), 0);

  private final Map<String, Group> byMetric;
  /** The selectors without a fixed metric name, tried on every series. */
  private final Group anyMetric;
  private final List<String> problems;
  /** Per SLI in push form: empty when push feeds it, else why not. */
  private final Map<SliName, Optional<String>> pushForm;
  private final int slis;

  private SelectorIndex(Map<String, Group> byMetric, Group anyMetric, List<String> problems,
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
    Map<String, Group> groups = new HashMap<>();
    byMetric.forEach((name, targets) -> groups.put(name, Group.of(targets)));
    return new SelectorIndex(Map.copyOf(groups), Group.of(anyMetric), List.copyOf(problems),
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
    Group named = byMetric.get(labels.metricName());
    if (named == null && anyMetric.isEmpty()) return List.of();
    List<Target> matched = new ArrayList<>(2);
    if (named != null) named.collect(labels, matched);
    anyMetric.collect(labels, matched);
    return matched.isEmpty() ? List.of() : matched;
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

  /**
   * The targets of one metric (or of no fixed metric), each filed under one of its equality
   * matchers ({@code keys[i]} holds the targets whose key label is {@code labels[i]}, by value) or,
   * without one, in {@code scanned}.
   */
  private record Group(String[] labels, List<Map<String, List<Target>>> keys, List<Target> scanned) {

    static Group of(List<Target> targets) {
      // How selective each label is here: the number of distinct values its = matchers ask for.
      Map<String, Set<String>> values = new HashMap<>();
      for (Target t : targets) {
        for (LabelMatcher m : t.selector().matchers()) {
          if (isKey(m)) values.computeIfAbsent(m.name(), k -> new HashSet<>()).add(m.value());
        }
      }
      Map<String, Map<String, List<Target>>> filed = new TreeMap<>();
      List<Target> scanned = new ArrayList<>();
      for (Target t : targets) {
        LabelMatcher best = null;
        for (LabelMatcher m : t.selector().matchers()) {
          if (!isKey(m)) continue;
          if (best == null || values.get(m.name()).size() > values.get(best.name()).size()
              || (values.get(m.name()).size() == values.get(best.name()).size() && m.name().compareTo(best.name()) < 0)) {
            best = m;
          }
        }
        if (best == null) scanned.add(t);
        else filed.computeIfAbsent(best.name(), k -> new HashMap<>())
            .computeIfAbsent(best.value(), k -> new ArrayList<>()).add(t);
      }
      List<Map<String, List<Target>>> keys = new ArrayList<>();
      for (Map<String, List<Target>> byValue : filed.values()) {
        Map<String, List<Target>> copy = new HashMap<>();
        byValue.forEach((value, ts) -> copy.put(value, List.copyOf(ts)));
        keys.add(Map.copyOf(copy));
      }
      return new Group(filed.keySet().toArray(String[]::new), List.copyOf(keys), List.copyOf(scanned));
    }

    /** An = matcher with a value: only series with that very value can match its selector. */
    private static boolean isKey(LabelMatcher m) {
      return m.op() == LabelMatcher.Op.EQUAL && !m.value().isEmpty();
    }

    boolean isEmpty() {
      return labels.length == 0 && scanned.isEmpty();
    }

    void collect(Labels series, List<Target> out) {
      for (int i = 0; i < labels.length; i++) {
        List<Target> candidates = keys.get(i).get(series.get(labels[i]));
        if (candidates == null) continue;
        for (Target t : candidates) if (t.selector().matches(series)) out.add(t);
      }
      for (Target t : scanned) if (t.selector().matches(series)) out.add(t);
    }
  }
}

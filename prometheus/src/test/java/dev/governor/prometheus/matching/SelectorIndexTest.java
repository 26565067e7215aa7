package dev.governor.prometheus.matching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.prometheus.matching.SelectorIndex.Target;
import dev.governor.slo.Catalog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SelectorIndexTest {

  static final String[] METRICS = {"http_requests_total", "grpc_calls_total", "jobs_total"};
  static final String[] LABELS = {"job", "sli", "code", "instance"};
  static final String[] VALUES = {"", "a", "b", "c", "200", "503", "api"};

  @Test
  void theIndex_matchesExactlyWhatTestingEverySelectorMatches_forRandomSelectorsAndSeries() {
    SplittableRandom random = new SplittableRandom(11);
    for (int round = 0; round < 20; round++) {
      List<String[]> queries = new ArrayList<>();
      for (int i = 0; i < 30; i++) queries.add(new String[] {selector(random), selector(random)});
      Catalog catalog = PushIntakeTest.catalog(slos(queries));
      SelectorIndex index = SelectorIndex.of(catalog);
      List<Target> all = new ArrayList<>();
      for (int i = 0; i < queries.size(); i++) {
        if (index.pushForm().get(dev.governor.basics.SliName.of("sli-" + i)).isPresent()) continue;
        all.add(new Target(dev.governor.basics.SliName.of("sli-" + i), SelectorIndex.Role.GOOD, SeriesSelector.parse(queries.get(i)[0])));
        all.add(new Target(dev.governor.basics.SliName.of("sli-" + i), SelectorIndex.Role.TOTAL, SeriesSelector.parse(queries.get(i)[1])));
      }
      assertThat(all).as("most random selectors are valid").hasSizeGreaterThan(20);
      for (int s = 0; s < 300; s++) {
        Labels labels = series(random);
        Set<Target> expected = new HashSet<>();
        for (Target t : all) if (t.selector().matches(labels)) expected.add(t);
        List<Target> got = index.match(labels);
        assertThat(got).as("%s", labels).doesNotHaveDuplicates();
        assertThat(new HashSet<>(got)).as("%s", labels).isEqualTo(expected);
      }
    }
  }

  @Test
  void selectorsSharingALabel_areFiledUnderTheirMostDistinctLabel_andStillAllMatch() {
    List<String[]> queries = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      queries.add(new String[] {"http_requests_total{job=\"api\", sli=\"s" + i + "\", code!~\"5..\"}",
          "http_requests_total{job=\"api\", sli=\"s" + i + "\"}"});
    }
    SelectorIndex index = SelectorIndex.of(PushIntakeTest.catalog(slos(queries)));

    assertThat(index.match(Labels.of("__name__", "http_requests_total", "job", "api", "sli", "s1", "code", "200")))
        .extracting(t -> t.sli().value() + "/" + t.role())
        .containsExactlyInAnyOrder("sli-1/GOOD", "sli-1/TOTAL");
    assertThat(index.match(Labels.of("__name__", "http_requests_total", "job", "api", "sli", "s1", "code", "503")))
        .extracting(t -> t.sli().value() + "/" + t.role())
        .containsExactly("sli-1/TOTAL");
    assertThat(index.match(Labels.of("__name__", "http_requests_total", "job", "web", "sli", "s1"))).isEmpty();
    assertThat(index.match(Labels.of("__name__", "up", "job", "api", "sli", "s1"))).isEmpty();
  }

  static String selector(SplittableRandom random) {
    StringBuilder b = new StringBuilder();
    boolean named = random.nextInt(5) > 0;
    if (named) b.append(METRICS[random.nextInt(METRICS.length)]);
    b.append('{');
    int n = random.nextInt(named ? 0 : 1, 4);
    if (!named) b.append("__name__=~\"").append(random.nextBoolean() ? "http_.*" : ".+_total").append("\"");
    for (int i = 0; i < n; i++) {
      if (b.charAt(b.length() - 1) != '{') b.append(", ");
      String op = switch (random.nextInt(6)) {
        case 0, 1, 2 -> "=";
        case 3 -> "!=";
        case 4 -> "=~";
        default -> "!~";
      };
      String value = op.contains("~") ? (random.nextBoolean() ? "a|b" : "5..") : VALUES[random.nextInt(VALUES.length)];
      b.append(LABELS[random.nextInt(LABELS.length)]).append(op).append('"').append(value).append('"');
    }
    return b.append('}').toString();
  }

  static Labels series(SplittableRandom random) {
    List<String> pairs = new ArrayList<>(List.of("__name__", METRICS[random.nextInt(METRICS.length)]));
    for (String label : LABELS) {
      if (random.nextInt(4) == 0) continue;
      pairs.add(label);
      pairs.add(VALUES[random.nextInt(VALUES.length)]);
    }
    return Labels.of(pairs.toArray(String[]::new));
  }

  static String slos(List<String[]> queries) {
    StringBuilder yaml = new StringBuilder("""
        apiVersion: openslo/v1
        kind: Service
        metadata: {name: checkout}
        spec: {}
        """);
    for (int i = 0; i < queries.size(); i++) {
      yaml.append("""
          ---
          apiVersion: openslo/v1
          kind: SLO
          metadata: {name: slo-%1$d}
          spec:
            service: checkout
            indicator:
              metadata: {name: sli-%1$d}
              spec:
                ratioMetric:
                  counter: true
                  good:
                    metricSource:
                      type: Prometheus
                      spec:
                        query: '%2$s'
                  total:
                    metricSource:
                      type: Prometheus
                      spec:
                        query: '%3$s'
            timeWindow: [{duration: 28d, isRolling: true}]
            budgetingMethod: Occurrences
            objectives: [{targetPercent: 99.9}]
          """.formatted(i, queries.get(i)[0], queries.get(i)[1]));
    }
    return yaml.toString();
  }
}

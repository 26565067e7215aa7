package dev.governor.ingest.openslo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.slo.Catalog;
import dev.governor.slo.Objective;
import dev.governor.slo.Ratio;
import dev.governor.slo.ResourceKind;
import dev.governor.slo.SloWindow;
import dev.governor.slo.SpecProblem;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecParserTest {

  static final String RATIO = """
      ratioMetric:
        good:
          metricSource:
            type: Governor
        total:
          metricSource:
            type: Governor
      """;

  static final String THRESHOLD = """
      thresholdMetric:
        metricSource:
          type: Governor
      """;

  static final String ROLLING_28D = "- duration: 28d\n  isRolling: true\n";

  /** An SLO with a ratio indicator, 28 days rolling; {@code objectives} is the YAML of its objectives list. */
  static String slo(String name, String objectives) {
    return slo(name, RATIO, ROLLING_28D, objectives);
  }

  /** An SLO; each argument but the name is YAML written from column 0, indented here. */
  static String slo(String name, String metric, String window, String objectives) {
    return "apiVersion: openslo/v1\n"
        + "kind: SLO\n"
        + "metadata:\n"
        + "  name: " + name + "\n"
        + "spec:\n"
        + "  service: shop\n"
        + "  indicator:\n"
        + "    metadata:\n"
        + "      name: " + name + "\n"
        + "    spec:\n"
        + metric.indent(6)
        + "  timeWindow:\n"
        + window.indent(4)
        + "  budgetingMethod: Occurrences\n"
        + "  objectives:\n"
        + objectives.indent(4);
  }

  static Catalog catalog(String yaml) {
    ParsedSpecs parsed = SpecParser.parse("test.yaml", yaml);
    assertThat(parsed.problems()).isEmpty();
    Resolution resolution = CatalogResolver.resolve(parsed.documents());
    assertThat(resolution).isInstanceOf(Resolution.Resolved.class);
    return ((Resolution.Resolved) resolution).catalog();
  }

  static Objective onlyObjective(String objectiveYaml) {
    return catalog(slo("shop-requests", objectiveYaml)).slos().get(0).objectives().get(0);
  }

  @Test
  void aTargetPercentOf99point9IsExactly999Over1000() {
    assertThat(onlyObjective("- targetPercent: 99.9").target()).isEqualTo(Ratio.of(999, 1000));
  }

  @Test
  void aTargetOf0point999IsExactly999Over1000AndNamedLikeTheSamePercentage() {
    Objective fraction = onlyObjective("- target: 0.999");
    Objective percent = onlyObjective("- targetPercent: 99.90");
    assertThat(fraction.target()).isEqualTo(Ratio.of(999, 1000)).isEqualTo(percent.target());
    assertThat(fraction.name()).isEqualTo("target-99.9").isEqualTo(percent.name());
  }

  @Test
  void anObjectiveIsAnSla_onlyWhenItSaysSo() {
    assertThat(onlyObjective("- {targetPercent: 99.9, sla: true}").sla()).isTrue();
    assertThat(onlyObjective("- {targetPercent: 99.9, sla: false}").sla()).isFalse();
    assertThat(onlyObjective("- targetPercent: 99.9").sla()).isFalse();
    assertThat(SpecParser.parse("shop.yaml", slo("checkout", "- {targetPercent: 99.9, sla: yes please}")).problems())
        .singleElement().satisfies(p -> assertThat(p.message()).contains("must be true or false"));
  }

  @Test
  void targetsWithManyNinesStayExact() {
    assertThat(onlyObjective("- targetPercent: 99.99999").target()).isEqualTo(Ratio.of(9_999_999, 10_000_000));
    assertThat(onlyObjective("- target: 0.95").target()).isEqualTo(Ratio.of(19, 20));
  }

  @ParameterizedTest(name = "objective {0} is named {1}")
  @CsvSource(delimiter = '|', value = {
      "{name: checkout-p95, displayName: 'Fast', targetPercent: 95}  | checkout-p95",
      "{displayName: 'Fast enough (p95)', targetPercent: 95}         | fast-enough-p95",
      "{displayName: '!!!', targetPercent: 95}                        | target-95",
      "{targetPercent: 99.95}                                         | target-99.95",
  })
  void objectivesAreNamedByNameThenDisplayNameThenTarget(String objective, String expected) {
    assertThat(onlyObjective("- " + objective).name()).isEqualTo(expected);
  }

  @Test
  void thresholdObjectivesWithoutDisplayNameAreNamedByOpAndValue() {
    String yaml = slo("latency", THRESHOLD, ROLLING_28D,
        "- {op: lt, value: 0.300, targetPercent: 95}\n- {op: lte, value: 1, targetPercent: 99}");
    assertThat(catalog(yaml).slos().get(0).objectives()).extracting(Objective::name).containsExactly("lt-0.3", "lte-1");
  }

  /**
   * Two objectives alike used to get past the reader in some cases and reach the core Slo, whose
   * exception was reported at "spec" on the SLO's line; it belongs on the objective that repeats.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "- targetPercent: 99.9\\n- target: 0.999                                   | spec.objectives[1]             | 24 | 'target-99.9' (this one by its target",
      "- {op: lt, value: 0.3, targetPercent: 95}\\n- {op: lt, value: 0.30, targetPercent: 99} | spec.objectives[1]     | 20 | 'lt-0.3' (this one by its op and value",
      "- {name: fast, targetPercent: 95}\\n- {name: fast, targetPercent: 99}     | spec.objectives[1].name        | 24 | 'fast' (this one by its name)",
      "- {displayName: Fast, targetPercent: 95}\\n- {displayName: 'fast!', targetPercent: 99} | spec.objectives[1].displayName | 24 | 'fast' (this one by its displayName)",
      "- {name: fast, targetPercent: 95}\\n- {targetPercent: 99}\\n- {displayName: Fast, targetPercent: 99.9} | spec.objectives[2].displayName | 25 | 'fast' (this one by its displayName)",
  })
  void twoObjectivesWithOneNameAreAProblemAtTheFieldThatNamesTheSecond(String objectives, String path, int line, String message) {
    boolean threshold = objectives.contains("op:");
    String yaml = slo("shop-requests", threshold ? THRESHOLD : RATIO, ROLLING_28D, objectives.replace("\\n", "\n"));
    assertThat(SpecParser.parse("shop.yaml", yaml).problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo(path);
      assertThat(p.line()).isEqualTo(line);
      assertThat(p.message()).contains(message, "spec.objectives[0]", "give the objectives distinct name or displayName");
    });
  }

  @Test
  void aTargetGivenAsAPercentageSaysToUseTargetPercent() {
    ParsedSpecs parsed = SpecParser.parse("shop.yaml", slo("shop-requests", "- target: 99.9"));
    assertThat(parsed.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("spec.objectives[0].target");
      assertThat(p.line()).isEqualTo(23);
      assertThat(p.message()).contains("fraction in (0, 1) such as 0.999").contains("targetPercent: 99.9");
    });
  }

  @Test
  void everyDocumentOfAMultiDocumentFileIsReadWithItsOwnIndexAndLine() {
    String text = """
        # services of the shop
        apiVersion: openslo/v1
        kind: Service
        metadata:
          name: shop
        ---
        ---
        %s""".formatted(slo("shop-requests", "- targetPercent: 99"));
    ParsedSpecs parsed = SpecParser.parse("shop.yaml", text);
    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.documents()).extracting(ResourceDocument::kind, ResourceDocument::document, ResourceDocument::line)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ResourceKind.SERVICE, 1, 2),
            org.assertj.core.groups.Tuple.tuple(ResourceKind.SLO, 3, 8));
  }

  @Test
  void problemsInALaterDocumentNameTheLineOfTheFileNotOfTheDocument() {
    String text = "apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: shop\n---\n"
        + slo("shop-requests", "- targetPercent: 100");
    List<SpecProblem> problems = SpecParser.parse("shop.yaml", text).problems();
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.document()).isEqualTo(2);
      assertThat(p.line()).isEqualTo(5 + 23);
      assertThat(p.path()).isEqualTo("spec.objectives[0].targetPercent");
    });
  }

  @Test
  void eachDocumentsSourceParsesAloneToTheSameDocument() {
    String text = "apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: shop # the shop\n---\n"
        + slo("shop-requests", "- targetPercent: 99") + "\n# trailing comment\n";
    ParsedSpecs parsed = SpecParser.parse("shop.yaml", text);
    assertThat(parsed.documents()).hasSize(2);
    for (ResourceDocument doc : parsed.documents()) {
      ParsedSpecs again = SpecParser.parse("shop.yaml", doc.source());
      assertThat(again.problems()).isEmpty();
      assertThat(again.documents()).singleElement()
          .satisfies(d -> assertThat(d.source()).isEqualTo(doc.source()))
          .extracting(ResourceDocument::kind, ResourceDocument::name)
          .containsExactly(doc.kind(), doc.name());
    }
    assertThat(parsed.documents().get(0).source()).contains("# the shop").doesNotContain("---");
  }

  @Test
  void everyProblemOfEveryDocumentIsReportedNotJustTheFirst() {
    String text = slo("Bad Name", "- targetPercent: 120\n- target: 2") + "---\n" + slo("fine-name", "- targetPercent: 0");
    List<SpecProblem> problems = SpecParser.parse("shop.yaml", text).problems();
    assertThat(problems).extracting(SpecProblem::document, SpecProblem::path).contains(
        org.assertj.core.groups.Tuple.tuple(1, "metadata.name"),
        org.assertj.core.groups.Tuple.tuple(1, "spec.objectives[0].targetPercent"),
        org.assertj.core.groups.Tuple.tuple(1, "spec.objectives[1].target"),
        org.assertj.core.groups.Tuple.tuple(2, "spec.objectives[0].targetPercent"));
  }

  @Test
  void labelsGivenAsListsAreJoinedWithCommas() {
    String yaml = slo("shop-requests", "- targetPercent: 99")
        .replace("  name: shop-requests\nspec:", "  name: shop-requests\n  labels:\n    team: shop\n    tags: [a, b]\nspec:");
    assertThat(catalog(yaml).slos().get(0).labels()).containsEntry("team", "shop").containsEntry("tags", "a,b");
  }

  @Test
  void aCalendarWindowIsAnchoredAtItsStartTimeInItsZone() {
    String yaml = slo("shop-requests", RATIO,
        "- duration: 2M\n  calendar:\n    startTime: 2026-01-01 12:00:00\n    timeZone: Europe/Berlin", "- targetPercent: 99");
    SloWindow window = catalog(yaml).slos().get(0).window();
    assertThat(window).isEqualTo(new SloWindow.Calendar(dev.governor.slo.CalendarUnit.MONTH, 2,
        ZoneId.of("Europe/Berlin"), java.util.Optional.of(Instant.parse("2026-01-01T11:00:00Z"))));
  }

  @Test
  void aKindAndNameDefinedTwiceInAFileIsAProblemAtTheSecond() {
    String service = "apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: shop\nspec:\n  description: %s\n";
    List<SpecProblem> problems = SpecParser.parse("s.yaml", service.formatted("one") + "---\n" + service.formatted("two")).problems();
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.document()).isEqualTo(2);
      assertThat(p.line()).isEqualTo(11);
      assertThat(p.message()).contains("already defined in document 1 (line 4)");
    });
  }

  @Test
  void aSyntaxErrorKeepsTheDocumentsBeforeItAndNamesItsLine() {
    ParsedSpecs parsed = SpecParser.parse("s.yaml",
        "apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: shop\n---\nkind: [unclosed\n");
    assertThat(parsed.documents()).extracting(ResourceDocument::name).containsExactly("shop");
    assertThat(parsed.problems()).singleElement().satisfies(p -> {
      assertThat(p.document()).isEqualTo(2);
      assertThat(p.line()).isEqualTo(7);
      assertThat(p.message()).startsWith("YAML syntax");
    });
  }

  @Test
  void perObjectiveIndicatorsAreRefusedWithAWayOut() {
    List<SpecProblem> problems = SpecParser.parse("s.yaml",
        slo("shop-requests", "- targetPercent: 99\n  indicatorRef: other")).problems();
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("spec.objectives[0].indicatorRef");
      assertThat(p.message()).contains("one indicator per SLO");
    });
  }

  @Test
  void anInlineIndicatorWithoutANameIsAProblemBecauseEventsNeedIt() {
    String yaml = slo("shop-requests", "- targetPercent: 99").replace("    metadata:\n      name: shop-requests\n", "    metadata: {}\n");
    assertThat(SpecParser.parse("s.yaml", yaml).problems()).extracting(SpecProblem::path)
        .containsExactly("spec.indicator.metadata.name");
  }

  @Test
  void anEmptyFileHasNoDocumentsAndNoProblems() {
    ParsedSpecs parsed = SpecParser.parse("empty.yaml", "# nothing yet\n");
    assertThat(parsed.documents()).isEmpty();
    assertThat(parsed.problems()).isEmpty();
  }
}

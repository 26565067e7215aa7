package dev.governor.ingest.openslo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.slo.Catalog;
import dev.governor.slo.ServiceName;
import dev.governor.slo.SpecProblem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogResolverTest {

  static final String SLI = """
      apiVersion: openslo/v1
      kind: SLI
      metadata:
        name: shop-requests
      spec:
        ratioMetric:
          good: {metricSource: {type: Governor}}
          total: {metricSource: {type: Governor}}
      """;

  static final String SLO_BY_REF = """
      apiVersion: openslo/v1
      kind: SLO
      metadata:
        name: shop-availability
      spec:
        service: shop
        indicatorRef: shop-requests
        timeWindow: [{duration: 7d, isRolling: true}]
        budgetingMethod: Occurrences
        objectives: [{targetPercent: 99}]
      """;

  static List<ResourceDocument> docs(String file, String text) {
    ParsedSpecs parsed = SpecParser.parse(file, text);
    assertThat(parsed.problems()).isEmpty();
    return parsed.documents();
  }

  @Test
  void referencesResolveAcrossFiles() {
    List<ResourceDocument> all = new ArrayList<>(docs("slo.yaml", SLO_BY_REF));
    all.addAll(docs("sli.yaml", SLI));
    Resolution resolution = CatalogResolver.resolve(all);
    assertThat(resolution).isInstanceOf(Resolution.Resolved.class);
    Catalog catalog = ((Resolution.Resolved) resolution).catalog();
    assertThat(catalog.slos()).singleElement()
        .satisfies(slo -> assertThat(slo.indicator().name().value()).isEqualTo("shop-requests"));
    assertThat(catalog.slis()).hasSize(1);
  }

  @Test
  void anSloWhoseServiceIsNoDocumentGetsAServiceOfThatName() {
    Catalog catalog = ((Resolution.Resolved) CatalogResolver.resolve(docs("a.yaml", SLI + "---\n" + SLO_BY_REF))).catalog();
    assertThat(catalog.servicesByName()).containsKey(ServiceName.of("shop"));
  }

  @Test
  void aServiceDocumentIsUsedWhenThereIsOne() {
    String service = "apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: shop\n  displayName: The Shop\n";
    Catalog catalog = ((Resolution.Resolved) CatalogResolver.resolve(
        docs("a.yaml", SLI + "---\n" + SLO_BY_REF + "---\n" + service))).catalog();
    assertThat(catalog.services()).singleElement().satisfies(s -> assertThat(s.displayName()).isEqualTo("The Shop"));
  }

  @Test
  void aDanglingReferenceIsAProblemAtItsLineInItsOwnFile() {
    List<ResourceDocument> all = new ArrayList<>(docs("sli.yaml", SLI));
    all.addAll(docs("slo.yaml", "apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: shop\n---\n" + SLO_BY_REF.replace("indicatorRef: shop-requests", "indicatorRef: shop-request")));
    Resolution resolution = CatalogResolver.resolve(all);
    assertThat(resolution).isInstanceOfSatisfying(Resolution.Invalid.class, invalid ->
        assertThat(invalid.problems()).singleElement().satisfies(p -> {
          assertThat(p.file()).isEqualTo("slo.yaml");
          assertThat(p.document()).isEqualTo(2);
          assertThat(p.line()).isEqualTo(5 + 7);
          assertThat(p.path()).isEqualTo("spec.indicatorRef");
          assertThat(p.message()).contains("did you mean shop-requests?");
        }));
  }

  @Test
  void anIndicatorRefToAThresholdSliNeedsOpAndValueOnEachObjective() {
    String ratio = "  ratioMetric:\n    good: {metricSource: {type: Governor}}\n    total: {metricSource: {type: Governor}}\n";
    assertThat(SLI).contains(ratio);
    String thresholdSli = SLI.replace(ratio, "  thresholdMetric: {metricSource: {type: Governor}}\n");
    Resolution resolution = CatalogResolver.resolve(docs("a.yaml", thresholdSli + "---\n" + SLO_BY_REF));
    assertThat(resolution).isInstanceOfSatisfying(Resolution.Invalid.class, invalid ->
        assertThat(invalid.problems()).extracting(SpecProblem::path).containsExactly("spec.objectives[0]"));
  }

  @Test
  void twoDifferentSlisWithOneNameAreAProblemBecauseEventsCouldNotTellThemApart() {
    String inline = SLO_BY_REF.replace("indicatorRef: shop-requests", """
        indicator:
            metadata: {name: shop-requests}
            spec: {thresholdMetric: {metricSource: {type: Governor}}}""")
        .replace("objectives: [{targetPercent: 99}]", "objectives: [{op: lt, value: 1, targetPercent: 99}]");
    Resolution resolution = CatalogResolver.resolve(docs("a.yaml", SLI + "---\n" + inline));
    assertThat(resolution).isInstanceOfSatisfying(Resolution.Invalid.class, invalid ->
        assertThat(invalid.problems()).singleElement()
            .satisfies(p -> assertThat(p.message()).contains("another SLI is also named 'shop-requests'")));
  }

  @Test
  void theSameDocumentAppliedFromTwoFilesIsOneDocument() {
    List<ResourceDocument> all = new ArrayList<>(docs("a.yaml", SLI));
    all.addAll(docs("b.yaml", SLI));
    assertThat(CatalogResolver.resolve(all)).isInstanceOf(Resolution.Resolved.class);
  }

  @Test
  void aMetricSourceTakesItsTypeFromTheDataSourceItNames() {
    String ds = "apiVersion: openslo/v1\nkind: DataSource\nmetadata:\n  name: prom\nspec:\n  type: Prometheus\n  connectionDetails: {url: http://prometheus:9090}\n";
    String sli = SLI.replace("{metricSource: {type: Governor}}", "{metricSource: {metricSourceRef: prom, spec: {query: up}}}");
    Catalog catalog = ((Resolution.Resolved) CatalogResolver.resolve(docs("a.yaml", ds + "---\n" + sli))).catalog();
    assertThat(catalog.slis().get(0).metric().sources()).allSatisfy(s -> {
      assertThat(s.type()).isEqualTo("Prometheus");
      assertThat(s.dataSourceRef()).contains("prom");
    });
  }

  /** A blank type used to pass the reader and then fail MetricSource's constructor in the resolver: a 500. */
  @Test
  void aDataSourceWithABlankTypeIsAProblemAtItsTypeNotAnExceptionWhenAnSliNamesIt() {
    String ds = "apiVersion: openslo/v1\nkind: DataSource\nmetadata:\n  name: prom\nspec:\n  type: ' '\n";
    String sli = SLI.replace("{metricSource: {type: Governor}}", "{metricSource: {metricSourceRef: prom}}");
    ParsedSpecs parsed = SpecParser.parse("a.yaml", ds + "---\n" + sli);
    assertThat(parsed.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("spec.type");
      assertThat(p.line()).isEqualTo(6);
      assertThat(p.message()).contains("must not be blank");
    });
  }

  @Test
  void theResolverReadsStoredSourcesNotParserState() {
    ResourceDocument stored = docs("a.yaml", SLI).get(0);
    ResourceDocument tampered = new ResourceDocument(stored.kind(), stored.name(), stored.source()
        .replace("type: Governor}}\n", "type: Governor}}\n").replace("good:", "goood:"), "a.yaml", 1, 1);
    assertThat(CatalogResolver.resolve(List.of(tampered))).isInstanceOfSatisfying(Resolution.Invalid.class,
        invalid -> assertThat(invalid.problems()).extracting(SpecProblem::path).contains("spec.ratioMetric.goood"));
  }
}

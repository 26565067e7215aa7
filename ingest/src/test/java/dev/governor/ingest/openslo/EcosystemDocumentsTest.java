package dev.governor.ingest.openslo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.slo.Catalog;
import dev.governor.slo.ResourceKind;
import dev.governor.slo.SloWindow;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * OpenSLO documents as the ecosystem writes them, which the spec allows: `oslo fmt` and the
 * OpenSLO go-sdk write a file as one YAML list of documents; a DataSource's connectionDetails is
 * any value; an SLO may leave timeWindow out.
 */
class EcosystemDocumentsTest {

  /** The shape `oslo fmt` writes: one top-level list, each item a whole document. */
  static final String LIST_FORM = """
      - apiVersion: openslo/v1
        kind: Service
        metadata:
          name: web
          displayName: Web
        spec:
          description: The storefront
      # a comment between items stays out of both
      - apiVersion: openslo/v1
        kind: SLO
        metadata:
          name: web-availability
        spec:
          service: web
          indicator:
            metadata:
              name: web-requests
            spec:
              ratioMetric:
                counter: true
                good:
                  metricSource:
                    type: Governor
                total:
                  metricSource:
                    type: Governor
          timeWindow:
            - duration: 28d
              isRolling: true
          budgetingMethod: Occurrences
          objectives:
            - displayName: Good
              target: 0.995
      """;

  @Test
  void a_top_level_list_of_documents_reads_as_its_documents_each_with_its_own_text() {
    ParsedSpecs parsed = SpecParser.parse("oslo.yaml", LIST_FORM);

    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.documents()).extracting(ResourceDocument::kind, ResourceDocument::name)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(ResourceKind.SERVICE, "web"),
            org.assertj.core.groups.Tuple.tuple(ResourceKind.SLO, "web-availability"));
    assertThat(parsed.documents()).extracting(ResourceDocument::line).containsExactly(1, 9);
    // What is stored is each item's own text, which reads alone, as the resolver reads it back.
    ResourceDocument slo = parsed.documents().get(1);
    assertThat(slo.source()).startsWith("apiVersion: openslo/v1\nkind: SLO\n").doesNotContain("kind: Service");
    assertThat(SpecParser.parse("stored", slo.source()).problems()).isEmpty();
    Catalog catalog = SpecParserTest.catalog(LIST_FORM);
    assertThat(catalog.slos()).singleElement().satisfies(s -> assertThat(s.name().value()).isEqualTo("web-availability"));
  }

  @Test
  void a_problem_in_a_listed_document_names_its_line_in_the_file() {
    ParsedSpecs parsed = SpecParser.parse("oslo.yaml", LIST_FORM.replace("target: 0.995", "target: 1.5"));

    assertThat(parsed.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(33));
  }

  @Test
  void connection_details_of_a_source_governor_does_not_read_may_be_any_value() {
    for (String details : new String[] {"\"dd-site=datadoghq.eu\"", "[a, b]", "42", "{apiKey: x, nested: {a: 1}}"}) {
      String yaml = """
          apiVersion: openslo/v1
          kind: DataSource
          metadata:
            name: datadog
          spec:
            type: Datadog
            connectionDetails: %s
          """.formatted(details);

      assertThat(SpecParser.parse("ds.yaml", yaml).problems()).as(details).isEmpty();
    }
  }

  @Test
  void a_prometheus_source_still_needs_its_connection_as_a_mapping() {
    String yaml = """
        apiVersion: openslo/v1
        kind: DataSource
        metadata:
          name: prom
        spec:
          type: Prometheus
          connectionDetails: "http://prometheus:9090"
        """;

    assertThat(SpecParser.parse("ds.yaml", yaml).problems()).singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo("spec.connectionDetails"));
  }

  @Test
  void op_without_value_says_a_ratio_metric_drops_op() {
    String yaml = SpecParserTest.slo("checkout", "- op: gte\n  target: 0.99\n");

    assertThat(SpecParser.parse("slo.yaml", yaml).problems()).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("for a ratioMetric SLI, which has no threshold, remove op"));
  }

  @Test
  void an_slo_without_time_window_gets_28_days_rolling_and_a_warning_naming_it() {
    String yaml = SpecParserTest.slo("checkout", "- target: 0.99\n")
        .replace("  timeWindow:\n    - duration: 28d\n      isRolling: true\n", "");
    assertThat(yaml).doesNotContain("timeWindow");

    ParsedSpecs parsed = SpecParser.parse("slo.yaml", yaml);

    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.warnings()).singleElement().satisfies(w -> {
      assertThat(w.path()).isEqualTo("spec.timeWindow");
      assertThat(w.message()).contains("28 days, rolling");
    });
    SloWindow window = SpecParserTest.catalog(yaml).slos().get(0).window();
    assertThat(window).isEqualTo(new SloWindow.Rolling(Duration.ofDays(28)));
  }
}

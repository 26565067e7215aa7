package dev.governor.ingest.sloth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.ingest.openslo.CatalogResolver;
import dev.governor.ingest.openslo.ParsedSpecs;
import dev.governor.ingest.openslo.Resolution;
import dev.governor.ingest.openslo.ResourceDocument;
import dev.governor.ingest.openslo.SpecParser;
import dev.governor.slo.Ratio;
import dev.governor.slo.ResourceKind;
import dev.governor.slo.Slo;
import dev.governor.slo.SloWindow;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlothTranslatorTest {

  static final String SPEC = """
      version: "prometheus/v1"
      service: "api"
      slos:
        - name: "requests-availability"
          objective: 99.95
          sli:
            events:
              error_query: sum(rate(errors[{{.window}}]))
              total_query: sum(rate(requests[{{.window}}]))
          alerting:
            name: ApiErrors
            ticket_alert:
              disable: true
      """;

  static Slo onlySlo(String file, String spec) {
    ParsedSpecs parsed = SpecParser.parse(file, spec);
    assertThat(parsed.problems()).isEmpty();
    Resolution r = CatalogResolver.resolve(parsed.documents());
    return ((Resolution.Resolved) r).catalog().slos().get(0);
  }

  @Test
  void aSlothSloBecomesAnOpenSloSloNamedAfterServiceAndSloWithAnExactTarget() {
    Slo slo = onlySlo("api.yaml", SPEC);
    assertThat(slo.name().value()).isEqualTo("api-requests-availability");
    assertThat(slo.indicator().name().value()).isEqualTo("api-requests-availability");
    assertThat(slo.objectives().get(0).target()).isEqualTo(Ratio.of(9995, 10000));
    assertThat(slo.window()).isEqualTo(new SloWindow.Rolling(Duration.ofDays(30)));
    assertThat(slo.indicator().metric().sources()).allSatisfy(s -> assertThat(s.type()).isEqualTo("Prometheus"));
  }

  @Test
  void aDisabledTicketAlertLeavesOnlyThePageConditions() {
    Slo slo = onlySlo("api.yaml", SPEC);
    assertThat(slo.alertPolicies()).singleElement().satisfies(p ->
        assertThat(p.conditions()).extracting(c -> c.name()).containsExactly(
            "api-requests-availability-page-1h", "api-requests-availability-page-6h"));
  }

  @Test
  void bothAlertsDisabledMeansNoAlertPolicy() {
    Slo slo = onlySlo("api.yaml", SPEC.replace("      ticket_alert:\n", "      page_alert: {disable: true}\n      ticket_alert:\n"));
    assertThat(slo.alertPolicies()).isEmpty();
  }

  @Test
  void theGeneratedSourcesAreOpenSloThatParsesAloneAndPointAtTheSlothDocument() {
    ParsedSpecs parsed = SpecParser.parse("api.yaml", "# header\n---\n" + SPEC);
    assertThat(parsed.documents()).extracting(ResourceDocument::kind)
        .containsExactly(ResourceKind.SERVICE, ResourceKind.SLO);
    for (ResourceDocument doc : parsed.documents()) {
      assertThat(doc.line()).isEqualTo(3);
      assertThat(doc.source()).startsWith("apiVersion: openslo/v1\n");
      ParsedSpecs again = SpecParser.parse("api.yaml", doc.source());
      assertThat(again.problems()).isEmpty();
      assertThat(again.documents()).singleElement().extracting(ResourceDocument::name).isEqualTo(doc.name());
    }
  }

  @Test
  void theKubernetesFormReadsCamelCaseKeysUnderSpec() {
    Slo slo = onlySlo("k8s.yaml", """
        apiVersion: sloth.slok.dev/v1
        kind: PrometheusServiceLevel
        metadata:
          name: api
        spec:
          service: api
          slos:
            - name: ratio
              objective: 99
              sli:
                raw:
                  errorRatioQuery: job:error_ratio:rate{{.window}}
        """);
    assertThat(slo.name().value()).isEqualTo("api-ratio");
    assertThat(slo.alertPolicies()).isEmpty();
  }

  @Test
  void pluginSlisAreRefusedWithTheLineOfThePlugin() {
    String events = "      events:\n"
        + "        error_query: sum(rate(errors[{{.window}}]))\n"
        + "        total_query: sum(rate(requests[{{.window}}]))\n";
    assertThat(SPEC).contains(events);
    ParsedSpecs parsed = SpecParser.parse("api.yaml", SPEC.replace(events, "      plugin:\n        id: sloth-common/availability\n"));
    assertThat(parsed.documents()).isEmpty();
    assertThat(parsed.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("slos[0].sli.plugin");
      assertThat(p.line()).isEqualTo(7);
      assertThat(p.message()).contains("plugins are not supported");
    });
  }
}

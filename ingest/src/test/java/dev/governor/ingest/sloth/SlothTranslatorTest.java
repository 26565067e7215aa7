package dev.governor.ingest.sloth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.governor.alert.MultiBurnRateRule;
import dev.governor.alert.Severity;
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
import java.util.List;
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

  static final String ALERTING = SPEC.replace("""
            ticket_alert:
              disable: true
      """, """
            labels: {category: availability}
            annotations: {summary: High error rate}
            page_alert:
              labels: {severity: pageteam}
            ticket_alert:
              labels: {severity: slack}
      """);

  /**
   * The translation used to write each Sloth alert window as a single-window burn-rate condition
   * with alertAfter 0: a second alert for every incident, beside the evaluator's built-in rules,
   * and a 1x/3d ticket that kept firing for days after the burn ended.
   */
  @Test
  void slothsPageAndTicketAlertsBecomeNoConditionsBecauseTheBuiltInRulesAreTheSameAlerts() {
    assertThat(ALERTING).contains("page_alert:", "ticket_alert:");
    ParsedSpecs parsed = SpecParser.parse("api.yaml", ALERTING);
    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.documents()).extracting(ResourceDocument::source)
        .noneSatisfy(source -> assertThat(source).containsAnyOf("AlertPolicy", "AlertCondition", "burnrate"));
    assertThat(onlySlo("api.yaml", ALERTING).alertPolicies()).isEmpty();
  }

  /** What the Prometheus export needs of the section is kept beside the SLO, unmerged, as Sloth wrote it. */
  @Test
  void theAlertingSectionIsKeptAsAnnotationsForThePrometheusExport() {
    Slo slo = onlySlo("api.yaml", ALERTING);
    assertThat(SlothAlerting.fromAnnotations(slo.annotations())).isEqualTo(new SlothAlerting.Found(new SlothAlerting(
        java.util.Optional.of("ApiErrors"), java.util.Map.of("category", "availability"),
        java.util.Map.of("summary", "High error rate"),
        new SlothAlerting.Alert(false, java.util.Map.of("severity", "pageteam"), java.util.Map.of()),
        new SlothAlerting.Alert(false, java.util.Map.of("severity", "slack"), java.util.Map.of()))));
    assertThat(slo.annotations()).containsEntry("governor.dev/prometheus-page-alert-label.severity", "pageteam");
    assertThat(SlothAlerting.fromAnnotations(onlySlo("api.yaml", SPEC).annotations()))
        .isEqualTo(new SlothAlerting.Found(new SlothAlerting(java.util.Optional.of("ApiErrors"), java.util.Map.of(),
            java.util.Map.of(), SlothAlerting.Alert.ENABLED, new SlothAlerting.Alert(true, java.util.Map.of(), java.util.Map.of()))));
  }

  /** What makes dropping Sloth's alerts safe: Governor's built-in rules for 30 days are Sloth's. */
  @Test
  void theBuiltInRulesForThirtyDaysAreSlothsPageAndTicketAlerts() {
    assertThat(MultiBurnRateRule.defaultsFor(Duration.ofDays(30))).extracting(MultiBurnRateRule::severity,
        r -> r.windows().stream().map(w -> w.factor() + "x " + w.longWindow() + "&" + w.shortWindow()).toList())
        .containsExactly(
            tuple(Severity.PAGE, List.of("14.4x PT1H&PT5M", "6.0x PT6H&PT30M")),
            tuple(Severity.TICKET, List.of("3.0x PT24H&PT2H", "1.0x PT72H&PT6H")));
  }

  @Test
  void aTypoInAlertingIsStillReportedThoughAlertingBecomesNothing() {
    ParsedSpecs parsed = SpecParser.parse("api.yaml", SPEC.replace("disable: true", "disabel: true"));
    assertThat(parsed.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("slos[0].alerting.ticket_alert.disabel");
      assertThat(p.line()).isEqualTo(13);
      assertThat(p.message()).contains("did you mean disable?");
    });
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
  @Test
  void sloPluginsAreRefusedAsPlugins_notAsUnknownFields() {
    String plain = SPEC.replace("slos:\n", "slo_plugins:\n  chain:\n    - id: sloth.dev/contrib/extra\nslos:\n");
    assertThat(SpecParser.parse("api.yaml", plain).problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("slo_plugins");
      assertThat(p.line()).isEqualTo(3);
      assertThat(p.message()).contains("plugins are not supported").doesNotContain("unknown field");
    });
    String perSlo = SPEC.replace("    alerting:\n", "    plugins:\n      chain: []\n    alerting:\n");
    assertThat(SpecParser.parse("api.yaml", perSlo).problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("slos[0].plugins");
      assertThat(p.message()).contains("plugins are not supported").doesNotContain("unknown field");
    });
    String kubernetes = """
        apiVersion: sloth.slok.dev/v1
        kind: PrometheusServiceLevel
        metadata:
          name: api
        spec:
          service: api
          sloPlugins:
            chain:
              - id: sloth.dev/contrib/extra
          slos:
            - name: ratio
              objective: 99
              sli:
                raw:
                  errorRatioQuery: job:error_ratio:rate{{.window}}
        """;
    assertThat(SpecParser.parse("k8s.yaml", kubernetes).problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("spec.sloPlugins");
      assertThat(p.line()).isEqualTo(7);
      assertThat(p.message()).contains("plugins are not supported").doesNotContain("unknown field");
    });
  }

  @Test
  void anAlertingSectionWithAnEnabledAlertNeedsAName_asSlothSays() {
    ParsedSpecs parsed = SpecParser.parse("api.yaml", SPEC.replace("      name: ApiErrors\n", ""));
    assertThat(parsed.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("slos[0].alerting.name");
      assertThat(p.message()).contains("name is required").contains("page_alert");
    });
  }

  @Test
  void alertLabelAndAnnotationNamesMustBePrometheusLabelNames() {
    String spec = SPEC.replace("      ticket_alert:\n", "      labels:\n        app.team: web\n      ticket_alert:\n");
    assertThat(SpecParser.parse("api.yaml", spec).problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("slos[0].alerting.labels.app.team");
      assertThat(p.line()).isEqualTo(13);
      assertThat(p.message()).contains("app_team");
    });
    String empty = SPEC.replace("      ticket_alert:\n", "      annotations:\n        runbook: \"\"\n      ticket_alert:\n");
    assertThat(SpecParser.parse("api.yaml", empty).problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("slos[0].alerting.annotations.runbook");
      assertThat(p.message()).contains("empty");
    });
  }
}

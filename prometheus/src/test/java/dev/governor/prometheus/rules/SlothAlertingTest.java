package dev.governor.prometheus.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.slo.Slo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Sloth spec's {@code alerting} section reaches the exported alerts with Sloth's meaning: one
 * name for both alerts, the section's labels and annotations under each alert's own, Sloth's
 * severity label and texts as defaults the spec can override, and a disabled alert left out.
 */
class SlothAlertingTest {

  private static final String SPEC = """
      version: "prometheus/v1"
      service: "api"
      slos:
        - name: "requests-availability"
          objective: 99.9
          sli:
            events:
              error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
              total_query: sum(rate(http_requests_total[{{.window}}]))
          alerting:
            name: ApiHighErrorRate
            labels:
              category: availability
              team: web
            annotations:
              runbook: https://runbooks.example.com/api-errors
            page_alert:
              labels:
                severity: critical
                team: web-oncall
              annotations:
                summary: The API fails too many requests.
            ticket_alert:
              labels:
                severity: warning
      """;

  private static Slo slo(String spec) {
    return Golden.catalog("api.yaml", spec).slos().get(0);
  }

  private static Export.Exported exported(String spec) {
    return (Export.Exported) Golden.GENERATOR.export(slo(spec));
  }

  private static List<Rule.Alerting> alerts(String spec) {
    return exported(spec).groups().stream().flatMap(g -> g.rules().stream())
        .filter(Rule.Alerting.class::isInstance).map(Rule.Alerting.class::cast).toList();
  }

  @Test
  void bothAlertsTakeTheNameOfTheAlertingSection() {
    assertThat(alerts(SPEC)).extracting(Rule.Alerting::alert).containsExactly("ApiHighErrorRate", "ApiHighErrorRate");
  }

  @Test
  void eachAlertHasTheSectionsLabelsUnderItsOwnAndSlothsSeverityLabel() {
    List<Rule.Alerting> alerts = alerts(SPEC);
    assertThat(alerts.get(0).labels()).isEqualTo(Map.of(
        "category", "availability", "team", "web-oncall", "severity", "critical", "sloth_severity", "page"));
    assertThat(alerts.get(1).labels()).isEqualTo(Map.of(
        "category", "availability", "team", "web", "severity", "warning", "sloth_severity", "ticket"));
  }

  @Test
  void annotationsAreSlothsTextsUnderTheSectionsAndTheAlertsOwn() {
    List<Rule.Alerting> alerts = alerts(SPEC);
    assertThat(alerts.get(0).annotations())
        .containsEntry("runbook", "https://runbooks.example.com/api-errors")
        .containsEntry("summary", "The API fails too many requests.")
        .containsEntry("title", "(page) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.");
    assertThat(alerts.get(1).annotations())
        .containsEntry("runbook", "https://runbooks.example.com/api-errors")
        .containsEntry("summary", "{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.")
        .containsEntry("title", "(ticket) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.");
  }

  @Test
  void theSpecMayOverrideSlothsSeverityLabel_asSlothLetsIt() {
    String spec = SPEC.replace("severity: critical", "sloth_severity: critical");
    assertThat(alerts(spec).get(0).labels()).containsEntry("sloth_severity", "critical");
  }

  @Test
  void aDisabledTicketAlertIsLeftOut() {
    String spec = SPEC.replace("    ticket_alert:\n", "    ticket_alert:\n        disable: true\n");
    assertThat(alerts(spec)).extracting(a -> a.labels().get("sloth_severity")).containsExactly("page");
  }

  @Test
  void aDisabledPageAlertIsLeftOut() {
    String spec = SPEC.replace("    page_alert:\n", "    page_alert:\n        disable: true\n");
    assertThat(alerts(spec)).extracting(a -> a.labels().get("sloth_severity")).containsExactly("ticket");
  }

  @Test
  void withBothAlertsDisabledTheAlertGroupIsLeftOut_andNoNameIsNeeded() {
    String spec = SPEC.substring(0, SPEC.indexOf("    alerting:\n"))
        + "    alerting:\n      page_alert:\n        disable: true\n      ticket_alert:\n        disable: true\n";
    assertThat(exported(spec).groups()).extracting(RuleGroup::name).containsExactly(
        "sloth-slo-sli-recordings-api-requests-availability", "sloth-slo-meta-recordings-api-requests-availability");
  }

  @Test
  void aLabelGovernorRewritesIsAWarningNamingIt() {
    String spec = SPEC.replace("service: \"api\"\n", "service: \"api\"\nlabels:\n  app.kubernetes.io/name: api\n  sloth_team: web\n");
    assertThat(exported(spec).warnings()).containsExactly(
        "SLO api-requests-availability: label 'app.kubernetes.io/name' is written as app_kubernetes_io_name,"
            + " since Prometheus label names hold only letters, digits and '_' (Sloth refuses the spec instead)",
        "SLO api-requests-availability: label 'sloth_team' is left out: sloth_* labels are the ids these rules"
            + " match on, and an SLO label must not hide them");
    assertThat(exported(SPEC).warnings()).isEmpty();
  }

  private static final String OPENSLO = """
      apiVersion: openslo/v1
      kind: SLO
      metadata:
        name: checkout-availability
        annotations:
          governor.dev/prometheus-alert-name: CheckoutErrors
          governor.dev/prometheus-page-alert-label.severity: critical
          governor.dev/prometheus-ticket-alert-disable: "true"
          owner.example.com/notes: not Governor's, left alone
      spec:
        service: checkout
        indicator:
          metadata:
            name: checkout-availability
          spec:
            ratioMetric:
              counter: true
              good:
                metricSource:
                  type: Prometheus
                  spec:
                    query: http_requests_total{code!~"5.."}
              total:
                metricSource:
                  type: Prometheus
                  spec:
                    query: http_requests_total
        timeWindow:
          - duration: 30d
            isRolling: true
        budgetingMethod: Occurrences
        objectives:
          - targetPercent: 99.9
      """;

  @Test
  void anOpenSloSloNamesItsAlertsWithTheSameAnnotationsASlothSpecBecomes() {
    List<Rule.Alerting> alerts = alerts(OPENSLO);
    assertThat(alerts).extracting(Rule.Alerting::alert).containsExactly("CheckoutErrors");
    assertThat(alerts.get(0).labels()).isEqualTo(Map.of("severity", "critical", "sloth_severity", "page"));
  }

  @Test
  void wrongAlertAnnotationsRefuseTheExport_sayingWhichAndHow() {
    String wrong = OPENSLO.replace("disable: \"true\"", "disable: \"yes\"")
        .replace("page-alert-label.severity", "page-alert-label.team.name")
        .replace("owner.example.com/notes", "governor.dev/prometheus-page-alert-labels.x");
    Export export = Golden.GENERATOR.export(slo(wrong));
    assertThat(export).isInstanceOfSatisfying(Export.Refused.class, r -> assertThat(r.reason())
        .startsWith("its alert settings are wrong: ")
        .contains("'governor.dev/prometheus-ticket-alert-disable' must be \"true\" or \"false\", got 'yes'")
        .contains("'team.name', which is not a Prometheus label name").contains("write it as team_name")
        .contains("unknown annotation 'governor.dev/prometheus-page-alert-labels.x'"));
  }
}

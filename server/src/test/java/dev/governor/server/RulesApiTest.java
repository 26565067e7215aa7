package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/v1/slos/{name}/rules: the rule file for a Prometheus SLI, a 422 saying why for any other. */
class RulesApiTest {

  private static final String PROMETHEUS_SLO = """
      version: prometheus/v1
      service: api
      labels:
        app.kubernetes.io/part-of: shop
      slos:
        - name: requests-availability
          objective: 99.9
          sli:
            events:
              error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
              total_query: sum(rate(http_requests_total[{{.window}}]))
          alerting:
            name: ApiHighErrorRate
            labels:
              team: web
            page_alert:
              labels:
                severity: critical
            ticket_alert:
              disable: true
      """;

  @TempDir Path dataDir;
  TestServer api;

  @BeforeEach
  void start() {
    api = new TestServer(dataDir);
    assertThat(api.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
    TestServer.Response applied = api.applyYaml(PROMETHEUS_SLO);
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aPrometheusSloGetsItsRulesAsYaml() {
    TestServer.Response response = api.get("/api/v1/slos/api-requests-availability/rules");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("text/yaml");
    assertThat(response.body())
        .contains("groups:\n")
        .contains("- name: sloth-slo-sli-recordings-api-requests-availability\n")
        .contains("record: slo:sli_error:ratio_rate30d\n")
        .contains("sloth_slo: requests-availability\n")
        .contains("expr: vector(0.001)\n")
        .contains(">= (14.4 * 0.001)");
  }

  @Test
  void anSloFedThroughGovernorIsRefusedWithTheReason() {
    TestServer.Response response = api.get("/api/v1/slos/checkout-availability/rules");

    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("type").asString()).isEqualTo("/problems/not-exportable");
    assertThat(response.json().get("detail").asString())
        .contains("checkout-availability")
        .contains("events API")
        .contains("Prometheus");
  }

  @Test
  void anUnknownSloIsNotFound() {
    TestServer.Response response = api.get("/api/v1/slos/no-such-slo/rules");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().get("type").asString()).isEqualTo("/problems/not-found");
  }

  /** The alerting section survives being applied, stored and read back: the route honours it as the CLI does. */
  @Test
  void theStoredSlothAlertingSectionNamesAndFiltersTheAlerts_andWarningsAreCommentsInTheFile() {
    TestServer.Response response = api.get("/api/v1/slos/api-requests-availability/rules");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.body().split("- alert: ", -1)).as("only the page alert").hasSize(2);
    assertThat(response.body())
        .contains("- alert: ApiHighErrorRate\n")
        .contains("      severity: critical\n      sloth_severity: page\n      team: web\n")
        .doesNotContain("sloth_severity: ticket")
        .contains("\n# warning: SLO api-requests-availability: label 'app.kubernetes.io/part-of' is written as"
            + " app_kubernetes_io_part_of");
  }
}

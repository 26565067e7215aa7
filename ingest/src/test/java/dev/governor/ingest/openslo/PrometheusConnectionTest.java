package dev.governor.ingest.openslo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.slo.SpecProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the reader checks of a Prometheus connection, which the PromQL puller then trusts. */
class PrometheusConnectionTest {

  static List<SpecProblem> problems(String yaml) {
    return SpecParser.parse("a.yaml", yaml).problems();
  }

  static String dataSource(String details) {
    return "apiVersion: openslo/v1\nkind: DataSource\nmetadata:\n  name: prom\nspec:\n  type: Prometheus\n"
        + "  connectionDetails:\n" + details;
  }

  @Test
  void aCompleteDataSource_hasNoProblems() {
    assertThat(problems(dataSource("    url: https://mimir.example/prometheus\n    username: governor\n"
        + "    password: pa55\n    tenant: team-a\n    timeout: 10s\n    delay: 1m\n"))).isEmpty();
  }

  @Test
  void timeoutAndDelay_readTheOneDurationGrammar() {
    assertThat(problems(dataSource("    url: https://mimir.example\n    timeout: 1m30s\n    delay: PT45S\n"))).isEmpty();
    assertThat(problems(dataSource("    url: https://mimir.example\n    delay: 30 s\n"))).singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith("delay must be a duration").contains("\"30 s\""));
  }

  @Test
  void aPrometheusDataSourceWithoutConnectionDetails_needsAUrl() {
    assertThat(problems("apiVersion: openslo/v1\nkind: DataSource\nmetadata:\n  name: prom\nspec:\n  type: Prometheus\n"))
        .singleElement().satisfies(p -> {
          assertThat(p.path()).isEqualTo("spec.connectionDetails");
          assertThat(p.message()).contains("url: http://prometheus:9090");
        });
    assertThat(problems(dataSource("    tenant: a\n"))).singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo("spec.connectionDetails.url"));
  }

  @Test
  void eachBadFieldIsReportedAtItsLine() {
    List<SpecProblem> problems = problems(dataSource(
        "    url: prometheus:9090\n    token: t\n    username: u\n    timeout: 30\n    tennant: a\n"));
    assertThat(problems).extracting(SpecProblem::path, SpecProblem::line).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("spec.connectionDetails.url", 8),
        org.assertj.core.groups.Tuple.tuple("spec.connectionDetails.token", 9),
        org.assertj.core.groups.Tuple.tuple("spec.connectionDetails.timeout", 11),
        org.assertj.core.groups.Tuple.tuple("spec.connectionDetails.tennant", 12));
    assertThat(problems).anySatisfy(p -> assertThat(p.message()).contains("did you mean tenant?"));
    assertThat(problems).anySatisfy(p -> assertThat(p.message()).contains("http or https URL"));
  }

  @Test
  void anInlineSource_mayOmitTheUrl_butWhatItGivesIsChecked() {
    String slo = """
        apiVersion: openslo/v1
        kind: SLI
        metadata: {name: web}
        spec:
          ratioMetric:
            counter: true
            good: {metricSource: {type: Prometheus, spec: {query: 'a{code="200"}'}}}
            total:
              metricSource:
                type: Prometheus
                spec: {query: a, url: 'ftp://x', password: p}
        """;
    assertThat(problems(slo)).extracting(SpecProblem::path).containsExactlyInAnyOrder(
        "spec.ratioMetric.total.metricSource.spec.url", "spec.ratioMetric.total.metricSource.spec.username");
  }

  @Test
  void secretsMayComeFromTheEnvironmentOrAFile_soTheyNeedNotBeStored() {
    assertThat(problems(dataSource("    url: https://p\n    username: governor\n    password: ${PROM_PASSWORD}\n")))
        .isEmpty();
    assertThat(problems(dataSource("    url: https://p\n    tokenFile: /var/run/secrets/prom/token\n"))).isEmpty();
    assertThat(problems(dataSource("    url: https://p\n    username: '${PROM_USER}'\n"
        + "    passwordFile: /run/secrets/pw\n"))).isEmpty();
  }

  @Test
  void secretIndirectionMistakes_areReportedAtTheirLine() {
    List<SpecProblem> problems = problems(dataSource("    url: https://p\n    token: t\n    tokenFile: /t\n"));
    assertThat(problems).extracting(SpecProblem::path, SpecProblem::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("spec.connectionDetails.tokenFile", 10));
    assertThat(problems(dataSource("    url: https://p\n    token: Bearer-${TOKEN}\n")))
        .extracting(SpecProblem::path, SpecProblem::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("spec.connectionDetails.token", 9));
    assertThat(problems(dataSource("    url: https://p\n    passwordFile: /pw\n")))
        .extracting(SpecProblem::path, SpecProblem::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("spec.connectionDetails.username", 9));
    assertThat(problems(dataSource("    url: https://p\n    tokenFile: /t\n    username: u\n")))
        .extracting(SpecProblem::path).containsExactly("spec.connectionDetails.tokenFile");
  }

  @Test
  void aUrlWithUserInfo_isRefused_withoutRepeatingThePassword() {
    assertThat(problems(dataSource("    url: http://governor:s3cret@prometheus:9090\n"))).singleElement()
        .satisfies(p -> {
          assertThat(p.path()).isEqualTo("spec.connectionDetails.url");
          assertThat(p.line()).isEqualTo(8);
          assertThat(p.message()).contains("must not hold a user or password").doesNotContain("s3cret");
        });
    assertThat(problems(dataSource("    url: ftp://governor:s3cret@prometheus:9090\n"))).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("http or https").doesNotContain("s3cret"));
  }
}

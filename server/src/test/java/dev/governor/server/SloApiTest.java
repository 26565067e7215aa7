package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class SloApiTest {

  @TempDir Path dataDir;
  TestServer api;

  @BeforeEach
  void start() {
    api = new TestServer(dataDir);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  /** An SLO Governor would pull but cannot: refused at apply, naming the query and the forms it takes. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
      sum(http_requests_total{job="api"})                            | covers a fixed range
      sum(irate(http_requests_total{job="api"}[{{.window}}]))          | uses irate()
      sum(increase(http_requests_total{job="api"}[{{.interval}}]))     | template action other than {{.window}}
      """)
  void anSloWhosePulledQueryGovernorRefuses_isA422NamingTheQuery_andNothingIsApplied(String query, String reason)
      throws Exception {
    String yaml = java.nio.file.Files.readString(Path.of("../examples/prometheus-pull.yaml"))
        .replace("sum(increase(http_requests_total{job=\"api\"}[{{.window}}]))", query);
    assertThat(yaml).contains(query);

    TestServer.Response r = api.applyYaml(yaml);

    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.body()).contains(reason).contains("api-requests").contains("the total query");
    assertThat(api.get("/api/v1/slos/api-availability").status()).isEqualTo(404);
    assertThat(api.get("/api/v1/sources").json().get("sources")).isEmpty();
  }

  @Test
  void applyingANewSlo_createsIt_andApplyingItAgain_changesNothing() {
    String yaml = TestServer.resource("checkout.yaml");

    TestServer.Response first = api.applyYaml(yaml);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.json().get("applied").toString())
        .isEqualTo("[{\"kind\":\"SLO\",\"name\":\"checkout-availability\",\"result\":\"created\"}]");

    TestServer.Response again = api.applyYaml(yaml);
    assertThat(again.json().get("applied").get(0).get("result").asString()).isEqualTo("unchanged");

    TestServer.Response changed = api.applyYaml(yaml.replace("target: 0.999", "target: 0.995"));
    assertThat(changed.json().get("applied").get(0).get("result").asString()).isEqualTo("updated");
    assertThat(api.get("/api/v1/slos/checkout-availability").json().at("/objectives/0/target").asString())
        .isEqualTo("0.995");
  }

  @Test
  void listedSlos_showWindowAsText_andTargetsAsExactDecimals() {
    api.applyYaml(TestServer.resource("checkout.yaml"));
    api.applyYaml(TestServer.resource("latency-calendar.yaml"));

    JsonNode slos = api.get("/api/v1/slos").json().get("slos");

    assertThat(slos).hasSize(2);
    JsonNode checkout = slos.get(0);
    assertThat(checkout.get("name").asString()).isEqualTo("checkout-availability");
    assertThat(checkout.get("displayName").asString()).isEqualTo("Checkout availability");
    assertThat(checkout.get("service").asString()).isEqualTo("checkout");
    assertThat(checkout.get("indicator").asString()).isEqualTo("checkout-requests");
    assertThat(checkout.get("window").asString()).isEqualTo("28d rolling");
    assertThat(checkout.get("budgetingMethod").asString()).isEqualTo("Occurrences");
    assertThat(checkout.at("/objectives/0/target").asString()).isEqualTo("0.999");
    assertThat(checkout.at("/labels/team").asString()).isEqualTo("payments");
    assertThat(checkout.has("source")).as("source only on GET of one SLO").isFalse();

    JsonNode latency = slos.get(1);
    assertThat(latency.get("window").asString()).isEqualTo("1 month calendar Europe/Berlin");
    assertThat(latency.at("/objectives/0/threshold").toString()).isEqualTo("{\"op\":\"lt\",\"value\":\"0.3\"}");
    assertThat(latency.at("/objectives/0/target").asString()).isEqualTo("0.95");
  }

  @Test
  void oneSlo_comesWithTheYamlItWasAppliedAs() {
    api.applyYaml(TestServer.resource("checkout.yaml"));

    TestServer.Response one = api.get("/api/v1/slos/checkout-availability");

    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().get("source").asString()).contains("name: checkout-availability", "target: 0.999");
  }

  /** Inline Prometheus credentials were once served back as they were applied, to every reader. */
  @Test
  void credentialsInTheSource_areMaskedInTheApi_andInThePage_keepingTheLines() {
    String yaml = """
        apiVersion: openslo/v1
        kind: SLO
        metadata: {name: pulled}
        spec:
          service: shop
          indicator:
            metadata: {name: pulled-requests}
            spec:
              ratioMetric:
                counter: true
                good: {metricSource: {type: Prometheus, spec: {query: 'a{code="200"}', url: 'http://127.0.0.1:9', token: t0ken-s3cret}}}
                total:
                  metricSource:
                    type: Prometheus
                    spec:
                      query: a
                      url: http://127.0.0.1:9
                      username: governor
                      password: "pa55-s3cret"
          timeWindow: [{duration: 1d, isRolling: true}]
          budgetingMethod: Occurrences
          objectives: [{targetPercent: 99}]
        """;
    assertThat(api.applyYaml(yaml).status()).isEqualTo(200);

    String source = api.get("/api/v1/slos/pulled").json().get("source").asString();
    assertThat(source).doesNotContain("s3cret").contains("token: '***'", "password: '***'", "query: a");
    assertThat(source.lines().count()).isEqualTo(yaml.lines().count());
    assertThat(api.get("/slos/pulled").body()).doesNotContain("s3cret").contains("***");
  }

  @Test
  void invalidDocuments_are422WithLineNumbers_andNothingIsStored() {
    api.applyYaml(TestServer.resource("checkout.yaml"));
    String broken = TestServer.resource("broken.yaml");

    TestServer.Response response = api.post("/api/v1/slos?file=broken.yaml", "application/yaml", broken);

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.contentType()).startsWith("application/problem+json");
    JsonNode problem = response.json();
    assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-document");
    assertThat(problem.get("status").asInt()).isEqualTo(422);
    assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/slos");
    JsonNode target = null;
    for (JsonNode p : problem.get("problems")) {
      assertThat(p.get("file").asString()).isEqualTo("broken.yaml");
      assertThat(p.get("document").asInt()).isEqualTo(1);
      if (p.get("path").asString().equals("spec.objectives[0].target")) target = p;
    }
    assertThat(target).as(problem.toString()).isNotNull();
    assertThat(target.get("line").asInt()).isEqualTo(lineOf(broken, "target: 1.5"));

    assertThat(api.get("/api/v1/slos").json().get("slos")).hasSize(1);
    assertThat(api.get("/api/v1/slos/broken-slo").status()).isEqualTo(404);
  }

  @Test
  void aReferenceToAMissingSli_is422_andNothingIsStored() {
    String dangling = TestServer.resource("broken.yaml").replace("target: 1.5", "target: 0.99");

    TestServer.Response response = api.applyYaml(dangling);

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().get("problems").toString()).contains("no-such-sli");
    assertThat(api.get("/api/v1/slos").json().get("slos")).isEmpty();
  }

  @Test
  void yamlSyntaxErrors_nameTheirLine() {
    TestServer.Response response = api.applyYaml("apiVersion: openslo/v1\nkind: SLO\nmetadata: [unclosed\n");

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().at("/problems/0/line").asInt()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void dryRun_answersAsIfApplied_butStoresNothing() {
    TestServer.Response response =
        api.post("/api/v1/slos?dryRun=true", "application/yaml", TestServer.resource("checkout.yaml"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("dryRun").asBoolean()).isTrue();
    assertThat(response.json().at("/applied/0/result").asString()).isEqualTo("created");
    assertThat(api.get("/api/v1/slos").json().get("slos")).isEmpty();
  }

  @Test
  void jsonBodies_oneDocumentOrAnArray_applyLikeYaml() {
    String object = """
        {
          "apiVersion": "openslo/v1",
          "kind": "SLO",
          "metadata": {"name": "json-slo"},
          "spec": {
            "service": "checkout",
            "indicator": {
              "metadata": {"name": "json-requests"},
              "spec": {"ratioMetric": {
                "good": {"metricSource": {"type": "Governor"}},
                "total": {"metricSource": {"type": "Governor"}}}}},
            "timeWindow": [{"duration": "7d", "isRolling": true}],
            "budgetingMethod": "Occurrences",
            "objectives": [{"name": "ok", "target": 0.99}]
          }
        }""";

    assertThat(api.post("/api/v1/slos", "application/json", object).status()).isEqualTo(200);

    String array = "[\n" + object.replace("json-slo", "json-slo-2").replace("json-requests", "json-requests-2")
        + ",\n\t" + object.replace("json-slo", "json-slo-3").replace("json-requests", "json-requests-3") + "\n]";
    TestServer.Response both = api.post("/api/v1/slos", "application/json", array);
    assertThat(both.status()).as(both.body()).isEqualTo(200);
    assertThat(both.json().get("applied")).hasSize(2);
    assertThat(api.get("/api/v1/slos").json().get("slos")).hasSize(3);
  }

  @Test
  void aJsonArrayWithAProblem_namesTheLineInTheBody() {
    String body = """
        [
          {"apiVersion": "openslo/v1", "kind": "Service", "metadata": {"name": "fine"}, "spec": {}},
          {"apiVersion": "openslo/v1",
           "kind": "Servic",
           "metadata": {"name": "typo"}}
        ]""";

    TestServer.Response response = api.post("/api/v1/slos", "application/json", body);

    assertThat(response.status()).isEqualTo(422);
    JsonNode kind = null;
    for (JsonNode p : response.json().get("problems")) {
      if (p.get("path").asString().equals("kind")) kind = p;
    }
    assertThat(kind).as(response.body()).isNotNull();
    assertThat(kind.get("document").asInt()).isEqualTo(2);
    assertThat(kind.get("line").asInt()).isEqualTo(4);
  }

  @Test
  void invalidJson_is422WithTheLine() {
    TestServer.Response response = api.post("/api/v1/slos", "application/json", "{\n  \"kind\": \"SLO\",\n  oops\n}");

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().at("/problems/0/line").asInt()).isEqualTo(3);
  }

  @Test
  void deleting_removesTheSlo_andASecondDeleteIs404() {
    api.applyYaml(TestServer.resource("checkout.yaml"));

    assertThat(api.delete("/api/v1/slos/checkout-availability").status()).isEqualTo(204);

    assertThat(api.get("/api/v1/slos").json().get("slos")).isEmpty();
    assertThat(api.get("/api/v1/slos/checkout-availability/status").status()).isEqualTo(404);
    TestServer.Response again = api.delete("/api/v1/slos/checkout-availability");
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.json().get("type").asString()).isEqualTo("/problems/not-found");
    // Re-applying after a delete creates it anew: nothing dangling was left in the store.
    assertThat(api.applyYaml(TestServer.resource("checkout.yaml")).json().at("/applied/0/result").asString())
        .isEqualTo("created");
  }

  @Test
  void appliedSlos_surviveARestart() {
    api.applyYaml(TestServer.resource("checkout.yaml"));
    api.close();

    api = new TestServer(dataDir);

    assertThat(api.get("/api/v1/slos/checkout-availability").status()).isEqualTo(200);
  }

  @Test
  void anUnsupportedContentType_is415AndListsTheAcceptedOnes() {
    TestServer.Response response = api.post("/api/v1/slos", "text/plain", TestServer.resource("checkout.yaml"));

    assertThat(response.status()).isEqualTo(415);
    assertThat(response.json().get("accepted").toString()).contains("application/yaml", "application/json");
  }

  @Test
  void aBadDryRunFlag_is400NamingTheParameter() {
    TestServer.Response response =
        api.post("/api/v1/slos?dryRun=yes", "application/yaml", TestServer.resource("checkout.yaml"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("parameter").asString()).isEqualTo("dryRun");
  }

  private static int lineOf(String text, String needle) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(needle)) return i + 1;
    }
    throw new IllegalArgumentException(needle);
  }
}

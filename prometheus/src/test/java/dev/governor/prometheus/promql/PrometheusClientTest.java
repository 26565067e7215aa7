package dev.governor.prometheus.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrometheusClientTest {

  static final Connection CONNECTION = new Connection("prom", URI.create("http://127.0.0.1:9/prometheus/"),
      Optional.empty(), Optional.empty(), Duration.ofSeconds(1), Duration.ZERO);

  @Test
  void seriesAreSummedPerStep_andNaNStepsAreAbsent() throws Exception {
    String body = """
        {"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{"pod":"a"},"values":[[1772445600,"1.5"],[1772445660,"NaN"]]},
          {"metric":{"pod":"b"},"values":[[1772445600.000,"2"],[1772445720,"4"]]}]}}""";
    assertThat(PrometheusClient.parse(200, body, CONNECTION)).isEqualTo(Map.of(
        Instant.ofEpochSecond(1772445600), 3.5, Instant.ofEpochSecond(1772445720), 4.0));
  }

  @Test
  void anErrorAnswer_saysWhatPrometheusSaid() {
    assertThatThrownBy(() -> PrometheusClient.parse(400,
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 5\"}", CONNECTION))
        .isInstanceOf(PrometheusClient.QueryFailed.class)
        .hasMessageContaining("HTTP 400").hasMessageContaining("bad_data: parse error at char 5");
    assertThatThrownBy(() -> PrometheusClient.parse(502, "<html>Bad gateway</html>", CONNECTION))
        .hasMessageContaining("not JSON").hasMessageContaining("Bad gateway");
    assertThatThrownBy(() -> PrometheusClient.parse(200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}", CONNECTION))
        .hasMessageContaining("not a matrix");
  }

  @Test
  void theEndpointKeepsAPathPrefix() {
    assertThat(CONNECTION.queryRange()).hasToString("http://127.0.0.1:9/prometheus/api/v1/query_range");
  }

  @Test
  void aConnectionNeverPrintsItsCredentials() throws Exception {
    Connection c = Connection.of("prom", Map.of("url", "http://p:9090", "token", "s3cret"));
    assertThat(c.authorization()).contains("Bearer s3cret");
    assertThat(c.toString()).doesNotContain("s3cret").contains("authenticated");
    assertThat(c.auth().orElseThrow().toString()).doesNotContain("s3cret");
  }

  @Test
  void aWarningInTheAnswer_failsTheQuery_soAPartialAnswerIsNeverStored() {
    assertThatThrownBy(() -> PrometheusClient.parse(200, """
        {"status":"success","warnings":["store gateway eu-1 unavailable"],
         "data":{"resultType":"matrix","result":[]}}""", CONNECTION))
        .isInstanceOf(PrometheusClient.QueryFailed.class)
        .hasMessageContaining("incomplete").hasMessageContaining("store gateway eu-1 unavailable");
  }

  @Test
  void secretsComeFromTheEnvironment_orFromAFileReadAtEachRequest(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    Connection fromEnv = Connection.of("prom", Map.of("url", "http://p:9090", "username", "gov",
        "password", "${PROM_PASSWORD}"), name -> name.equals("PROM_PASSWORD") ? "pa55" : null);
    assertThat(fromEnv.authorization()).contains("Basic " + java.util.Base64.getEncoder()
        .encodeToString("gov:pa55".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> Connection.of("prom", Map.of("url", "http://p:9090", "token", "${UNSET}"), name -> null))
        .hasMessageContaining("UNSET").hasMessageContaining("not set");

    java.nio.file.Path file = dir.resolve("token");
    java.nio.file.Files.writeString(file, "first\n");
    Connection fromFile = Connection.of("prom", Map.of("url", "http://p:9090", "tokenFile", file.toString()), n -> null);
    assertThat(fromFile.authorization()).contains("Bearer first");
    java.nio.file.Files.writeString(file, "rotated");
    assertThat(fromFile.authorization()).contains("Bearer rotated");
  }

  @Test
  void timeoutAndDelay_readTheOneGrammar_andARefusalNamesTheKey() {
    Connection c = Connection.of("prom", Map.of("url", "http://p:9090", "timeout", "1m30s", "delay", "PT45S"), n -> null);
    assertThat(c.timeout()).isEqualTo(java.time.Duration.ofSeconds(90));
    assertThat(c.delay()).isEqualTo(java.time.Duration.ofSeconds(45));
    assertThatThrownBy(() -> Connection.of("prom", Map.of("url", "http://p:9090", "delay", "30 s"), n -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("delay must be a duration").hasMessageContaining("\"30 s\"");
  }

  @Test
  void aUrlWithUserInfo_isRefused_withoutRepeatingThePassword() {
    assertThatThrownBy(() -> Connection.of("prom", Map.of("url", "http://gov:s3cret@p:9090")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user info").hasMessageNotContaining("s3cret");
  }
}

package dev.governor.ingest.openslo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class SecretRedactionTest {

  static Object yaml(String text) {
    return new Load(LoadSettings.builder().build()).loadFromString(text);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "token: s3cret",
      "token: s3cret # the CI token",
      "token: 's3cret'",
      "token: 'it''s s3cret'",
      "token: \"s3cret\"",
      "token: \"s\\\"3cret\"",
      "\"token\": \"s3cret\"",
      "password: s3cret",
      "username: s3cret",
      "token: |\n  s3cret\n  more s3cret",
      "token: >-\n  s3cret",
      "token:\n  s3cret",
      "token: s3cret\n  continued s3cret",
      "token: 's3cret\n  on two lines'",
  })
  void aBlockValue_becomesMasked_theYamlStaysValid_andTheLinesStay(String secret) {
    String source = "spec:\n  connectionDetails:\n    url: http://p:9090\n"
        + secret.replaceAll("(?m)^", "    ") + "\n    tenant: team-a\n";
    String redacted = SecretRedaction.redact(source);

    assertThat(redacted).doesNotContain("s3cret").contains("'***'");
    assertThat(redacted.lines().count()).isEqualTo(source.lines().count());
    @SuppressWarnings("unchecked")
    Map<String, Object> details = (Map<String, Object>) ((Map<String, Object>) yaml(redacted)).get("spec");
    assertThat(details.get("connectionDetails").toString()).contains("url=http://p:9090", "tenant=team-a", "=***");
  }

  @Test
  void flowStyleValues_areMaskedOneByOne() {
    String source = "total: {metricSource: {type: Prometheus, spec: {query: 'a{x=\"1\"}', url: 'http://p',"
        + " token: s3cret, tenant: t}}}\n"
        + "- {\"username\": \"us3r\", \"password\": \"pa,55}\", url: http://q}\n";
    String redacted = SecretRedaction.redact(source);

    assertThat(redacted).doesNotContain("s3cret").doesNotContain("us3r").doesNotContain("pa,55")
        .contains("query: 'a{x=\"1\"}'", "tenant: t", "url: http://q");
    assertThat(yaml(redacted.lines().toList().getFirst())).isNotNull();
  }

  @Test
  void environmentReferences_andOtherKeys_areKept() {
    String source = "password: ${PROM_PASSWORD}\ntokenFile: /run/token\nquery: token_total\n# token: example\n";
    assertThat(SecretRedaction.redact(source)).isEqualTo(source);
  }

  @Test
  void aSequenceEntryKey_isMasked() {
    assertThat(SecretRedaction.redact("- token: s3cret\n- - password: x")).isEqualTo("- token: '***'\n- - password: '***'");
    assertThat(List.of(SecretRedaction.redact("a: 1\r\ntoken: s3cret\r\n"))).singleElement()
        .satisfies(r -> assertThat(r).doesNotContain("s3cret"));
  }
}

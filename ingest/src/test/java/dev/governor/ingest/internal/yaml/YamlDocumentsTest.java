package dev.governor.ingest.internal.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class YamlDocumentsTest {

  @Test
  void aDocumentNestedThousandsDeep_isABadDocument_notAStackOverflow() {
    String deep = "a: " + "[".repeat(20_000) + "]".repeat(20_000);

    YamlDocuments.Split split = YamlDocuments.split("deep.yaml", deep);

    assertThat(split.documents()).isEmpty();
    assertThat(split.syntaxError()).hasValueSatisfying(p -> {
      assertThat(p.file()).isEqualTo("deep.yaml");
      assertThat(p.message()).contains("nests too deeply");
    });
  }
}

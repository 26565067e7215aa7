package dev.governor.ingest.internal.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class YamlDocumentsTest {

  @Test
  void aDocumentNestedThousandsDeep_isABadDocument_notAStackOverflow() {
    // Over many lines: one line this long would be refused for its length first.
    String deep = "a: " + "[\n".repeat(20_000) + "]\n".repeat(20_000);

    YamlDocuments.Split split = YamlDocuments.split("deep.yaml", deep);

    assertThat(split.documents()).isEmpty();
    assertThat(split.syntaxError()).hasValueSatisfying(p -> {
      assertThat(p.file()).isEqualTo("deep.yaml");
      assertThat(p.message()).contains("nests too deeply");
    });
  }

  @Test
  void aLineLongerThanTheLimit_isRefusedNamingItsLine_beforeAnyParsing() {
    String text = "apiVersion: openslo/v1\r\nkind: Service\nmetadata: {name: x}\n# "
        + "c".repeat(15 * 1024 * 1024) + "\nspec: {}\n";

    YamlDocuments.Split split = YamlDocuments.split("long.yaml", text);

    assertThat(split.documents()).isEmpty();
    assertThat(split.syntaxError()).hasValueSatisfying(p -> {
      assertThat(p.line()).isEqualTo(4);
      assertThat(p.message()).startsWith("line 4 is 15728642 characters long")
          .contains("at most " + YamlDocuments.MAX_LINE_CHARACTERS).hasSizeLessThan(300);
    });
  }

  @Test
  void aLineAtTheLimit_isRead() {
    String text = "apiVersion: openslo/v1\nkind: Service\nmetadata: {name: x}\n#"
        + "c".repeat(YamlDocuments.MAX_LINE_CHARACTERS - 1) + "\n";

    YamlDocuments.Split split = YamlDocuments.split("edge.yaml", text);

    assertThat(split.syntaxError()).isEmpty();
    assertThat(split.documents()).hasSize(1);
  }
}

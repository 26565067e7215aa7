package dev.governor.ingest.internal.yaml;

import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;

/** Writes generated documents as block-style YAML; a {@link Number} is written exactly as its text. */
public final class YamlWriter {

  /** A number to write as it is written here ("99.9"), never through a double. */
  public record Number(String text) {
    public Number {
      new java.math.BigDecimal(text); // fails early on anything that is not a number
    }
  }

  private static final DumpSettings SETTINGS = DumpSettings.builder()
      .setDefaultFlowStyle(FlowStyle.BLOCK)
      .setIndent(2)
      .setIndicatorIndent(2)
      .setIndentWithIndicator(true)
      .setWidth(200)
      // Generated documents are read by people: repeat shared values instead of writing &id001.
      .setDereferenceAliases(true)
      .build();

  private YamlWriter() {}

  public static String write(Map<String, Object> document) {
    return new Dump(SETTINGS, new Representer()).dumpToString(document);
  }

  private static final class Representer extends StandardRepresenter {
    Representer() {
      super(SETTINGS);
      representers.put(Number.class, data -> {
        String text = ((Number) data).text();
        return representScalar(text.matches("-?[0-9]+") ? Tag.INT : Tag.FLOAT, text);
      });
    }
  }
}

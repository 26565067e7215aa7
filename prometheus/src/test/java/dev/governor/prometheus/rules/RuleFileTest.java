package dev.governor.prometheus.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class RuleFileTest {

  @Test
  void everyValueReadsBackAsTheStringThatWasWritten() {
    Map<String, String> labels = new LinkedHashMap<>();
    List<String> awkward = List.of("99.9", "1", "-1", "1e3", "0x1F", "yes", "No", "on", "null", "~", "true",
        "#channel", "- dash", "a: b", "a #b", "ends:", "\"quoted\"", "'single'", "back\\slash", "tab\there",
        "two\nlines", " padded ", "", "*alias", "&anchor", "!tag", "%percent", "@at", "`tick", "{brace}",
        "[bracket]", "|pipe", ">fold", "?q", ",comma", "12:30", ".5", "plain-value_1.2/x", "ünïcode", ".inf");
    for (int i = 0; i < awkward.size(); i++) labels.put("l" + i, awkward.get(i));
    Rule rule = new Rule.Alerting("Alert", "sum(x)\n/\n(sum(y) > 0)\n", labels, Map.of("summary", "{{$labels.a}} is: bad"));
    String yaml = RuleFile.write(List.of(new RuleGroup("g", List.of(rule))));

    @SuppressWarnings("unchecked")
    Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
    @SuppressWarnings("unchecked")
    Map<String, Object> read = (Map<String, Object>) ((List<Map<String, List<Object>>>) doc.get("groups"))
        .get(0).get("rules").get(0);
    assertThat(read.get("alert")).isEqualTo("Alert");
    assertThat(read.get("expr")).isEqualTo("sum(x)\n/\n(sum(y) > 0)\n");
    assertThat(read.get("labels")).isEqualTo(new java.util.TreeMap<>(labels));
    assertThat(read.get("annotations")).isEqualTo(Map.of("summary", "{{$labels.a}} is: bad"));
  }

  @Test
  void anEmptyListOfGroupsIsAValidRuleFile() {
    assertThat(RuleFile.write(List.of())).endsWith("groups: []\n");
  }
}

package dev.governor.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ViewsTest {

  @Test
  void each_kind_of_alert_rule_is_named_for_what_it_watches() {
    assertThat(Views.ruleText("page")).isEqualTo("page (multi-burn-rate)");
    assertThat(Views.ruleText("condition:fast-burn")).isEqualTo("fast-burn");
    assertThat(Views.ruleText("nodata")).isEqualTo("nodata (no events)");
  }
}

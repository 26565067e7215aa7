package dev.governor.prometheus.rules;

import java.util.List;

/** A {@code groups:} entry of a Prometheus rule file; its rules run in order, one after the other. */
public record RuleGroup(String name, List<Rule> rules) {
  public RuleGroup {
    rules = List.copyOf(rules);
    if (rules.isEmpty()) throw new IllegalArgumentException("rule group " + name + " has no rules");
  }
}

package dev.governor.alert;

import dev.governor.basics.SloName;

/**
 * What an alert is about: one rule of one objective of one SLO. {@code rule} is "page" or "ticket"
 * for the built-in multi-burn-rate rules, "nodata" for the no-data rule, or "condition:" and the
 * name of an OpenSLO AlertCondition.
 */
public record AlertKey(SloName slo, String objective, String rule) {
  // equals and hashCode written out: every ingest looks its objectives' alerts up by key (see
  // SliName's).
  @Override
  public boolean equals(Object other) {
    return other instanceof AlertKey key && slo.equals(key.slo) && objective.equals(key.objective)
        && rule.equals(key.rule);
  }

  @Override
  public int hashCode() {
    return (31 * slo.hashCode() + objective.hashCode()) * 31 + rule.hashCode();
  }

  @Override
  public String toString() {
    return slo + "/" + objective + "/" + rule;
  }
}

package dev.governor.alert;

import dev.governor.basics.SloName;

/**
 * What an alert is about: one rule of one objective of one SLO. {@code rule} is "page" or "ticket"
 * for the built-in multi-burn-rate rules, or the name of an OpenSLO AlertCondition.
 */
public record AlertKey(SloName slo, String objective, String rule) {
  @Override
  public String toString() {
    return slo + "/" + objective + "/" + rule;
  }
}

package dev.governor.prometheus.rules;

import dev.governor.basics.SloName;
import java.util.List;

/** What {@link RulesGenerator} made of one SLO: its rule groups, or why it has none. */
public sealed interface Export permits Export.Exported, Export.Refused {

  SloName slo();

  /**
   * The SLO's recording and alerting rules, three groups per objective (two when both alerts are
   * disabled), and a warning for each field the rules render otherwise than Sloth would; each
   * warning starts with {@code SLO <name>:} and names the field.
   */
  record Exported(SloName slo, List<RuleGroup> groups, List<String> warnings) implements Export {
    public Exported {
      groups = List.copyOf(groups);
      warnings = List.copyOf(warnings);
    }
  }

  /** The SLO cannot be computed by Prometheus; {@code reason} says why and what would make it work. */
  record Refused(SloName slo, String reason) implements Export {
    @Override
    public String toString() {
      return "SLO " + slo + ": " + reason;
    }
  }
}

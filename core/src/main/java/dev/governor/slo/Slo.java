package dev.governor.slo;

import dev.governor.basics.SloName;
import dev.governor.alert.AlertPolicy;
import dev.governor.sli.SeriesKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service level objective, resolved: its indicator and alert policies are inline, not references.
 *
 * @param annotations OpenSLO's {@code metadata.annotations}, as plain text: Governor's evaluator
 *     ignores them, adapters read the keys they own (the Prometheus rules export reads its alert
 *     name, labels and annotations from {@code governor.dev/prometheus-*} keys)
 * @param groupBy labels whose every distinct value set in the data becomes an instance of this SLO,
 *     with its own budget, burn rates and alerts ({@link Groups}); empty for an SLO that does not group
 * @param instanceLimit the most instances a grouped SLO makes; 0 for the evaluator's default
 * @param instance for an instance of a grouped SLO, which one; empty for every applied SLO
 */
public record Slo(
    SloName name,
    String displayName,
    String description,
    ServiceName service,
    Sli indicator,
    SloWindow window,
    BudgetingMethod budgetingMethod,
    List<Objective> objectives,
    List<AlertPolicy> alertPolicies,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<String> groupBy,
    int instanceLimit,
    Optional<SloInstance> instance) {

  /** An SLO that does not group. */
  public Slo(SloName name, String displayName, String description, ServiceName service, Sli indicator,
      SloWindow window, BudgetingMethod budgetingMethod, List<Objective> objectives, List<AlertPolicy> alertPolicies,
      Map<String, String> labels, Map<String, String> annotations) {
    this(name, displayName, description, service, indicator, window, budgetingMethod, objectives, alertPolicies,
        labels, annotations, List.of(), 0, Optional.empty());
  }

  public Slo {
    objectives = List.copyOf(objectives);
    alertPolicies = List.copyOf(alertPolicies);
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    groupBy = List.copyOf(groupBy);
    if (groupBy.stream().distinct().count() != groupBy.size()) {
      throw new IllegalArgumentException("SLO " + name + " names a groupBy label twice: " + groupBy);
    }
    if (instanceLimit < 0) {
      throw new IllegalArgumentException("SLO " + name + " needs an instanceLimit of 0 (the default) or more, got " + instanceLimit);
    }
    if (instance.isPresent() && !groupBy.isEmpty()) {
      throw new IllegalArgumentException("an instance of a grouped SLO does not group again: " + name);
    }
    if (objectives.isEmpty()) {
      throw new IllegalArgumentException("SLO " + name + " needs at least one objective");
    }
    if (objectives.stream().map(Objective::name).distinct().count() != objectives.size()) {
      throw new IllegalArgumentException("SLO " + name + " has two objectives with the same name");
    }
    for (Objective o : objectives) {
      if (indicator.isThreshold() != o.threshold().isPresent()) {
        throw new IllegalArgumentException(indicator.isThreshold()
            ? "objective " + o.name() + " of SLO " + name + " needs op and value: its SLI is a threshold metric"
            : "objective " + o.name() + " of SLO " + name + " has op/value but its SLI is a ratio metric");
      }
      if (budgetingMethod == BudgetingMethod.TIMESLICES && o.timeSliceTarget().isEmpty()) {
        throw new IllegalArgumentException(
            "objective " + o.name() + " of SLO " + name + " needs timeSliceTarget: the SLO budgets by Timeslices");
      }
    }
  }

  /** Whether this SLO makes an instance per distinct value set of its {@link #groupBy} labels. */
  public boolean isGrouped() {
    return !groupBy.isEmpty();
  }

  /** The series of per-minute good/total counts that feeds {@code objective}. */
  public SeriesKey seriesOf(Objective objective) {
    return new SeriesKey(indicator.name(), objective.threshold());
  }
}

package dev.governor.slo;

import dev.governor.basics.SloName;
import dev.governor.alert.AlertPolicy;
import dev.governor.sli.SeriesKey;
import java.util.List;
import java.util.Map;

/**
 * A service level objective, resolved: its indicator and alert policies are inline, not references.
 *
 * @param annotations OpenSLO's {@code metadata.annotations}, as plain text: Governor's evaluator
 *     ignores them, adapters read the keys they own (the Prometheus rules export reads its alert
 *     name, labels and annotations from {@code governor.dev/prometheus-*} keys)
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
    Map<String, String> annotations) {

  public Slo {
    objectives = List.copyOf(objectives);
    alertPolicies = List.copyOf(alertPolicies);
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
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

  /** The series of per-minute good/total counts that feeds {@code objective}. */
  public SeriesKey seriesOf(Objective objective) {
    return new SeriesKey(indicator.name(), objective.threshold());
  }
}

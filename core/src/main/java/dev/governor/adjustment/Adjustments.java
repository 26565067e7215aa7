package dev.governor.adjustment;

import dev.governor.slo.Exclusions;
import dev.governor.slo.Slo;
import java.util.List;

/** Every applied budget adjustment, a snapshot: which minutes each SLO leaves out. */
public record Adjustments(List<BudgetAdjustment> all) implements Exclusions.BySlo {

  public static final Adjustments NONE = new Adjustments(List.of());

  public Adjustments {
    all = List.copyOf(all);
  }

  @Override
  public Exclusions apply(Slo slo) {
    if (all.isEmpty()) return Exclusions.NONE;
    return Exclusions.of(all.stream().filter(a -> a.appliesTo(slo)).toList());
  }

  /** The adjustments that apply to {@code slo}, in name order. */
  public List<BudgetAdjustment> of(Slo slo) {
    return all.stream().filter(a -> a.appliesTo(slo)).toList();
  }
}

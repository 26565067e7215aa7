package dev.governor.adjustment;

import java.util.List;
import java.util.Optional;

/** Durable store of applied BudgetAdjustment documents. */
public interface AdjustmentStore {

  /** Inserts or replaces (by name) every adjustment, all or nothing. */
  void apply(List<StoredAdjustment> adjustments);

  /** Deletes one adjustment; the one it was, when there was one. */
  Optional<StoredAdjustment> delete(String name);

  /** Every stored adjustment, ordered by name. */
  List<StoredAdjustment> all();
}

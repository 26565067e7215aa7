package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.adjustment.AdjustmentStore;
import dev.governor.adjustment.StoredAdjustment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link AdjustmentStore} must do: the applied BudgetAdjustment documents, by name, with who applied them. */
public abstract class AdjustmentStoreContract extends PortContract<AdjustmentStore> {

  @Test
  void adjustments_areAppliedByName_replacedWhenAppliedAgain_andDeletedOnce() {
    store.apply(List.of(new StoredAdjustment("maintenance", "kind: BudgetAdjustment # v1", minute(0), "alice"),
        new StoredAdjustment("outage", "kind: BudgetAdjustment\n# ünïcode", minute(0), "svc:ci")));
    store.apply(List.of(new StoredAdjustment("maintenance", "kind: BudgetAdjustment # v2", minute(1), "bob")));

    assertThat(store.all()).containsExactly(
        new StoredAdjustment("maintenance", "kind: BudgetAdjustment # v2", minute(1), "bob"),
        new StoredAdjustment("outage", "kind: BudgetAdjustment\n# ünïcode", minute(0), "svc:ci"));
    assertThat(store.delete("outage")).contains(
        new StoredAdjustment("outage", "kind: BudgetAdjustment\n# ünïcode", minute(0), "svc:ci"));
    assertThat(store.delete("outage")).isEmpty();
    assertThat(reopen().all()).extracting(StoredAdjustment::name).containsExactly("maintenance");
  }
}

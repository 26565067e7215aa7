package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.delivery.gate.PolicyStore;
import dev.governor.delivery.gate.StoredPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link PolicyStore} must do: the applied error-budget policies, by name. */
public abstract class PolicyStoreContract extends PortContract<PolicyStore> {

  @Test
  void policies_areAppliedByName_replacedWhenAppliedAgain_andDeleted() {
    store.apply(List.of(new StoredPolicy("b", "kind: b", minute(0)),
        new StoredPolicy("a", "kind: a\n# ünïcode", minute(0))));
    store.apply(List.of(new StoredPolicy("b", "kind: b2", minute(1))));

    assertThat(store.all()).containsExactly(
        new StoredPolicy("a", "kind: a\n# ünïcode", minute(0)),
        new StoredPolicy("b", "kind: b2", minute(1)));
    assertThat(store.delete("a")).isTrue();
    assertThat(store.delete("a")).isFalse();
    assertThat(reopen().all()).extracting(StoredPolicy::name).containsExactly("b");
  }
}
